package suggest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"math/rand"
	"sort"

	"github.com/margin-app/margin/model"
)

// Tagger is a sequence tagger for spans: an averaged perceptron over
// BIO tags with greedy left-to-right decoding.
//
// Why this model: it trains in seconds on a laptop in pure Go (one pass
// per epoch, updates only on mistakes), predicts a megabyte in well under
// a second (a few dozen hash lookups per token), and with word, shape,
// affix, context and previous-tag features it reaches the mid-80s F1 on
// CoNLL-2003 (BENCHMARKS.md); a first-order CRF gains a point or two at
// many times the training cost (L-BFGS over the whole corpus per
// iteration), and Viterbi over perceptron scores gains little once the
// previous two tags are features. Averaging the weights (Collins 2002)
// makes it robust to the order of the examples. Decoding is constrained to
// valid BIO: I-X only after B-X or I-X.
type Tagger struct {
	name      string
	Epochs    int        // training passes (default 10)
	Gazetteer *Gazetteer // optional gazetteer features
	Source    string     // stored with each suggestion (default "averaged perceptron tagger")

	labels []string
	tags   []string // "O", then B-l, I-l per label
	index  *featIndex
	w      []float32 // averaged weights, len(index) blocks of len(tags)
}

// NewTagger makes an untrained tagger whose suggestion layer is name.
func NewTagger(name string) *Tagger { return &Tagger{name: name} }

// Name is the suggestion layer.
func (t *Tagger) Name() string { return t.name }

// Labels the tagger learned.
func (t *Tagger) Labels() []string { return t.labels }

// taggedSentence is a training sentence: token infos, gold tags and the
// static features of every token.
type taggedSentence struct {
	toks  []tokenInfo
	gold  []int
	feats [][]uint64
}

// tagsOf builds the tag list for labels.
func tagsOf(labels []string) []string {
	tags := []string{"O"}
	for _, l := range labels {
		tags = append(tags, "B-"+l, "I-"+l)
	}
	return tags
}

// goldTags turns annotations into BIO tags over the sentence's tokens: a
// token belongs to a span it overlaps; where spans overlap the longer
// wins (one tag per token cannot hold both).
func goldTags(s sentence, anns []model.Annotation, labelIx map[string]int) []int {
	gold := make([]int, len(s.words))
	type sp struct{ start, end, label int }
	var spans []sp
	for _, a := range anns {
		li, ok := labelIx[a.Label]
		if !ok {
			continue
		}
		for _, f := range a.Fragments {
			if f.End > s.start[0] && f.Start < s.end[len(s.end)-1] {
				spans = append(spans, sp{f.Start, f.End, li})
			}
		}
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].end-spans[i].start > spans[j].end-spans[j].start })
	taken := make([]bool, len(s.words))
	for _, p := range spans {
		first := true
		var ks []int
		for k := range s.words {
			if s.end[k] > p.start && s.start[k] < p.end {
				if taken[k] {
					ks = nil
					break
				}
				ks = append(ks, k)
			}
		}
		for _, k := range ks {
			taken[k] = true
			if first {
				gold[k] = 1 + 2*p.label
				first = false
			} else {
				gold[k] = 2 + 2*p.label
			}
		}
	}
	return gold
}

// allowed says whether tag may follow prev under BIO.
func allowed(tag, prev int) bool {
	if tag == 0 || tag%2 == 1 {
		return true
	}
	return prev == tag || prev == tag-1
}

// trainer holds the perceptron's weights during training, with the sums
// for averaging kept lazily: a feature block's totals are brought up to
// date only when the block changes (stamp: the step it last did).
type trainer struct {
	nt    int
	index *featIndex
	w     []int32
	tot   []int64
	stamp []int64
	step  int64
}

func (tr *trainer) block(f uint64) int32 {
	b, ok := tr.index.get(f)
	if !ok {
		b = int32(len(tr.stamp))
		tr.index.put(f, b)
		tr.w = append(tr.w, make([]int32, tr.nt)...)
		tr.tot = append(tr.tot, make([]int64, tr.nt)...)
		tr.stamp = append(tr.stamp, tr.step)
	}
	return b
}

func (tr *trainer) flush(b int32) {
	off := int(b) * tr.nt
	d := tr.step - tr.stamp[b]
	if d != 0 {
		for k := 0; k < tr.nt; k++ {
			tr.tot[off+k] += d * int64(tr.w[off+k])
		}
	}
	tr.stamp[b] = tr.step
}

