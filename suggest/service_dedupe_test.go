package suggest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// TestSuggestRunSkipsTheLayersDocLabels: a document classifier trained on
// ana's document labels proposes them back; Run for ana stores no value
// equal to her label of that set, keeps one that differs, suggests for the
// documents she did not label, and refuses to run for no layer.
func TestSuggestRunSkipsTheLayersDocLabels(t *testing.T) {
	ctx := context.Background()
	db := newProjectFile(t)
	sc, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.DocLabelSets = append(sc.DocLabelSets, model.DocLabelSet{Name: "relevance", Values: []string{"relevant", "irrelevant"}})
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	var docs []model.DocumentImport
	for i := 0; i < 10; i++ {
		text := fmt.Sprintf("Report %d: ceasefire truce talks and shelling.", i)
		if i%2 == 1 {
			text = fmt.Sprintf("Match %d: football goal by the striker.", i)
		}
		docs = append(docs, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: text}})
	}
	res, err := db.ImportDocuments(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	value := func(i int) string {
		if i%2 == 1 {
			return "irrelevant"
		}
		return "relevant"
	}
	for i := 0; i < 8; i++ {
		if err := db.SetDocLabel(ctx, model.DocLabel{DocID: res[i].DocID, Annotator: "ana", Set: "relevance", Value: value(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Train(ctx, db, TrainOptions{Kind: KindDocLabel, From: []string{"ana"}}); err != nil {
		t.Fatal(err)
	}
	// After training ana changes her mind on document 0: the classifier
	// still says "relevant" there, a disagreement worth showing.
	if err := db.SetDocLabel(ctx, model.DocLabel{DocID: res[0].DocID, Annotator: "ana", Set: "relevance", Value: "irrelevant"}); err != nil {
		t.Fatal(err)
	}
	rec, m, err := Load(ctx, db, KindDocLabel)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, db, rec, RunOptions{Version: m.Version}); !errors.Is(err, ErrNoLayer) {
		t.Fatalf("run for no layer: %v, want ErrNoLayer", err)
	}
	if _, err := Run(ctx, db, rec, RunOptions{For: "ana", Version: m.Version}); err != nil {
		t.Fatal(err)
	}
	pend, err := db.Suggestions(ctx, model.SuggestionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byDoc := map[int64]model.Suggestion{}
	for _, s := range pend {
		labels, err := db.DocLabels(ctx, s.DocID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range labels {
			if l.Annotator == "ana" && l.Set == s.Set && l.Value == s.Label {
				t.Fatalf("suggestion %s=%s in document %d repeats ana's label", s.Set, s.Label, s.DocID)
			}
		}
		byDoc[s.DocID] = s
	}
	if s, ok := byDoc[res[0].DocID]; !ok || s.Label != "relevant" {
		t.Fatalf("the disagreement on document 0 was not kept: %+v", pend)
	}
	for i := 8; i < 10; i++ {
		if s, ok := byDoc[res[i].DocID]; !ok || s.Label != value(i) {
			t.Fatalf("unlabelled document %d: %+v", i, s)
		}
	}
	if len(pend) != 3 {
		t.Fatalf("%d pending suggestions, want 3 (document 0, 8, 9): %+v", len(pend), pend)
	}
}

// newProjectFile creates a project file in t.TempDir(), closed at the end.
func newProjectFile(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Create(context.Background(), filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
