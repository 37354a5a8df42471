// Package suggest holds Margin's recommenders: models that learn from the
// project's layers and propose spans and document labels into a
// suggestion layer (model.Suggestion), kept apart from annotations. It is
// pure Go with no UI: training and prediction take a context (cancel) and
// a progress callback, so the window runs them off its UI goroutine and
// the command line runs them as they are.
//
// Recommenders:
//   - strings (StringMatcher): the (text, label) pairs the chosen layers
//     have, proposed again wherever the same text occurs on token
//     boundaries; a gazetteer (TSV phrase, label); the schema's regular
//     expressions (label "patterns").
//   - tagger (Tagger): an averaged perceptron sequence tagger with greedy
//     left-to-right decoding over word, shape, affix, context, previous-tag
//     and gazetteer features (see tagger.go for why).
//   - doclabel (DocClassifier): an averaged perceptron over a bag of words
//     per document-label set.
//   - external (External): a server speaking INCEpTION's external
//     recommender protocol (/train, /predict with CAS XMI).
//   - llm (LLM): an OpenAI-compatible /v1/chat/completions endpoint.
//
// Imported predictions (Label Studio "predictions", or any import with
// --as-suggestions) are stored by dataset as a suggestion layer directly.
//
// For the window (and the command line, which uses the same calls): Train
// trains a kind on chosen layers, evaluates it on held-out documents and
// stores the model; NeedsRetrain says when N new annotations call for
// training again; Load makes the recommender of a stored model; Gate
// applies the user's on/off and F1 threshold; Run stores suggestions for
// documents; Queue orders pending suggestions for active learning (most
// uncertain first). Showing, accepting (one undo step), rejecting,
// skipping and the decision log are model.SuggestionStore methods,
// implemented by storage.DB. Nothing here touches a UI goroutine: call
// these from a worker and hand results to the UI with fyne.Do.
package suggest

import (
	"context"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// Progress reports work done out of total (total 0: unknown).
type Progress func(done, total int)

func (p Progress) report(done, total int) {
	if p != nil {
		p(done, total)
	}
}

// Example is a document with the layer a recommender learns from: the
// annotations and document labels of the chosen annotators.
type Example struct {
	Doc         *model.Document
	Annotations []model.Annotation
	DocLabels   []model.DocLabel
}

// Recommender proposes suggestions for a document.
type Recommender interface {
	// Name is the suggestion layer's name (the recommender column).
	Name() string
	Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error)
}

// Trainable is a recommender that learns from examples.
type Trainable interface {
	Recommender
	Train(ctx context.Context, examples []Example, progress Progress) error
	// Marshal is the trained model as stored in the project.
	Marshal() ([]byte, error)
}

// ErrNotTrained is returned by Predict on a model that has not learned
// anything yet.
var ErrNotTrained = errors.New("recommender is not trained")

// UnknownRecommenderError names a recommender kind Margin does not have.
type UnknownRecommenderError struct{ Name string }

func (e *UnknownRecommenderError) Error() string {
	return fmt.Sprintf("unknown recommender %q (want tagger, strings, doclabel, external or llm)", e.Name)
}