func (tr *trainer) update(feats []uint64, truth, guess int) {
	for _, f := range feats {
		b := tr.block(f)
		tr.flush(b)
		off := int(b) * tr.nt
		tr.w[off+truth]++
		tr.w[off+guess]--
	}
}

func (tr *trainer) scores(dst []float64, feats []uint64) {
	for k := range dst {
		dst[k] = 0
	}
	for _, f := range feats {
		if b, ok := tr.index.get(f); ok {
			off := int(b) * tr.nt
			for k := range dst {
				dst[k] += float64(tr.w[off+k])
			}
		}
	}
}

// best is the highest-scoring tag allowed after prev.
func best(scores []float64, prev int) int {
	bi, bs := 0, math.Inf(-1)
	for k, s := range scores {
		if s > bs && allowed(k, prev) {
			bi, bs = k, s
		}
	}
	return bi
}

// Train learns from the examples' annotations; the labels are those the
// examples use. It replaces anything learned before.
func (t *Tagger) Train(ctx context.Context, examples []Example, progress Progress) error {
	labelSet := map[string]bool{}
	for _, ex := range examples {
		for _, a := range ex.Annotations {
			labelSet[a.Label] = true
		}
	}
	if len(labelSet) == 0 {
		return fmt.Errorf("train %s: the chosen layers have no annotations to learn from", t.name)
	}
	t.labels = t.labels[:0]
	for l := range labelSet {
		t.labels = append(t.labels, l)
	}
	sort.Strings(t.labels)
	t.tags = tagsOf(t.labels)
	labelIx := map[string]int{}
	for i, l := range t.labels {
		labelIx[l] = i
	}
	var data []taggedSentence
	for _, ex := range examples {
		if err := ctx.Err(); err != nil {
			return err
		}
		sents := sentences(ex.Doc)
		cased := casedWords(sents)
		for _, s := range sents {
			ts := taggedSentence{toks: infos(s.words), gold: goldTags(s, ex.Annotations, labelIx)}
			gaz := t.Gazetteer.tags(s.words)
			ts.feats = make([][]uint64, len(s.words))
			for i := range s.words {
				ts.feats[i] = staticFeatures(nil, ts.toks, i, gaz, cased)
			}
			data = append(data, ts)
		}
	}
	epochs := t.Epochs
	if epochs <= 0 {
		epochs = 10
	}
	tr := &trainer{nt: len(t.tags), index: newFeatIndex(1 << 16)}
	rng := rand.New(rand.NewSource(1))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	scores := make([]float64, len(t.tags))
	var feats []uint64
	for e := 0; e < epochs; e++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for n, si := range order {
			if n%512 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress.report(e*len(data)+n, epochs*len(data))
			}
			s := &data[si]
			prev, prev2 := 0, 0
			for i := range s.toks {
				tr.step++
				feats = tagFeatures(append(feats[:0], s.feats[i]...), s.toks, i, t.tagName(prev), t.tagName(prev2))
				tr.scores(scores, feats)
				guess := best(scores, prev)
				if guess != s.gold[i] {
					tr.update(feats, s.gold[i], guess)
				}
				// Decode on from the guess, as prediction will: the model
				// learns to recover from its own mistakes.
				prev2, prev = prev, guess
			}
		}
	}
	progress.report(epochs*len(data), epochs*len(data))
	// Average: each weight's mean over every step.
	t.index = newFeatIndex(tr.index.len())
	t.w = make([]float32, 0, len(tr.w))
	tr.index.each(func(f uint64, b int32) {
		tr.flush(b)
		off := int(b) * tr.nt
		nb := int32(len(t.w) / tr.nt)
		zero := true
		avg := make([]float32, tr.nt)
		for k := 0; k < tr.nt; k++ {
			avg[k] = float32(float64(tr.tot[off+k]) / float64(tr.step))
			if avg[k] != 0 {
				zero = false
			}
		}
		if zero {
			return
		}
		t.index.put(f, nb)
		t.w = append(t.w, avg...)
	})
	return nil
}

func (t *Tagger) tagName(i int) string { return t.tags[i] }

