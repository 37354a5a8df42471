package dataset

import (
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// Typed refusals of a document subset (errors.Is).
var (
	// ErrNoDocuments: the subset chosen for an export is empty.
	ErrNoDocuments = errors.New("no documents chosen")
	// ErrNoSuchDocument: the subset names a document the project lacks.
	ErrNoSuchDocument = errors.New("no such document in the project")
)

// selectDocs keeps of docs (the project's list, in its order) those whose
// id is in only; every id must be there.
func selectDocs(docs []model.DocumentSummary, only []int64) ([]model.DocumentSummary, error) {
	want := make(map[int64]bool, len(only))
	for _, id := range only {
		want[id] = true
	}
	var out []model.DocumentSummary
	for _, d := range docs {
		if want[d.ID] {
			out = append(out, d)
			delete(want, d.ID)
		}
	}
	for _, id := range only {
		if want[id] {
			return nil, fmt.Errorf("export: document %d: %w", id, ErrNoSuchDocument)
		}
	}
	return out, nil
}
