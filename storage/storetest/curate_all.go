package storetest

import (
	"testing"

	"github.com/margin-app/margin/model"
)

// testCurateAllOneStep: "accept every exact match" is one transaction and
// one undo step; a batch with one bad verdict (a source in another
// document) stores none of them, and one person's batch only.
func testCurateAllOneStep(t *testing.T, s model.Store) {
	doc := importText(t, s, "a", Article)
	other := importText(t, s, "b", Article+" Later.")
	var cs []model.Curation
	for _, sub := range []string{"Putin", "talks"} {
		ann := annotate(t, s, doc, "ann", "ACTOR", sub)
		bob := annotate(t, s, doc, "bob", "ACTOR", sub)
		cs = append(cs, model.Curation{
			Verdict: &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur", Sources: []model.SourceRef{{ID: ann.ID}, {ID: bob.ID}}},
			Gold:    &model.Annotation{Label: "ACTOR", Fragments: ann.Fragments},
		})
	}
	elsewhere := annotate(t, s, other, "ann", "ACTOR", "Trump")
	bad := append(append([]model.Curation(nil), cs...), model.Curation{
		Verdict: &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "cur", Sources: []model.SourceRef{{ID: elsewhere.ID}}},
	})
	if err := s.CurateAll(ctx, bad); err == nil {
		t.Fatal("a batch with a source in another document was stored")
	}
	vs, err := s.Verdicts(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(t, s, doc, model.GoldAnnotator); got != "" || len(vs) != 0 {
		t.Fatalf("after the refused batch: gold %q, %d verdicts", got, len(vs))
	}
	mixed := []model.Curation{cs[0], {Verdict: &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "lead", Sources: cs[1].Verdict.Sources}}}
	if err := s.CurateAll(ctx, mixed); err == nil {
		t.Fatal("two curators' verdicts were stored as one step")
	}
	for _, c := range cs { // the refused batches gave them ids: fresh copies
		c.Verdict.ID, c.Verdict.GoldID, c.Gold.ID = "", "", ""
	}
	if err := s.CurateAll(ctx, cs); err != nil {
		t.Fatal(err)
	}
	vs, _ = s.Verdicts(ctx, doc)
	if got := labels(t, s, doc, model.GoldAnnotator); got != "gold:ACTOR:Putin, gold:ACTOR:talks" || len(vs) != 2 {
		t.Fatalf("after the batch: gold %q, %d verdicts", got, len(vs))
	}
	p, err := s.PreviewHistory(ctx, "cur", true)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || !p.Bulk || p.Removed != 4 { // two gold spans, two verdicts
		t.Fatalf("undo preview %+v, want one bulk step removing both gold spans and their verdicts", p)
	}
	if _, err := s.Undo(ctx, "cur"); err != nil {
		t.Fatal(err)
	}
	vs, _ = s.Verdicts(ctx, doc)
	if got := labels(t, s, doc, model.GoldAnnotator); got != "" || len(vs) != 0 {
		t.Fatalf("after one undo: gold %q, %d verdicts", got, len(vs))
	}
}
