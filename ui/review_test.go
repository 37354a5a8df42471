package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
)

func TestCompareAndCurateIntoGold(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	text := assets.DemoArticle
	add := func(who, label, sub string) {
		s, e := span(text, sub)
		a := &model.Annotation{DocID: 1, Annotator: who, Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	add("ana", "CEASEFIRE_TERM", phrase)
	add("ben", "PRECONDITION", phrase)            // same extent, other label
	add("ana", "ACTOR", "President Trump")        // exact match
	add("ben", "ACTOR", "President Trump")        //
	add("ben", "ACTOR", "Vladimir Putin Tuesday") // only ben
	w := openWindow(t, db)

	w.modeSelect.SetSelected(modeCompare)
	if len(w.review.clusters) != 3 {
		t.Fatalf("%d clusters", len(w.review.clusters))
	}
	if got := len(w.review.disagreements()); got != 2 {
		t.Fatalf("%d disagreements", got)
	}
	// The compare view is read-only.
	w.View().SetSelection(0, 9)
	w.View().TypedRune('1')
	if anns, _ := db.Annotations(ctx, 1, "ana"); len(anns) != 2 {
		t.Fatal("compare view edited a layer")
	}
	w.View().TypedRune('n')
	first := w.review.clusters[w.review.at]
	if first.Kind == review.Exact {
		t.Fatal("next disagreement landed on an exact match")
	}

	w.modeSelect.SetSelected(modeCurate)
	w.review.step(1)
	c := w.review.clusters[w.review.at]
	if c.Kind != review.OnlyOne && c.Kind != review.LabelDiffers {
		t.Fatalf("curate started on %v", c.Kind)
	}
	// Curate every disagreement: accept ana's side where she has one,
	// reject otherwise.
	for range w.review.disagreements() {
		c := w.review.clusters[w.review.at]
		if spans := c.Spans["ana"]; len(spans) > 0 {
			w.review.accept(c, spans[0])
		} else {
			w.review.reject(c)
		}
	}
	gold, _ := db.Annotations(ctx, 1, model.GoldAnnotator)
	if len(gold) != 1 || gold[0].Label != "CEASEFIRE_TERM" || gold[0].Text != phrase {
		t.Fatalf("gold: %+v", gold)
	}
	vs, _ := db.Verdicts(ctx, 1)
	if len(vs) != 2 {
		t.Fatalf("%d verdicts", len(vs))
	}
	for _, v := range vs {
		if v.Curator != "ana" || len(v.Sources) == 0 {
			t.Fatalf("verdict provenance: %+v", v)
		}
	}
	if len(w.anns) != 1 {
		t.Fatalf("curate view edits the gold layer: %d items", len(w.anns))
	}
	// Undo of the last verdict is the curator's.
	w.Undo()
	if vs, _ := db.Verdicts(ctx, 1); len(vs) != 1 {
		t.Fatalf("after undo: %d verdicts", len(vs))
	}
}
