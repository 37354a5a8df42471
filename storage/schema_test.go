package storage

import (
	"context"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

func schemaAB() *model.Schema {
	return &model.Schema{AllowOverlap: true, Labels: []model.Label{
		{Name: "A", Color: "#111111", Hotkey: "1"},
		{Name: "B", Color: "#222222", Hotkey: "2"},
		{Name: "ACTOR", Color: "#333333", Hotkey: "4"},
	}, Relations: []model.RelationType{{Name: "claimed_by", From: []string{"A", "B"}, To: []string{"ACTOR"}}},
		DocLabelSets: []model.DocLabelSet{{Name: "relevance", Values: []string{"relevant", "irrelevant"}}}}
}

func TestSchemaRenameMergeAndForcedRemovalAreUndoable(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	if err := db.SetSchema(ctx, schemaAB(), "lead"); err != nil {
		t.Fatal(err)
	}
	doc := importDoc(t, db, "Putin agreed to a ceasefire on energy targets.")
	mk := func(label string, s, e int, who string) *model.Annotation {
		a := &model.Annotation{DocID: doc, Annotator: who, Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := mk("A", 18, 27, "ana")
	mk("B", 31, 37, "ben")
	actor := mk("ACTOR", 0, 5, "ana")
	rel := &model.Relation{Annotator: "ana", Type: "claimed_by", From: a.ID, To: actor.ID}
	if err := db.CreateRelation(ctx, rel); err != nil {
		t.Fatal(err)
	}
	bad := &model.Relation{Annotator: "ana", Type: "claimed_by", From: actor.ID, To: a.ID}
	if err := db.CreateRelation(ctx, bad); err == nil {
		t.Fatal("relation from ACTOR accepted")
	}

	// Merge A and B into CLAIM; drop ACTOR without force: refused.
	merged := &model.Schema{AllowOverlap: true, Labels: []model.Label{{Name: "CLAIM", Color: "#444444", Hotkey: "1"}}}
	if _, err := db.ChangeSchema(ctx, merged, "lead", map[string]string{"A": "CLAIM", "B": "CLAIM"}, false); err == nil || !strings.Contains(err.Error(), "ACTOR (1 annotations)") {
		t.Fatalf("drop without force: %v", err)
	}
	if sc, _ := db.Schema(ctx); sc.Labels[0].Name != "A" {
		t.Fatal("refused change altered the schema")
	}
	change, err := db.ChangeSchema(ctx, merged, "lead", map[string]string{"A": "CLAIM", "B": "CLAIM"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if change.Renamed["A"] != 1 || change.Renamed["B"] != 1 || change.Removed["ACTOR"] != 1 {
		t.Fatalf("change = %+v", change)
	}
	anns, _ := db.Annotations(ctx, doc, "")
	if len(anns) != 2 || anns[0].Label != "CLAIM" || anns[1].Label != "CLAIM" {
		t.Fatalf("after merge: %+v", anns)
	}
	if rels, _ := db.Relations(ctx, doc); len(rels) != 0 {
		t.Fatal("relation to a deleted ACTOR survived")
	}
	// One undo brings back labels, the ACTOR span, its relation and the schema.
	if step, err := db.Undo(ctx, "lead"); err != nil || step == nil {
		t.Fatalf("undo: %v", err)
	}
	anns, _ = db.Annotations(ctx, doc, "")
	labels := []string{}
	for _, a := range anns {
		labels = append(labels, a.Label)
	}
	if strings.Join(labels, ",") != "ACTOR,A,B" {
		t.Fatalf("after undo: %v", labels)
	}
	if rels, _ := db.Relations(ctx, doc); len(rels) != 1 {
		t.Fatal("relation not restored")
	}
	if sc, _ := db.Schema(ctx); len(sc.Labels) != 3 {
		t.Fatalf("schema not restored: %+v", sc.Labels)
	}
	if problems, _ := db.Check(ctx); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestDocLabelsSingleValueReplaces(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	db.SetSchema(ctx, schemaAB(), "lead")
	doc := importDoc(t, db, "text")
	if err := db.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ana", Set: "relevance", Value: "relevant"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ana", Set: "relevance", Value: "irrelevant"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "ana", Set: "relevance", Value: "maybe"}); err == nil {
		t.Fatal("value outside the set accepted")
	}
	ls, _ := db.DocLabels(ctx, doc)
	if len(ls) != 1 || ls[0].Value != "irrelevant" {
		t.Fatalf("labels = %+v", ls)
	}
	db.Undo(ctx, "ana")
	ls, _ = db.DocLabels(ctx, doc)
	if len(ls) != 1 || ls[0].Value != "relevant" {
		t.Fatalf("after undo = %+v", ls)
	}
}
