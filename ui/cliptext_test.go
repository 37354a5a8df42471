package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// shownTexts is the text drawn in o's visible canvas texts.
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if t, ok := x.(*canvas.Text); ok && t.Visible() && strings.TrimSpace(t.Text) != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

// TestDocumentNamesStayApartWhenNarrow is the tester's 800 px list: three
// PubMed abstracts showed as "PMID-…" three times (an ellipsis at the
// end), so they could not be told apart. Now a name too long for the list
// is cut in the middle, keeping its end, and the pointer resting on it
// shows the whole name.
func TestDocumentNamesStayApartWhenNarrow(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	names := []string{"PMID-10429004", "PMID-10556298", "PMID-10915770", "synthetic-black-sea-grain", "synthetic-frontline-report"}
	var docs []model.DocumentImport
	for _, n := range names {
		docs = append(docs, model.DocumentImport{Doc: model.NewDocument{Name: n, Text: "Kyiv said the ceasefire holds in " + n + "."}}) // identical texts are imported once
	}
	if _, err := db.ImportDocuments(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	tipDelay = 0
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(800, 600))
	w.docList.Refresh()
	told := map[string]bool{} // the names some row stands for alone
	for _, s := range shownTexts(w.docList) {
		head, tail, cut := strings.Cut(s, "…")
		var fits []string
		for _, n := range names {
			if s == n || (cut && strings.HasPrefix(n, head) && strings.HasSuffix(n, tail)) {
				fits = append(fits, n)
			}
		}
		if len(fits) > 1 {
			t.Errorf("%q could be any of %q", s, fits)
		} else if len(fits) == 1 {
			told[fits[0]] = true
		}
	}
	if len(told) < len(names) {
		t.Fatalf("at 800 px the list shows %q: not every name of %q can be told apart", shownTexts(w.docList), names)
	}
	// The whole name while the pointer rests on a row cut short.
	var cut *midLabel
	for _, o := range test.LaidOutObjects(w.docList) {
		if m, ok := o.(*midLabel); ok && m.full == "PMID-10556298" && m.Shown() != m.full {
			cut = m
		}
	}
	if cut == nil {
		t.Fatal("no row of PMID-10556298 cut short at 800 px")
	}
	cut.MouseIn(&desktop.MouseEvent{})
	if got := tooltipLayerOf(cut).showing(); got != "PMID-10556298" {
		t.Errorf("hovering the cut name shows the tooltip %q, want the whole name", got)
	}
}

// TestRelationLineNeverWidensThePanes is the tester's bug: selecting a
// span with a relation to a long span made the inspector's relation line
// (a button as wide as its text) the right-hand pane's widest row, so the
// pane asked for more than its width and scrolled sideways: the
// annotation list lost its offsets column and the filter arrow. The line
// is now cut to the pane's width.
func TestRelationLineNeverWidensThePanes(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	ctx := context.Background()
	cs, ce := span(assets.DemoArticle, phrase)
	long := "President Donald Trump and Russian President Vladimir Putin shake hands"
	as, ae := span(assets.DemoArticle, long)
	c := &model.Annotation{DocID: 1, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: cs, End: ce}}}
	a := &model.Annotation{DocID: 1, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: as, End: ae}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{c, a}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateRelation(ctx, &model.Relation{Annotator: "ana", Type: "claimed_by", From: c.ID, To: a.ID}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640)} {
		w.win.Resize(size)
		w.focusAnnotation(a.ID) // no long relation line yet: the far end is c
		w.fitPanes()
		_, _, before := columnWidths(w)
		w.focusAnnotation(c.ID)
		w.fitPanes()
		if need := w.shell.cols.rightContent.MinSize().Width; need > rightPaneMin {
			t.Errorf("%v: with the relation shown the right pane needs %.0f px, more than its %d", size, need, rightPaneMin)
		}
		if _, _, after := columnWidths(w); after != before {
			t.Errorf("%v: selecting the span with a relation made the right pane %.0f px, was %.0f", size, after, before)
		}
	}
}
