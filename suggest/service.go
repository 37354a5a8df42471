package suggest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/margin-app/margin/model"
)

// Store is what training and running recommenders need of a project.
type Store interface {
	Schema(ctx context.Context) (*model.Schema, error)
	Documents(ctx context.Context) ([]model.DocumentSummary, error)
	Document(ctx context.Context, id int64) (*model.Document, error)
	Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error)
	DocLabels(ctx context.Context, docID int64) ([]model.DocLabel, error)
	Annotators(ctx context.Context) ([]string, error)
	model.SuggestionStore
}

// Kinds of trained recommenders.
const (
	KindTagger   = "tagger"
	KindStrings  = "strings"
	KindDocLabel = "doclabel"
)

// NewTrainable makes an untrained recommender of kind named name.
func NewTrainable(kind, name string) (Trainable, error) {
	switch kind {
	case KindTagger:
		return NewTagger(name), nil
	case KindStrings:
		return NewStringMatcher(name), nil
	case KindDocLabel:
		return NewDocClassifier(name), nil
	}
	return nil, &UnknownRecommenderError{Name: kind}
}

// TrainOptions say what to train on.
type TrainOptions struct {
	Kind      string   // tagger, strings or doclabel
	Name      string   // suggestion layer; default Kind
	From      []string // layers to learn from; default every annotator's
	Gazetteer *Gazetteer
	// HoldOut is the fraction of the documents (the last ones, by id) held
	// out for the evaluation; default 0.2. The stored model is then trained
	// again on every document.
	HoldOut  float64
	By       string
	Progress Progress
}

// TrainResult says what Train did.
type TrainResult struct {
	Name       string        `json:"recommender"`
	Kind       string        `json:"kind"`
	Version    int           `json:"version"`
	Documents  int           `json:"documents"`
	HeldOut    int           `json:"held_out"`
	From       []string      `json:"from"`
	Evaluation *Evaluation   `json:"evaluation"`
	TrainTime  time.Duration `json:"train_ns"`
	// Annotations is the spans and document labels learned from; a new
	// training is due when the layers have RetrainEvery more (NeedsRetrain).
	Annotations int `json:"annotations"`
}

func countAnnotations(ex []Example) int {
	n := 0
	for _, e := range ex {
		n += len(e.Annotations) + len(e.DocLabels)
	}
	return n
}

// LoadExamples reads the documents the chosen layers worked on (a span or
// a document label), in id order.
func LoadExamples(ctx context.Context, st Store, from []string) ([]Example, []string, error) {
	if len(from) == 0 {
		all, err := st.Annotators(ctx)
		if err != nil {
			return nil, nil, err
		}
		from = all
	}
	use := map[string]bool{}
	for _, f := range from {
		use[f] = true
	}
	docs, err := st.Documents(ctx)
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	var out []Example
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		var ex Example
		for _, who := range from {
			anns, err := st.Annotations(ctx, d.ID, who)
			if err != nil {
				return nil, nil, err
			}
			ex.Annotations = append(ex.Annotations, anns...)
		}
		labels, err := st.DocLabels(ctx, d.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range labels {
			if use[l.Annotator] {
				ex.DocLabels = append(ex.DocLabels, l)
			}
		}
		if len(ex.Annotations) == 0 && len(ex.DocLabels) == 0 {
			continue
		}
		if ex.Doc, err = st.Document(ctx, d.ID); err != nil {
			return nil, nil, err
		}
		out = append(out, ex)
	}
	return out, from, nil
}

// minHeldOut is the fewest documents worth evaluating on.
const minHeldOut = 1

// split holds out the last fraction of the examples.
func split(ex []Example, frac float64) (train, test []Example) {
	if frac <= 0 {
		frac = 0.2
	}
	n := int(float64(len(ex)) * frac)
	if n < minHeldOut || len(ex)-n < 1 {
		return ex, nil
	}
	return ex[:len(ex)-n], ex[len(ex)-n:]
}

