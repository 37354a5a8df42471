package dataset

import (
	"context"
	"fmt"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/model"
)

// ImportAsSuggestions reads one input in format and stores its documents
// with every span and document label it carries as suggestions of the
// recommender name (import --as-suggestions NAME), not as anyone's
// annotations: one transaction, all or nothing. A span's score is its
// numeric "score" attribute when it has one in 0-1 (as spaCy and doccano
// pipelines often write), else 1. Relations cannot be suggested and are
// counted in the warnings.
func ImportAsSuggestions(ctx context.Context, st Store, format, input, name string, opts formats.ImportOptions, strict bool) (*ImportSummary, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("import %s: --as-suggestions needs a recommender name", input)
	}
	f, err := all.Lookup(format)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if f.Import == nil {
		return nil, fmt.Errorf("import: %s is an export-only format", f.Name)
	}
	imp, err := f.Import(input, opts)
	if err != nil {
		return nil, err
	}
	// The schema grows by the labels and document-label sets as an
	// import's would (so that an accepted suggestion's label is in it),
	// from what the input holds before its layers become suggestions, and
	// inside the store's transaction (see Import).
	asRead := *imp
	asRead.Docs = append([]model.DocumentImport(nil), imp.Docs...)
	var added []string
	grow := func(current *model.Schema) (*model.Schema, error) {
		next, a, err := GrowSchema(current, &asRead, strict)
		added = a
		return next, err
	}
	warnings := append([]string{}, imp.Warnings...)
	relations := 0
	for i := range imp.Docs {
		d := &imp.Docs[i]
		for _, a := range d.Annotations {
			score := 1.0
			if v, ok := a.Attributes["score"].(float64); ok && v >= 0 && v <= 1 {
				score = v
			}
			d.Suggestions = append(d.Suggestions, model.Suggestion{Recommender: name, Label: a.Label, Fragments: a.Fragments, Text: a.Text, Score: score, Source: "imported from " + f.Name + " " + input})
		}
		for _, l := range d.DocLabels {
			d.Suggestions = append(d.Suggestions, model.Suggestion{Recommender: name, Set: l.Set, Label: l.Value, Score: 1, Source: "imported from " + f.Name + " " + input})
		}
		for j := range d.Suggestions {
			d.Suggestions[j].Recommender = name // Label Studio predictions too
		}
		relations += len(d.Relations)
		d.Annotations, d.DocLabels, d.Relations, d.Verdicts = nil, nil, nil, nil
	}
	if relations > 0 {
		warnings = append(warnings, fmt.Sprintf("relations cannot be suggested and were skipped: %d", relations))
	}
	res, err := st.Import(ctx, imp.Docs, grow, opts.Annotator)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", input, err)
	}
	n := 0
	for i := range imp.Docs {
		n += len(imp.Docs[i].Suggestions)
	}
	return &ImportSummary{Input: input, Results: res, AddedLabels: added, Warnings: warnings, Suggestions: n}, nil
}
