package ui

import (
	"context"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/dataset"
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
	w.review.acceptExact()
	gold, _ := db.Annotations(ctx, 1, model.GoldAnnotator)
	if len(gold) != 2 || gold[0].Text != "President Trump" || gold[1].Label != "CEASEFIRE_TERM" || gold[1].Text != phrase {
		t.Fatalf("gold: %+v", gold)
	}
	vs, _ := db.Verdicts(ctx, 1)
	if len(vs) != 3 {
		t.Fatalf("%d verdicts", len(vs))
	}
	for _, v := range vs {
		if v.Curator != "ana" || len(v.Sources) == 0 {
			t.Fatalf("verdict provenance: %+v", v)
		}
	}
	if len(w.anns) != 2 {
		t.Fatalf("curate view edits the gold layer: %d items", len(w.anns))
	}
	// Undo of the last verdict is the curator's.
	w.Undo()
	if vs, _ := db.Verdicts(ctx, 1); len(vs) != 2 {
		t.Fatalf("after undo: %d verdicts", len(vs))
	}
}

func TestDashboardOpensCompareOnLowestDocument(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	for _, who := range []string{"ana", "ben"} {
		label := "ACTOR"
		if who == "ben" {
			label = "PRECONDITION"
		}
		a := &model.Annotation{DocID: 2, Annotator: who, Label: label, Fragments: []model.Fragment{{Start: 0, End: 4}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	w := openWindow(t, db)
	sum, err := dataset.Agreement(ctx, db, dataset.AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 1 || len(sum.DocumentsF1) != 1 || sum.DocumentsF1[0].ID != 2 {
		t.Fatalf("summary: %+v", sum)
	}
	opened := int64(0)
	content := w.dashboardContent(sum, func(id int64) { opened = id })
	if content == nil {
		t.Fatal("no content")
	}
	// Tap the worst document's button in the dashboard: the row's
	// button under its score and its name (cut in the middle).
	var btn *widget.Button
	eachObject(content, func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 || buttonOf(c.Objects[0]) == nil {
			return
		}
		eachObject(c.Objects[1], func(o fyne.CanvasObject) {
			if m, ok := o.(*midLabel); ok && strings.Contains(m.full, "second") {
				btn = buttonOf(c.Objects[0])
			}
		})
	})
	if btn == nil {
		t.Fatal("no button for the least agreed document")
	}
	test.Tap(btn)
	if opened != 2 {
		t.Fatalf("dashboard opened %d", opened)
	}
	for i, doc := range w.docs {
		if doc.ID == opened {
			w.docList.Select(i)
		}
	}
	w.modeSelect.SetSelected(modeCompare)
	w.review.step(1)
	if w.CurrentDocument().ID != 2 || w.review.at < 0 || w.review.clusters[w.review.at].Kind != review.LabelDiffers {
		t.Fatalf("compare view not on the disagreement: doc %d at %d", w.CurrentDocument().ID, w.review.at)
	}
}

// TestDashboardRunsInTheBackgroundThenShowsTheSummary: the toolbar's
// Agreement measures behind a progress dialog (dataset's Progress is
// tested in dataset), then replaces it with the dashboard.
func TestDashboardRunsInTheBackgroundThenShowsTheSummary(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	for _, who := range []string{"ana", "ben"} {
		a := &model.Annotation{DocID: 1, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	w := openWindow(t, db)
	type res struct {
		sum *dataset.AgreementSummary
		err error
	}
	done := make(chan res, 1)
	w.runDashboard(func(sum *dataset.AgreementSummary, err error) { done <- res{sum, err} })
	r := wait(t, done)
	if r.err != nil || r.sum == nil || r.sum.Documents != 1 {
		t.Fatalf("dashboard: %+v, %v", r.sum, r.err)
	}
	var agreementShown, progressLeft bool
	for _, overlay := range w.win.Canvas().Overlays().List() {
		eachObject(overlay, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.ProgressBar:
				progressLeft = progressLeft || x.Visible()
			case *widget.Label:
				agreementShown = agreementShown || strings.Contains(x.Text, "2 annotators · 1 shared document")
			}
		})
	}
	if !agreementShown {
		t.Error("the dashboard is not shown")
	}
	if progressLeft {
		t.Error("the progress dialog is still shown")
	}
}

// eachObject calls fn for o and every object inside it: containers,
// splits, scrolls and pop-ups (dialogs) are walked into.
func eachObject(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			eachObject(c, fn)
		}
	case *container.Split:
		eachObject(x.Leading, fn)
		eachObject(x.Trailing, fn)
	case *container.Scroll:
		eachObject(x.Content, fn)
	case *sideScroll:
		eachObject(x.Content, fn)
	case *widget.PopUp:
		eachObject(x.Content, fn)
	case *steadyBox:
		eachObject(x.obj, fn)
	case *container.ThemeOverride:
		eachObject(x.Content, fn)
	case *themeScope:
		eachObject(x.over, fn)
	case *holder:
		eachObject(x.obj, fn)
	}
}
