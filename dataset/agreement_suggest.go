package dataset

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/margin-app/margin/model"
)

// A recommender's suggestion layer takes part in agreement as a
// pseudo-annotator named NAME@suggest (e.g. `margin agreement
// --annotators tagger@suggest,gold`): every suggestion it made in a
// document, whatever was decided on it, is that annotator's span or
// document label. So a recommender is measured against a person or gold
// with the same figures colleagues are.

// SuggestSuffix marks an annotator name as a recommender's layer.
const SuggestSuffix = "@suggest"

// SuggestionLister is what scoring a suggestion layer needs of a store.
type SuggestionLister interface {
	Suggestions(ctx context.Context, q model.SuggestionQuery) ([]model.Suggestion, error)
}

type pseudoAnnotators struct {
	st    SuggestionLister
	names map[string]string // recommender -> pseudo-annotator name
}

func suggestionAnnotators(st any, annotators []string) (*pseudoAnnotators, error) {
	p := &pseudoAnnotators{names: map[string]string{}}
	for _, a := range annotators {
		if rec, ok := strings.CutSuffix(a, SuggestSuffix); ok && rec != "" {
			p.names[rec] = a
		}
	}
	if len(p.names) == 0 {
		return p, nil
	}
	lister, ok := st.(SuggestionLister)
	if !ok {
		return nil, fmt.Errorf("agreement: this project cannot list suggestions, so %s cannot be scored", SuggestSuffix)
	}
	p.st = lister
	return p, nil
}

// add appends the recommenders' suggestions of a document to its spans
// and document labels.
func (p *pseudoAnnotators) add(ctx context.Context, docID int64, anns []model.Annotation, labels []model.DocLabel) ([]model.Annotation, []model.DocLabel, error) {
	// In name order, so the spans (and overlap F1's tie-breaks) are the
	// same on every run.
	for _, rec := range slices.Sorted(maps.Keys(p.names)) {
		who := p.names[rec]
		list, err := p.st.Suggestions(ctx, model.SuggestionQuery{DocID: docID, Recommender: rec, AnyStatus: true})
		if err != nil {
			return nil, nil, err
		}
		for _, s := range list {
			if s.IsDocLabel() {
				labels = append(labels, model.DocLabel{DocID: docID, Annotator: who, Set: s.Set, Value: s.Label})
				continue
			}
			anns = append(anns, model.Annotation{ID: fmt.Sprintf("suggestion-%d", s.ID), DocID: docID, Annotator: who, Label: s.Label, Fragments: s.Fragments, Text: s.Text})
		}
	}
	return anns, labels, nil
}