// tagSentence decodes one sentence: the tags and each token's probability
// of its tag (a softmax over the tag scores).
func (t *Tagger) tagSentence(words []string, gaz []string, cased map[string]bool, feats []uint64, scores []float64) ([]int, []float64) {
	toks := infos(words)
	out := make([]int, len(words))
	conf := make([]float64, len(words))
	prev, prev2 := 0, 0
	nt := len(t.tags)
	for i := range words {
		feats = staticFeatures(feats[:0], toks, i, gaz, cased)
		feats = tagFeatures(feats, toks, i, t.tags[prev], t.tags[prev2])
		for k := range scores {
			scores[k] = 0
		}
		for _, f := range feats {
			if b, ok := t.index.get(f); ok {
				ws := t.w[int(b)*nt : int(b)*nt+nt]
				for k, w := range ws {
					scores[k] += float64(w)
				}
			}
		}
		g := best(scores, prev)
		out[i] = g
		conf[i] = softmaxOf(scores, g, prev)
		prev2, prev = prev, g
	}
	return out, conf
}

// softmaxOf is the softmax probability of tag g among the tags allowed
// after prev.
func softmaxOf(scores []float64, g, prev int) float64 {
	sum := 0.0
	for k, s := range scores {
		if allowed(k, prev) {
			sum += math.Exp(s - scores[g])
		}
	}
	return 1 / sum
}

// Predict proposes spans for a document. A span's score is the lowest
// probability among its tokens' tags: a softmax over the perceptron's
// scores, a ranking for accept-all-above and the active-learning queue
// rather than a calibrated probability.
func (t *Tagger) Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error) {
	if len(t.tags) == 0 {
		return nil, ErrNotTrained
	}
	sents := sentences(doc)
	cased := casedWords(sents)
	scores := make([]float64, len(t.tags))
	feats := make([]uint64, 0, 64)
	var out []model.Suggestion
	src := t.Source
	if src == "" {
		src = "averaged perceptron tagger"
	}
	for n, s := range sents {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		tags, conf := t.tagSentence(s.words, t.Gazetteer.tags(s.words), cased, feats, scores)
		for i := 0; i < len(tags); {
			if tags[i] == 0 {
				i++
				continue
			}
			label := (tags[i] - 1) / 2
			j := i + 1
			p := conf[i]
			for j < len(tags) && tags[j] == 2+2*label {
				p = math.Min(p, conf[j])
				j++
			}
			out = append(out, model.Suggestion{DocID: doc.ID, Recommender: t.name, Label: t.labels[label],
				Fragments: []model.Fragment{{Start: s.start[i], End: s.end[j-1]}}, Score: clamp01(p), Source: src})
			i = j
		}
	}
	return out, nil
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// taggerFile is the stored form of a trained tagger.
type taggerFile struct {
	Format    int
	Labels    []string
	Keys      []uint64
	Weights   []float32
	Gazetteer []GazetteerEntry
}

// Marshal is the trained model, gzip-compressed gob.
func (t *Tagger) Marshal() ([]byte, error) {
	if len(t.tags) == 0 {
		return nil, ErrNotTrained
	}
	f := taggerFile{Format: 1, Labels: t.labels, Keys: make([]uint64, 0, t.index.len()), Weights: make([]float32, 0, len(t.w))}
	nt := len(t.tags)
	t.index.each(func(k uint64, _ int32) { f.Keys = append(f.Keys, k) })
	sort.Slice(f.Keys, func(i, j int) bool { return f.Keys[i] < f.Keys[j] })
	for _, k := range f.Keys {
		b, _ := t.index.get(k)
		f.Weights = append(f.Weights, t.w[int(b)*nt:int(b)*nt+nt]...)
	}
	if t.Gazetteer != nil {
		f.Gazetteer = t.Gazetteer.Entries()
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gob.NewEncoder(zw).Encode(&f); err != nil {
		return nil, fmt.Errorf("save tagger %s: %w", t.name, err)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// LoadTagger reads a model Marshal wrote.
func LoadTagger(name string, data []byte) (*Tagger, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load tagger %s: %w", name, err)
	}
	var f taggerFile
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("load tagger %s: %w", name, err)
	}
	if f.Format != 1 {
		return nil, fmt.Errorf("load tagger %s: model format %d is not one this Margin reads", name, f.Format)
	}
	t := &Tagger{name: name, labels: f.Labels, tags: tagsOf(f.Labels), index: newFeatIndex(len(f.Keys)), w: f.Weights}
	if len(f.Weights) != len(f.Keys)*len(t.tags) {
		return nil, fmt.Errorf("load tagger %s: %d weights for %d features of %d tags", name, len(f.Weights), len(f.Keys), len(t.tags))
	}
	for i, k := range f.Keys {
		t.index.put(k, int32(i))
	}
	if len(f.Gazetteer) > 0 {
		t.Gazetteer = NewGazetteer(f.Gazetteer)
	}
	return t, nil
}
