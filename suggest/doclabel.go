package suggest

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"

	"github.com/margin-app/margin/model"
)

// DocClassifier proposes document labels: for each document-label set the
// examples use, an averaged perceptron over the document's bag of words
// (lower-cased tokens and bigrams, each counted once). Same learner as the
// tagger, for the same reasons: seconds to train, no dependencies.
type DocClassifier struct {
	name   string
	Epochs int // default 10

	sets map[string]*setModel
}

type setModel struct {
	Values  []string
	Weights map[uint64][]float32
}

// NewDocClassifier makes an untrained classifier whose layer is name.
func NewDocClassifier(name string) *DocClassifier {
	return &DocClassifier{name: name, sets: map[string]*setModel{}}
}

// Name is the suggestion layer.
func (c *DocClassifier) Name() string { return c.name }

// bagOfWords is a document's distinct word and bigram features.
func bagOfWords(d *model.Document) []uint64 {
	seen := map[uint64]bool{}
	var out []uint64
	add := func(h uint64) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	add(hashStr(fBias, ""))
	for _, s := range sentences(d) {
		prev := "<s>"
		for _, w := range s.words {
			l := strings.ToLower(w)
			add(hashStr(fLower, l))
			add(hash2(fPrevCur, prev, l))
			prev = l
		}
	}
	return out
}

// Train learns every set the examples' document labels use.
func (c *DocClassifier) Train(ctx context.Context, examples []Example, progress Progress) error {
	type item struct {
		feats []uint64
		gold  map[string][]string // set -> values
	}
	values := map[string]map[string]bool{}
	var items []item
	for n, ex := range examples {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress.report(n, 2*len(examples))
		if len(ex.DocLabels) == 0 {
			continue
		}
		it := item{feats: bagOfWords(ex.Doc), gold: map[string][]string{}}
		for _, l := range ex.DocLabels {
			if values[l.Set] == nil {
				values[l.Set] = map[string]bool{}
			}
			values[l.Set][l.Value] = true
			it.gold[l.Set] = append(it.gold[l.Set], l.Value)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return fmt.Errorf("train %s: the chosen layers have no document labels to learn from", c.name)
	}
	epochs := c.Epochs
	if epochs <= 0 {
		epochs = 10
	}
	c.sets = map[string]*setModel{}
	for set, vs := range values {
		sm := &setModel{Weights: map[uint64][]float32{}}
		for v := range vs {
			sm.Values = append(sm.Values, v)
		}
		sort.Strings(sm.Values)
		vix := map[string]int{}
		for i, v := range sm.Values {
			vix[v] = i
		}
		nv := len(sm.Values)
		w := map[uint64][]float64{}
		tot := map[uint64][]float64{}
		stamp := map[uint64]int{}
		step := 0
		rng := rand.New(rand.NewSource(1))
		order := rng.Perm(len(items))
		for e := 0; e < epochs; e++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, k := range order {
				it := items[k]
				golds := it.gold[set]
				if len(golds) == 0 {
					continue
				}
				step++
				scores := make([]float64, nv)
				for _, f := range it.feats {
					for v, x := range w[f] {
						scores[v] += x
					}
				}
				guess := argmax(scores)
				truth := vix[golds[0]]
				for _, g := range golds {
					if vix[g] == guess {
						truth = guess
					}
				}
				if guess == truth {
					continue
				}
				for _, f := range it.feats {
					if w[f] == nil {
						w[f], tot[f], stamp[f] = make([]float64, nv), make([]float64, nv), step
					}
					for v := range w[f] {
						tot[f][v] += float64(step-stamp[f]) * w[f][v]
					}
					stamp[f] = step
					w[f][truth]++
					w[f][guess]--
				}
			}
		}
		for f, ws := range w {
			avg := make([]float32, nv)
			for v := range ws {
				avg[v] = float32((tot[f][v] + float64(step-stamp[f])*ws[v]) / float64(max(step, 1)))
			}
			sm.Weights[f] = avg
		}
		c.sets[set] = sm
	}
	progress.report(2*len(examples), 2*len(examples))
	return nil
}

func argmax(xs []float64) int {
	b := 0
	for i, x := range xs {
		if x > xs[b] {
			b = i
		}
	}
	return b
}

// Predict proposes, for every learned set, the best value with its
// softmax probability (over scores scaled by the square root of the
// document's feature count, so long documents are not overconfident).
func (c *DocClassifier) Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error) {
	if len(c.sets) == 0 {
		return nil, ErrNotTrained
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	feats := bagOfWords(doc)
	scale := 1 / math.Sqrt(float64(len(feats)))
	names := make([]string, 0, len(c.sets))
	for s := range c.sets {
		names = append(names, s)
	}
	sort.Strings(names)
	var out []model.Suggestion
	for _, set := range names {
		sm := c.sets[set]
		scores := make([]float64, len(sm.Values))
		for _, f := range feats {
			for v, x := range sm.Weights[f] {
				scores[v] += float64(x) * scale
			}
		}
		g := argmax(scores)
		sum := 0.0
		for _, s := range scores {
			sum += math.Exp(s - scores[g])
		}
		out = append(out, model.Suggestion{DocID: doc.ID, Recommender: c.name, Set: set, Label: sm.Values[g], Score: clamp01(1 / sum), Source: "averaged perceptron document classifier"})
	}
	return out, nil
}

// Marshal is the trained model as gob.
func (c *DocClassifier) Marshal() ([]byte, error) {
	if len(c.sets) == 0 {
		return nil, ErrNotTrained
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c.sets); err != nil {
		return nil, fmt.Errorf("save %s: %w", c.name, err)
	}
	return buf.Bytes(), nil
}

// LoadDocClassifier reads what Marshal wrote.
func LoadDocClassifier(name string, data []byte) (*DocClassifier, error) {
	c := NewDocClassifier(name)
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c.sets); err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	return c, nil
}
