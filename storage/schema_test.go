package storage

import (
	"context"
	"errors"
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
	_, err := db.ChangeSchema(ctx, merged, "lead", map[string]string{"A": "CLAIM", "B": "CLAIM"}, false)
	var inUse *model.LabelsInUseError
	if !errors.As(err, &inUse) || inUse.InUse["ACTOR"] != 1 || len(inUse.InUse) != 1 || !strings.Contains(err.Error(), "ACTOR (1 annotations)") {
		t.Fatalf("drop without force: %v, want a LabelsInUseError for ACTOR", err)
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

// renameOnce makes a project whose annotations use A, B and ACTOR, applies
// renames with ChangeSchema and returns each original label's labels after.
func renameOnce(t *testing.T, next *model.Schema, renames map[string]string) map[string]string {
	t.Helper()
	db, _ := newProject(t)
	ctx := context.Background()
	if err := db.SetSchema(ctx, schemaAB(), "lead"); err != nil {
		t.Fatal(err)
	}
	doc := importDoc(t, db, "Putin agreed to a ceasefire on energy targets.")
	ids := map[string]string{}
	for i, l := range []string{"A", "B", "ACTOR"} {
		a := &model.Annotation{DocID: doc, Annotator: "ana", Label: l, Fragments: []model.Fragment{{Start: i * 6, End: i*6 + 5}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
		ids[l] = a.ID
	}
	if _, err := db.ChangeSchema(ctx, next, "lead", renames, false); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for l, id := range ids {
		a, err := db.Annotation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out[l] = a.Label
	}
	return out
}

// TestSwappedAndChainedRenamesApplyAtOnce: renames are one simultaneous
// mapping, whatever order Go's map iteration takes (run many times).
func TestSwappedAndChainedRenamesApplyAtOnce(t *testing.T) {
	for i := 0; i < 16; i++ {
		// Swap: A<->ACTOR.
		got := renameOnce(t, schemaAB(), map[string]string{"A": "ACTOR", "ACTOR": "A"})
		if got["A"] != "ACTOR" || got["ACTOR"] != "A" || got["B"] != "B" {
			t.Fatalf("run %d: swap gave %v", i, got)
		}
		// Chain: B->A, A->A_X (A_X is new; B's annotations become A, A's become A_X).
		chained := schemaAB()
		chained.Labels = append(chained.Labels, model.Label{Name: "A_X", Color: "#555555", Hotkey: "5"})
		chained.Labels = []model.Label{chained.Labels[0], chained.Labels[2], chained.Labels[3]}
		chained.Relations[0].From = []string{"A", "A_X"}
		got = renameOnce(t, chained, map[string]string{"B": "A", "A": "A_X"})
		if got["A"] != "A_X" || got["B"] != "A" || got["ACTOR"] != "ACTOR" {
			t.Fatalf("run %d: chain gave %v", i, got)
		}
	}
}
