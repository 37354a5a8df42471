package storecore

import (
	"context"
	"fmt"

	"github.com/margin-app/margin/model"
)

// TextReader is what CheckTexts reads of a store.
type TextReader interface {
	Documents(ctx context.Context) ([]model.DocumentSummary, error)
	Document(ctx context.Context, id int64) (*model.Document, error)
	Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error)
}

// CheckTexts compares every document's text with its SHA-256 and every
// annotation's covered text with its document, and describes each
// mismatch (model.Store's Check, past the store's own database checks).
func CheckTexts(ctx context.Context, s TextReader) ([]string, error) {
	var problems []string
	docs, err := s.Documents(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		doc, err := s.Document(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		if model.TextSHA256(doc.Text) != doc.SHA256 {
			problems = append(problems, fmt.Sprintf("document %d (%s): text does not match its SHA-256", d.ID, d.Name))
		}
		ix := model.NewTextIndex(doc.Text)
		anns, err := s.Annotations(ctx, d.ID, "")
		if err != nil {
			return nil, err
		}
		for i := range anns {
			if err := anns[i].Validate(ix); err != nil {
				problems = append(problems, fmt.Sprintf("document %d (%s): %v", d.ID, d.Name, err))
			}
		}
	}
	return problems, nil
}
