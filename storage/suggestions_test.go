package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

func TestSuggestAcceptIsOneUndoStepWithOrigin(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	doc := importDoc(t, db, article)
	s, e := cp(article, "Putin")
	s2, e2 := cp(article, "Trump")
	n, err := db.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "tagger", Version: 2, Items: []model.Suggestion{
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: e}}, Score: 0.9, Source: "perceptron"},
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: s2, End: e2}}, Score: 0.4},
	}})
	if err != nil || n != 2 {
		t.Fatalf("AddSuggestions = %d, %v", n, err)
	}
	pend, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	if len(pend) != 2 || pend[1].Text != "Putin" || pend[1].Version != 2 {
		t.Fatalf("pending = %+v", pend)
	}
	a, err := db.AcceptSuggestion(ctx, pend[1].ID, "ana", model.AcceptOptions{})
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := db.Annotations(ctx, doc, "ana")
	if len(anns) != 1 || anns[0].Text != "Putin" || anns[0].ID != a.ID {
		t.Fatalf("annotations after accept = %+v", anns)
	}
	o, err := db.AnnotationOrigin(ctx, a.ID)
	if err != nil || o.Recommender != "tagger" || o.Score != 0.9 || o.Version != 2 {
		t.Fatalf("origin = %+v, %v", o, err)
	}
	if _, err := db.AcceptSuggestion(ctx, pend[1].ID, "ana", model.AcceptOptions{}); !errors.Is(err, model.ErrSuggestionDecided) {
		t.Fatalf("second accept: %v", err)
	}
	// The window and 'margin undo' preview the step first.
	if pv, err := db.PreviewHistory(ctx, "ana", true); err != nil || pv == nil {
		t.Fatalf("preview of undoing an accept: %+v, %v", pv, err)
	}
	step, err := db.Undo(ctx, "ana")
	if err != nil || step == nil || step.Count != 1 {
		t.Fatalf("undo = %+v, %v", step, err)
	}
	if anns, _ := db.Annotations(ctx, doc, "ana"); len(anns) != 0 {
		t.Fatalf("undo left %d annotations", len(anns))
	}
	if sg, _ := db.Suggestion(ctx, pend[1].ID); sg.Status != model.SuggestionPending {
		t.Fatalf("after undo the suggestion is %s, want pending", sg.Status)
	}
	if _, err := db.AnnotationOrigin(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("origin of an undone accept: %v", err)
	}
	if _, err := db.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if sg, _ := db.Suggestion(ctx, pend[1].ID); sg.Status != model.SuggestionAccepted {
		t.Fatalf("after redo the suggestion is %s", sg.Status)
	}
	log, _ := db.Decisions(ctx, doc)
	if len(log) != 1 || log[0].Action != model.DecisionAccepted || log[0].By != "ana" || log[0].AnnotationID != a.ID {
		t.Fatalf("decision log = %+v", log)
	}
	// A correction: accepted under another label.
	if _, err := db.AcceptSuggestion(ctx, pend[0].ID, "ana", model.AcceptOptions{Label: "NEGOTIATION_EVENT"}); err != nil {
		t.Fatal(err)
	}
	log, _ = db.Decisions(ctx, doc)
	if log[1].Action != model.DecisionCorrected || log[1].NewLabel != "NEGOTIATION_EVENT" {
		t.Fatalf("correction logged as %+v", log[1])
	}
}

