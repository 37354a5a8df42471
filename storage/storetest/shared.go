package storetest

import (
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

// The cases below pin the behaviours whose logic both stores take from
// storage/storecore (schema change, gold and verdicts, relations): each
// one is written once there, so each must behave the same over both.

func testChangeSchemaSwapForceAndRedo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	actor := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	claim := annotate(t, s, doc, "ann", "CLAIM", "infrastructure and energy ceasefire")
	annotate(t, s, doc, "ann", "EVENT", "talks")
	rel := &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: actor.ID}
	if err := s.CreateRelation(ctx, rel); err != nil {
		t.Fatal(err)
	}
	const start = "ann:ACTOR:Putin, ann:CLAIM:infrastructure and energy ceasefire, ann:EVENT:talks"
	sc, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string]string{{"ACTOR": ""}, {"ACTOR": "NOPE"}} {
		if _, err := s.ChangeSchema(ctx, sc, "lead", bad, false); err == nil {
			t.Fatalf("rename %v was accepted", bad)
		}
	}
	if got := labels(t, s, doc, ""); got != start {
		t.Fatalf("a refused rename changed %q", got)
	}
	// A swap is one simultaneous mapping: each annotation moves once.
	ch, err := s.ChangeSchema(ctx, sc, "lead", map[string]string{"ACTOR": "EVENT", "EVENT": "ACTOR"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Renamed["ACTOR"] != 1 || ch.Renamed["EVENT"] != 1 || len(ch.Removed) != 0 {
		t.Fatalf("swap %+v", ch)
	}
	if got := labels(t, s, doc, ""); got != "ann:EVENT:Putin, ann:CLAIM:infrastructure and energy ceasefire, ann:ACTOR:talks" {
		t.Fatalf("after the swap %q", got)
	}
	if _, err := s.Undo(ctx, "lead"); err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, ""); got != start {
		t.Fatalf("after undoing the swap %q", got)
	}
	// Dropping ACTOR (and the relation type that needs it) with force
	// deletes its annotation and the relation ending there; undo brings
	// both back, redo takes them again.
	drop, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	drop.Labels = drop.Labels[1:]
	drop.Relations = nil
	ch, err = s.ChangeSchema(ctx, drop, "lead", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Removed["ACTOR"] != 1 || len(ch.Renamed) != 0 {
		t.Fatalf("forced change %+v", ch)
	}
	if rels, err := s.Relations(ctx, doc); err != nil || len(rels) != 0 {
		t.Fatalf("relations after the forced change %+v %v", rels, err)
	}
	step, err := s.Undo(ctx, "lead")
	if err != nil {
		t.Fatal(err)
	}
	if step == nil || step.Count != 3 || step.Action != "mixed" {
		t.Fatalf("undo step %+v", step)
	}
	if got := labels(t, s, doc, ""); got != start {
		t.Fatalf("after undoing the forced change %q", got)
	}
	if rels, err := s.Relations(ctx, doc); err != nil || len(rels) != 1 || rels[0].ID != rel.ID {
		t.Fatalf("undo did not bring the relation back: %+v %v", rels, err)
	}
	back, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back.Label("ACTOR"); !ok || len(back.Relations) != 1 {
		t.Fatalf("undo did not put the schema back: %+v", back)
	}
	if step, err := s.Redo(ctx, "lead"); err != nil || step == nil || step.Count != 3 {
		t.Fatalf("redo %+v %v", step, err)
	}
	if got := labels(t, s, doc, ""); got != "ann:CLAIM:infrastructure and energy ceasefire, ann:EVENT:talks" {
		t.Fatalf("after redo %q", got)
	}
	if rels, _ := s.Relations(ctx, doc); len(rels) != 0 {
		t.Fatalf("redo left the relation %+v", rels)
	}
}

func testCurateRefusalsRejectAndRedo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	other := importText(t, s, "b", Article+" Again.")
	src := annotate(t, s, doc, "ann", "ACTOR", "Putin")
	elsewhere := annotate(t, s, other, "bob", "ACTOR", "Putin")
	gold := func(sub string) *model.Annotation {
		return &model.Annotation{Label: "ACTOR", Fragments: []model.Fragment{span(Article, sub)}}
	}
	refused := []struct {
		why  string
		v    model.Verdict
		gold *model.Annotation
	}{
		{"accept without gold", model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur"}, nil},
		{"unknown verdict", model.Verdict{DocID: doc, Verdict: "maybe", Curator: "cur"}, nil},
		{"no curator", model.Verdict{DocID: doc, Verdict: model.VerdictReject}, nil},
		{"gold as curator", model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: model.GoldAnnotator}, nil},
		{"source in another document", model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur", Sources: []model.SourceRef{{ID: elsewhere.ID}}}, gold("Putin")},
		{"absent source", model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "cur", Sources: []model.SourceRef{{ID: "no-such-id"}}}, nil},
	}
	for _, r := range refused {
		v := r.v
		if err := s.Curate(ctx, &v, r.gold); err == nil {
			t.Fatalf("%s: stored", r.why)
		}
	}
	if vs, err := s.Verdicts(ctx, doc); err != nil || len(vs) != 0 {
		t.Fatalf("refused verdicts were stored: %+v %v", vs, err)
	}
	if got := labels(t, s, doc, model.GoldAnnotator); got != "" {
		t.Fatalf("a refused verdict left gold %q", got)
	}
	reject := &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "cur", Sources: []model.SourceRef{{ID: src.ID}}}
	if err := s.Curate(ctx, reject, nil); err != nil {
		t.Fatal(err)
	}
	edited := gold("Trump")
	edit := &model.Verdict{DocID: doc, Verdict: model.VerdictEdit, Curator: "cur", Sources: []model.SourceRef{{ID: src.ID}}}
	if err := s.Curate(ctx, edit, edited); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		vs, err := s.Verdicts(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, v := range vs {
			out += string(v.Verdict) + ":" + v.GoldID + ":" + v.Sources[0].Annotator + ";"
		}
		return out + labels(t, s, doc, model.GoldAnnotator)
	}
	both := "reject::ann;edit:" + edited.ID + ":ann;gold:ACTOR:Trump"
	if got := read(); got != both {
		t.Fatalf("verdicts %q, want %q", got, both)
	}
	if step, err := s.Undo(ctx, "cur"); err != nil || step == nil || step.Count != 2 {
		t.Fatalf("undo of the edit %+v %v", step, err)
	}
	if got := read(); got != "reject::ann;" {
		t.Fatalf("after undo %q", got)
	}
	if _, err := s.Redo(ctx, "cur"); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != both {
		t.Fatalf("after redo %q, want %q", got, both)
	}
	if _, err := s.Undo(ctx, "cur"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, "cur"); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "" {
		t.Fatalf("after undoing both %q", got)
	}
}