// Train trains a recommender on the chosen layers, evaluates it on the
// held-out documents, trains it again on all of them and stores that
// model, with the evaluation, as the recommender's next version.
func Train(ctx context.Context, st Store, opts TrainOptions) (*TrainResult, error) {
	name := opts.Name
	if name == "" {
		name = opts.Kind
	}
	examples, from, err := LoadExamples(ctx, st, opts.From)
	if err != nil {
		return nil, err
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("train %s: the layers %s have no annotations", name, strings.Join(from, ", "))
	}
	res := &TrainResult{Name: name, Kind: opts.Kind, Documents: len(examples), From: from}
	start := time.Now()
	train, test := split(examples, opts.HoldOut)
	res.HeldOut = len(test)
	sc, err := st.Schema(ctx)
	if err != nil {
		return nil, err
	}
	build := func() (Trainable, error) {
		rec, err := NewTrainable(opts.Kind, name)
		if err != nil {
			return nil, err
		}
		switch r := rec.(type) {
		case *Tagger:
			r.Gazetteer = opts.Gazetteer
		case *StringMatcher:
			r.Gazetteer, r.Patterns = opts.Gazetteer, PatternsOf(sc)
		}
		return rec, nil
	}
	// Progress: the held-out model is the first half of the work.
	half := func(base int) Progress {
		return func(done, total int) {
			if total > 0 {
				opts.Progress.report(base+50*done/total, 100)
			}
		}
	}
	rec, err := build()
	if err != nil {
		return nil, err
	}
	if len(test) > 0 {
		if err := rec.Train(ctx, train, half(0)); err != nil {
			return nil, err
		}
		if res.Evaluation, err = Evaluate(ctx, rec, test); err != nil {
			return nil, err
		}
		if rec, err = build(); err != nil {
			return nil, err
		}
	}
	if err := rec.Train(ctx, examples, half(50)); err != nil {
		return nil, err
	}
	res.TrainTime = time.Since(start)
	data, err := rec.Marshal()
	if err != nil {
		return nil, err
	}
	evalJSON := []byte("{}")
	if res.Evaluation != nil {
		if evalJSON, err = json.Marshal(res.Evaluation); err != nil {
			return nil, err
		}
	}
	res.Annotations = countAnnotations(examples)
	m := &model.RecommenderModel{Recommender: name, Kind: opts.Kind, Data: data, Evaluation: evalJSON, TrainedOn: strings.Join(from, ","), Annotations: res.Annotations, CreatedBy: opts.By}
	if err := st.SaveModel(ctx, m); err != nil {
		return nil, err
	}
	res.Version = m.Version
	return res, nil
}

