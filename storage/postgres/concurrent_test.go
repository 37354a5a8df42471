package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestConcurrentClients: eight clients (connections of their own) import
// the same text at once and then each annotate, edit and undo in their
// own layer: one document, every client's own steps, nothing lost.
func TestConcurrentClients(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	first, err := Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	const clients, each = 8, 10
	text := "Both sides agreed to a ceasefire starting at midnight on Sunday."
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			db, err := Open(ctx, u)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			who := fmt.Sprintf("ann%d", c)
			res, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: text}}})
			if err != nil {
				errs <- fmt.Errorf("%s import: %w", who, err)
				return
			}
			for i := 0; i < each; i++ {
				a := &model.Annotation{DocID: res[0].DocID, Annotator: who, Label: "X", Fragments: []model.Fragment{{Start: i, End: i + 5}}}
				if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
					errs <- fmt.Errorf("%s create: %w", who, err)
					return
				}
				a.Note = "edited"
				if err := db.UpdateAnnotation(ctx, a); err != nil {
					errs <- fmt.Errorf("%s update: %w", who, err)
					return
				}
			}
			// Undo the last edit: the note goes, the annotation stays.
			if step, err := db.Undo(ctx, who); err != nil || step == nil || step.Action != "update" {
				errs <- fmt.Errorf("%s undo: %+v %v", who, step, err)
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	docs, err := first.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Annotations != clients*each {
		t.Fatalf("documents %+v, want one with %d annotations", docs, clients*each)
	}
	anns, err := first.Annotations(ctx, docs[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	edited := 0
	for _, a := range anns {
		if a.Note == "edited" {
			edited++
		}
	}
	if edited != clients*(each-1) {
		t.Fatalf("%d edited annotations, want %d (each client undid one edit)", edited, clients*(each-1))
	}
}