func testRelationUndoRedo(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	claim := annotate(t, s, doc, "ann", "CLAIM", "infrastructure and energy ceasefire")
	actor := annotate(t, s, doc, "ann", "ACTOR", "The White House")
	if err := s.CreateRelation(ctx, &model.Relation{Annotator: "ann", Type: "claimed_by", From: claim.ID, To: "no-such-id"}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("a relation to an absent annotation: %v", err)
	}
	r := &model.Relation{Type: "claimed_by", From: claim.ID, To: actor.ID} // the layer is the ends'
	if err := s.CreateRelation(ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.Annotator != "ann" || r.DocID != doc || r.ID == "" {
		t.Fatalf("relation as stored %+v", r)
	}
	count := func() int {
		t.Helper()
		rels, err := s.Relations(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range rels {
			if got.ID != r.ID || got.From != claim.ID || got.To != actor.ID || got.Annotator != "ann" {
				t.Fatalf("relation %+v, want %+v", got, r)
			}
		}
		return len(rels)
	}
	if step, err := s.Undo(ctx, "ann"); err != nil || step == nil || step.Count != 1 || step.Action != "create" || count() != 0 {
		t.Fatalf("undo of the creation %+v %v", step, err)
	}
	if _, err := s.Redo(ctx, "ann"); err != nil || count() != 1 {
		t.Fatalf("redo of the creation: %v", err)
	}
	if err := s.DeleteRelation(ctx, "no-such-id", "ann"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("deleting an absent relation: %v", err)
	}
	if err := s.DeleteRelation(ctx, r.ID, "ann"); err != nil || count() != 0 {
		t.Fatalf("delete: %v", err)
	}
	if step, err := s.Undo(ctx, "ann"); err != nil || step == nil || step.Action != "delete" || count() != 1 {
		t.Fatalf("undo of the deletion %+v %v", step, err)
	}
}