func TestSuggestRejectedNeverComesBack(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	doc := importDoc(t, db, "Kyiv and Kyiv again, and Odesa.")
	batch := func() model.SuggestionBatch {
		return model.SuggestionBatch{DocID: doc, Recommender: "strings", For: "ana", Items: []model.Suggestion{
			{Label: "LOC", Fragments: []model.Fragment{{Start: 0, End: 4}}, Score: 1},
			{Label: "LOC", Fragments: []model.Fragment{{Start: 9, End: 13}}, Score: 1},
			{Label: "LOC", Fragments: []model.Fragment{{Start: 25, End: 30}}, Score: 0.5},
		}}
	}
	if n, err := db.AddSuggestions(ctx, batch()); err != nil || n != 3 {
		t.Fatalf("first run stored %d, %v", n, err)
	}
	pend, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	if err := db.RejectSuggestion(ctx, pend[0].ID, "ana"); err != nil {
		t.Fatal(err)
	}
	// Both "Kyiv" go, and a new run does not bring either back.
	if n, err := db.AddSuggestions(ctx, batch()); err != nil || n != 1 {
		t.Fatalf("rerun stored %d, %v; want only Odesa", n, err)
	}
	// Undoing the reject lets them come back.
	if pv, err := db.PreviewHistory(ctx, "ana", true); err != nil || len(pv.Effects) != 1 {
		t.Fatalf("preview of undoing a reject: %+v, %v", pv, err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.AddSuggestions(ctx, batch()); n != 3 {
		t.Fatalf("after undoing the reject the run stored %d, want 3", n)
	}
	// What ana's layer has is not proposed to her.
	if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "LOC", Fragments: []model.Fragment{{Start: 25, End: 30}}}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.AddSuggestions(ctx, batch()); n != 2 {
		t.Fatalf("with Odesa annotated the run stored %d, want 2", n)
	}
	// A proposal that does not fit the text is refused whole.
	bad := batch()
	bad.Items[1].Text = "Lviv"
	var inv *model.InvalidSuggestionError
	if _, err := db.AddSuggestions(ctx, bad); !errors.As(err, &inv) {
		t.Fatalf("mismatched text: %v", err)
	}
	if p, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc}); len(p) != 2 {
		t.Fatalf("a refused batch changed the pending suggestions: %d", len(p))
	}
}

func TestSuggestModelsVersionedAndOldFileMigrates(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	if _, err := db.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("no model yet: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := db.SaveModel(ctx, &model.RecommenderModel{Recommender: "tagger", Kind: "tagger", Data: []byte{byte(i), 0, 1}}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := db.LatestModel(ctx, "tagger")
	if err != nil || m.Version != 2 || m.Data[0] != 1 {
		t.Fatalf("latest = %+v, %v", m, err)
	}
	// A file of format 3 (before suggestions): drop the tables and the
	// version, as Margin before issue 16 wrote it; it must open and migrate.
	for _, q := range []string{"DROP TABLE suggestions", "DROP TABLE suggestion_decisions", "DROP TABLE annotation_origins", "DROP TABLE recommender_models", "DROP TABLE recommender_settings", "PRAGMA user_version = 3"} {
		if _, err := db.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	old, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, err := old.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("migrated file: %v", err)
	}
	if err := old.SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "tagger", Threshold: 0.7}); err != nil {
		t.Fatal(err)
	}
	if st, _ := old.RecommenderSettings(ctx, "tagger"); st.Threshold != 0.7 || st.Enabled {
		t.Fatalf("settings = %+v", st)
	}
}

func TestSuggestDocLabelAcceptUndoAndDecisionLog(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	doc := importDoc(t, db, article)
	if _, err := db.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "doclabel", Items: []model.Suggestion{
		{Set: "relevance", Label: "relevant", Score: 0.8},
		{Set: "relevance", Label: "other", Score: 2}, // refused: score outside 0-1
	}}); err == nil {
		t.Fatal("score 2 stored")
	}
	if _, err := db.AddSuggestions(ctx, model.SuggestionBatch{DocID: doc, Recommender: "doclabel", Items: []model.Suggestion{{Set: "relevance", Label: "relevant", Score: 0.8}}}); err != nil {
		t.Fatal(err)
	}
	p, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	if err := db.LogDecision(ctx, p[0].ID, model.DecisionShown, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.LogDecision(ctx, p[0].ID, model.DecisionAccepted, "ana"); err == nil {
		t.Fatal("accepted logged without accepting")
	}
	if a, err := db.AcceptSuggestion(ctx, p[0].ID, "ana", model.AcceptOptions{}); err != nil || a != nil {
		t.Fatalf("accept a document label: %v %v", a, err)
	}
	if l, _ := db.DocLabels(ctx, doc); len(l) != 1 || l[0].Annotator != "ana" || l[0].Value != "relevant" {
		t.Fatalf("doc labels: %+v", l)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.DocLabels(ctx, doc); len(l) != 0 {
		t.Fatalf("undo left %+v", l)
	}
	log, _ := db.Decisions(ctx, 0)
	if len(log) != 2 || log[0].Action != model.DecisionShown || log[1].Action != model.DecisionAccepted {
		t.Fatalf("log: %+v", log)
	}
}