// Load makes the recommender named name from its newest stored model; a
// string matcher takes the schema's current patterns.
func Load(ctx context.Context, st Store, name string) (Recommender, *model.RecommenderModel, error) {
	m, err := st.LatestModel(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	var rec Recommender
	switch m.Kind {
	case KindTagger:
		rec, err = LoadTagger(name, m.Data)
	case KindStrings:
		var sm *StringMatcher
		if sm, err = LoadStringMatcher(name, m.Data); err == nil {
			sc, serr := st.Schema(ctx)
			if serr != nil {
				return nil, nil, serr
			}
			sm.Patterns = PatternsOf(sc)
			rec = sm
		}
	case KindDocLabel:
		rec, err = LoadDocClassifier(name, m.Data)
	default:
		return nil, nil, &UnknownRecommenderError{Name: m.Kind}
	}
	if err != nil {
		return nil, nil, err
	}
	return rec, m, nil
}

// StoredEvaluation is the held-out evaluation kept with a model (nil if
// there was none).
func StoredEvaluation(m *model.RecommenderModel) (*Evaluation, error) {
	if len(m.Evaluation) == 0 || string(m.Evaluation) == "{}" {
		return nil, nil
	}
	var ev Evaluation
	if err := json.Unmarshal(m.Evaluation, &ev); err != nil {
		return nil, fmt.Errorf("evaluation of %s v%d: %w", m.Recommender, m.Version, err)
	}
	return &ev, nil
}

// ErrDisabled is returned when running a recommender the user switched off.
var ErrDisabled = errors.New("recommender is switched off")

// BelowThresholdError says a recommender's held-out F1 is below the
// user's threshold, so it does not suggest.
type BelowThresholdError struct {
	Name      string
	F1        float64
	Threshold float64
}

func (e *BelowThresholdError) Error() string {
	return fmt.Sprintf("recommender %s: held-out F1 %.3f is below the threshold %.3f set for it; it does not suggest (retrain, or lower the threshold)", e.Name, e.F1, e.Threshold)
}

// Gate checks the user's settings for name against its evaluation (nil:
// none known, which passes only without a threshold).
func Gate(ctx context.Context, st Store, name string, ev *Evaluation) error {
	set, err := st.RecommenderSettings(ctx, name)
	if err != nil {
		return err
	}
	if !set.Enabled {
		return fmt.Errorf("%s: %w", name, ErrDisabled)
	}
	if set.Threshold > 0 {
		f1 := 0.0
		if ev != nil {
			f1 = ev.Overall.F1
		}
		if f1 < set.Threshold {
			return &BelowThresholdError{Name: name, F1: f1, Threshold: set.Threshold}
		}
	}
	return nil
}

// RunOptions say which documents to suggest for.
type RunOptions struct {
	Docs []int64 // default every document
	// For is the layer the suggestions are for (the user's, or gold): a
	// proposal with the span and label of one of its annotations, or the
	// value of one of its document labels, is not stored (the store drops
	// it), so a recommender trained on the layer does not propose it back.
	// Required.
	For      string
	Version  int
	Progress Progress
}

// RunResult says what Run stored.
type RunResult struct {
	Recommender string `json:"recommender"`
	Documents   int    `json:"documents"`
	Suggestions int    `json:"suggestions"`
}

// ErrNoLayer is returned by Run without RunOptions.For: without it the
// store cannot leave out what the layer already has.
var ErrNoLayer = errors.New("suggestions need the layer they are for (the annotator, or gold)")

// Run predicts with rec over the documents and stores the suggestions,
// one transaction per document (a cancelled run keeps the documents
// done).
func Run(ctx context.Context, st Store, rec Recommender, opts RunOptions) (*RunResult, error) {
	if opts.For == "" {
		return nil, fmt.Errorf("run %s: %w", rec.Name(), ErrNoLayer)
	}
	ids := opts.Docs
	if len(ids) == 0 {
		docs, err := st.Documents(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	res := &RunResult{Recommender: rec.Name()}
	for n, id := range ids {
		opts.Progress.report(n, len(ids))
		doc, err := st.Document(ctx, id)
		if err != nil {
			return res, err
		}
		items, err := rec.Predict(ctx, doc)
		if err != nil {
			return res, err
		}
		stored, err := st.AddSuggestions(ctx, model.SuggestionBatch{DocID: id, Recommender: rec.Name(), Version: opts.Version, For: opts.For, Items: items})
		if err != nil {
			return res, fmt.Errorf("document %d: %w", id, err)
		}
		res.Documents++
		res.Suggestions += stored
	}
	opts.Progress.report(len(ids), len(ids))
	return res, nil
}

// EvaluateHeldOut measures rec (an external or LLM recommender, or a
// loaded model) on the held-out part of the chosen layers: the last
// documents, as Train holds them out.
func EvaluateHeldOut(ctx context.Context, st Store, rec Recommender, from []string, holdOut float64) (*Evaluation, error) {
	examples, _, err := LoadExamples(ctx, st, from)
	if err != nil {
		return nil, err
	}
	_, test := split(examples, holdOut)
	if len(test) == 0 {
		test = examples
	}
	return Evaluate(ctx, rec, test)
}

// EvaluateFresh trains a new recommender of kind on all but the held-out
// documents of the chosen layers and measures it on those: the
// on-request evaluation of a trained recommender (the stored model has
// seen every document, so it cannot be measured on them).
func EvaluateFresh(ctx context.Context, st Store, kind, name string, from []string, gaz *Gazetteer, holdOut float64) (*Evaluation, error) {
	examples, from, err := LoadExamples(ctx, st, from)
	if err != nil {
		return nil, err
	}
	train, test := split(examples, holdOut)
	if len(test) == 0 {
		return nil, fmt.Errorf("evaluate %s: the layers %s have too few documents (%d) to hold any out", name, strings.Join(from, ", "), len(examples))
	}
	rec, err := NewTrainable(kind, name)
	if err != nil {
		return nil, err
	}
	switch r := rec.(type) {
	case *Tagger:
		r.Gazetteer = gaz
	case *StringMatcher:
		sc, err := st.Schema(ctx)
		if err != nil {
			return nil, err
		}
		r.Gazetteer, r.Patterns = gaz, PatternsOf(sc)
	}
	if err := rec.Train(ctx, train, nil); err != nil {
		return nil, err
	}
	return Evaluate(ctx, rec, test)
}

// NeedsRetrain says whether the layers the recommender's newest model
// learned from have at least every more spans and document labels than it
// learned from (or fewer: deletions count too), so that the window can
// retrain in the background after every N new annotations. A recommender
// never trained needs it.
func NeedsRetrain(ctx context.Context, st Store, name string, every int) (bool, error) {
	m, err := st.LatestModel(ctx, name)
	if errors.Is(err, model.ErrNoModel) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	var from []string
	if m.TrainedOn != "" {
		from = strings.Split(m.TrainedOn, ",")
	}
	ex, _, err := LoadExamples(ctx, st, from)
	if err != nil {
		return false, err
	}
	d := countAnnotations(ex) - m.Annotations
	if d < 0 {
		d = -d
	}
	return d >= max(every, 1), nil
}

// Queue is the active-learning queue: pending suggestions across
// documents (of one recommender, or all when rec is ""), the most
// uncertain first (score closest to 0.5), at most n (0: all). The window
// serves them one at a time; accept, reject and LogDecision(skipped)
// record what the person did.
func Queue(ctx context.Context, st Store, rec string, n int) ([]model.Suggestion, error) {
	list, err := st.Suggestions(ctx, model.SuggestionQuery{Recommender: rec})
	if err != nil {
		return nil, err
	}
	uncertainty := func(s model.Suggestion) float64 {
		d := s.Score - 0.5
		if d < 0 {
			d = -d
		}
		return d
	}
	sort.SliceStable(list, func(i, j int) bool { return uncertainty(list[i]) < uncertainty(list[j]) })
	if n > 0 && len(list) > n {
		list = list[:n]
	}
	return list, nil
}
