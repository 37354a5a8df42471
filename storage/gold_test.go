package storage

import (
	"context"
	"testing"

	"github.com/margin-app/margin/model"
)

func TestCurateRecordsProvenanceAndUndoes(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	a := &model.Annotation{DocID: doc, Annotator: "ana", Label: "A", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	b := &model.Annotation{DocID: doc, Annotator: "ben", Label: "B", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	db.CreateAnnotations(ctx, []*model.Annotation{a})
	db.CreateAnnotations(ctx, []*model.Annotation{b})

	gold := &model.Annotation{Label: a.Label, Fragments: a.Fragments, Attributes: a.Attributes}
	v := &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "lead", Sources: []model.SourceRef{{ID: a.ID}, {ID: b.ID}}}
	if err := db.Curate(ctx, v, gold); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Annotations(ctx, doc, model.GoldAnnotator)
	if len(got) != 1 || got[0].Label != "A" || got[0].Text != "The" {
		t.Fatalf("gold layer: %+v", got)
	}
	vs, _ := db.Verdicts(ctx, doc)
	if len(vs) != 1 || vs[0].GoldID != gold.ID || vs[0].Curator != "lead" || vs[0].Sources[1].Annotator != "ben" || vs[0].CreatedAt.IsZero() {
		t.Fatalf("verdicts: %+v", vs)
	}
	// The curator may edit the gold item; a colleague's layer stays closed.
	upd := got[0]
	upd.Label = "B"
	if err := db.UpdateAnnotationAs(ctx, &upd, "lead"); err != nil {
		t.Fatal(err)
	}
	bb := *b
	bb.Label = "A"
	if err := db.UpdateAnnotationAs(ctx, &bb, "lead"); err == nil {
		t.Fatal("lead changed ben's layer")
	}
	if err := db.Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "lead"}, gold); err == nil {
		t.Fatal("reject with a gold item accepted")
	}
	// Undo the edit, then the verdict: gold and verdict are gone.
	db.Undo(ctx, "lead")
	db.Undo(ctx, "lead")
	if got, _ := db.Annotations(ctx, doc, model.GoldAnnotator); len(got) != 0 {
		t.Fatalf("gold after undo: %+v", got)
	}
	if vs, _ := db.Verdicts(ctx, doc); len(vs) != 0 {
		t.Fatalf("verdicts after undo: %+v", vs)
	}
	db.Redo(ctx, "lead")
	if vs, _ := db.Verdicts(ctx, doc); len(vs) != 1 {
		t.Fatal("redo did not restore the verdict")
	}
}
