package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// walk calls fn on o and everything drawn inside it (containers'
// children and widgets' rendered objects).
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walk(c, fn)
		}
	}
}

// labelButton is the Labels panel's row button for label, as drawn.
func labelButton(t *testing.T, w *Window, label string) *tipButton {
	t.Helper()
	var found *tipButton
	walk(w.win.Content(), func(o fyne.CanvasObject) {
		// A cell: its size, the button, and the row with the name over it.
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 3 && c.Visible() {
			b, isBtn := c.Objects[1].(*tipButton)
			row, isRow := c.Objects[2].(*fyne.Container)
			if isBtn && isRow && len(row.Objects) == 3 {
				if l, ok := row.Objects[0].(*widget.Label); ok && strings.HasSuffix(l.Text, " "+label) {
					found = b
				}
			}
		}
	})
	if found == nil {
		t.Fatalf("no Labels panel row for %s", label)
	}
	return found
}

func centre(o fyne.CanvasObject) fyne.Position {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

// windowWithGuideline opens the demo project with guideline as the
// description of label i (-1: the last), tooltips shown at once.
func windowWithGuideline(t *testing.T, i int, guideline string) (*Window, *storage.DB, *model.Schema) {
	t.Helper()
	old := tipDelay
	tipDelay = 0
	t.Cleanup(func() { tipDelay = old })
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	ctx := context.Background()
	sc, _ := db.Schema(ctx)
	if i < 0 {
		i = len(sc.Labels) - 1
	}
	sc.Labels[i].Description = guideline
	if _, err := db.ChangeSchema(ctx, sc, "ana", nil, false); err != nil {
		t.Fatal(err)
	}
	return openWindow(t, db), db, sc
}

// TestLabelClickWithGuidelineTooltipLabelsAtOnce is issue 15's two-click
// bug: resting the pointer on a label with a guideline showed it in a
// pop-up, and a pop-up takes the next click to close itself, so the click
// on the label labelled nothing. Now one click labels the selection, and
// the tooltip is gone afterwards.
func TestLabelClickWithGuidelineTooltipLabelsAtOnce(t *testing.T) {
	w, db, sc := windowWithGuideline(t, 0, "A term of the ceasefire: what stops, where and when.")
	ctx := context.Background()
	start, end := span(assets.DemoArticle, phrase)
	dragSelect(w, start+5, end-3)
	c := w.win.Canvas()
	b := labelButton(t, w, sc.Labels[0].Name)
	at := centre(b)
	test.MoveMouse(c, at)
	if got := tooltipLayerOf(b).showing(); got != sc.Labels[0].Name+": "+sc.Labels[0].Description { // the whole name, then the guideline
		t.Fatalf("tooltip %q while resting on the label, want its guideline", got)
	}
	test.TapCanvas(c, at)
	anns, _ := db.Annotations(ctx, w.CurrentDocument().ID, "ana")
	if len(anns) != 1 || anns[0].Label != sc.Labels[0].Name || anns[0].Text != phrase {
		t.Fatalf("one click on the label stored %+v, want one %s on %q", anns, sc.Labels[0].Name, phrase)
	}
	if got := tooltipLayerOf(b).showing(); got != "" {
		t.Fatalf("tooltip %q still shown after the click", got)
	}
}

// TestTooltipGoesWithThePointerAndStaysInTheWindow: the tooltip hides when
// the pointer leaves, a row reused for another label drops the old text,
// and a tooltip near the window's edge is drawn inside it.
func TestTooltipGoesWithThePointerAndStaysInTheWindow(t *testing.T) {
	w, _, sc := windowWithGuideline(t, -1, strings.Repeat("A long guideline that wraps over several lines. ", 8))
	last := len(sc.Labels) - 1
	c := w.win.Canvas()
	b := labelButton(t, w, sc.Labels[last].Name)
	test.MoveMouse(c, centre(b))
	l := tooltipLayerOf(b)
	if l.showing() == "" {
		t.Fatal("no tooltip while resting on the label")
	}
	// Inside the window, whatever the label's place at its right edge.
	tp, ts, win := l.tip.Position(), l.tip.Size(), l.layer.Size()
	if tp.X < 0 || tp.Y < 0 || tp.X+ts.Width > win.Width || tp.Y+ts.Height > win.Height {
		t.Fatalf("tooltip at %v size %v is cut by the window (%v)", tp, ts, win)
	}
	test.MoveMouse(c, fyne.NewPos(5, win.Height-5)) // the status bar
	if got := l.showing(); got != "" {
		t.Fatalf("tooltip %q lingers after the pointer left", got)
	}
	test.MoveMouse(c, centre(b))
	b.setTip("another label's guideline") // the row now shows another label
	if got := l.showing(); got != "" {
		t.Fatalf("a reused row kept the old tooltip %q", got)
	}
}

// TestTooltipGoesWhenADialogOpens: a dialog opened (Ctrl+, for
// Preferences) while the pointer rested on a document's name or a label
// left its tooltip shown through the dialog, since the pointer never left
// its owner. A dialog hides it, and no tooltip shows while one is open.
func TestTooltipGoesWhenADialogOpens(t *testing.T) {
	w, _, sc := windowWithGuideline(t, -1, "A guideline to show while the pointer rests here.")
	c := w.win.Canvas()
	b := labelButton(t, w, sc.Labels[0].Name)
	test.MoveMouse(c, centre(b))
	l := tooltipLayerOf(b)
	if l.showing() == "" {
		t.Fatal("no tooltip while resting on the label")
	}
	w.showPreferences()
	if got := l.showing(); got != "" {
		t.Fatalf("tooltip %q still shown with Preferences open", got)
	}
	hoverTip(b, "another tip", func() bool { return true })
	if got := l.showing(); got != "" {
		t.Fatalf("tooltip %q shown while a dialog is open", got)
	}
}

// TestWindowMinWidthStaysBelow1024WhileSearching is the toolbar bug
// headless: the toolbar's row was an HBox whose minimum width (1281 px,
// more once the match count showed) Fyne turns into the window's minimum
// width, so typing into Search widened the window. Now the toolbar asks
// for the search box and its menu button only; what does not fit goes
// into the menu.
func TestWindowMinWidthStaysBelow1024WhileSearching(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	for _, term := range []string{"", "the", "ceasefire", "Trump spoke to Russian president"} {
		w.search.entry.SetText(term)
		if mw := w.win.Content().MinSize().Width; mw > 1024 {
			t.Fatalf("with %q in Search the window needs %.0f px, more than 1024", term, mw)
		}
	}
}

// TestToolbarOverflowsIntoTheMenu: at 1280 px every button shows; at 1024
// and 800 px the toolbar's objects do not overlap, stay inside the window,
// and each hidden action is in the menu.
func TestToolbarOverflowsIntoTheMenu(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	for _, width := range []float32{1280, 1024, 800} {
		w.win.Resize(fyne.NewSize(width, 640))
		var shown []fyne.CanvasObject
		for _, it := range w.toolbar.items {
			if !it.hidden {
				shown = append(shown, it.obj)
			}
		}
		shown = append(shown, w.toolbar.right...)
		for i, a := range shown {
			pa := fyne.CurrentApp().Driver().AbsolutePositionForObject(a)
			if pa.X < 0 || pa.X+a.Size().Width > width {
				t.Errorf("%.0f px: toolbar object %d at x %.0f–%.0f is outside the window", width, i, pa.X, pa.X+a.Size().Width)
			}
			for _, b := range shown[i+1:] {
				pb := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
				if pa.X < pb.X+b.Size().Width && pb.X < pa.X+a.Size().Width {
					t.Errorf("%.0f px: toolbar objects overlap (x %.0f and %.0f)", width, pa.X, pb.X)
				}
			}
		}
		menu := map[string]bool{}
		for _, it := range w.menu().Items {
			menu[it.Label] = true
		}
		for _, it := range w.toolbar.items {
			if b, ok := it.obj.(*widget.Button); ok && it.hidden && b.Text != "" && it.menu != nil {
				if m := it.menu(); len(m) == 0 || !menu[m[0].Label] {
					t.Errorf("%.0f px: the hidden %s button is not in the menu", width, b.Text)
				}
			}
		}
		if width == 1280 {
			for _, it := range w.toolbar.items {
				if b, ok := it.obj.(*widget.Button); ok && b.Text != "" && it.hidden {
					t.Errorf("1280 px: %s is hidden", b.Text)
				}
			}
		}
		if it := w.toolbar.items[0]; it.obj != w.modeSelect || (it.hidden && !menu[modeCompare]) {
			t.Errorf("%.0f px: the modes are neither shown nor in the menu (%v)", width, menu)
		}
	}
}

// TestListAndStatusCountTheSameLayer is the counts bug: the document list
// counted every layer (a colleague's merged spans too) while the status
// bar counted the user's own, so they disagreed. Both count the user's
// layer now, and the list's header says so.
func TestListAndStatusCountTheSameLayer(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	ctx := context.Background()
	docs, _ := db.Documents(ctx)
	id := docs[0].ID
	mk := func(who string, n int) {
		var as []*model.Annotation
		for i := 0; i < n; i++ {
			as = append(as, &model.Annotation{DocID: id, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: 10 * i, End: 10*i + 5}}})
		}
		if err := db.CreateAnnotations(ctx, as); err != nil {
			t.Fatal(err)
		}
	}
	mk("ana", 7)
	mk("ben", 8)
	w := openWindow(t, db)
	if got := w.docs[0].Annotations; got != 7 {
		t.Errorf("the document list counts %d, want ana's 7 (all layers: 15)", got)
	}
	if !strings.Contains(w.status.Text, "7 of your spans") {
		t.Errorf("status %q, want 7 of your spans", w.status.Text)
	}
}

// TestLongDocumentNameIsCutNotWidening: a document with a long name is
// cut with an ellipsis before its count; it used to ask for its whole
// width, running into the count and widening the window.
func TestLongDocumentNameIsCutNotWidening(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	long := strings.Repeat("a-very-long-document-name-", 12)
	if _, err := db.ImportDocuments(context.Background(), []model.DocumentImport{{Doc: model.NewDocument{Name: long, Text: "Short text."}}}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	if mw := w.win.Content().MinSize().Width; mw > 1024 {
		t.Fatalf("with a %d-character document name the window needs %.0f px", len(long), mw)
	}
	var name *midLabel
	walk(w.docList, func(o fyne.CanvasObject) {
		if l, ok := o.(*midLabel); ok && l.full == long {
			name = l
		}
	})
	if name == nil {
		t.Fatal("the long name is not in the document list")
	}
	if shown := name.Shown(); shown == long || !strings.Contains(shown, "…") {
		t.Fatalf("the long name is drawn as %q, want it cut with an ellipsis", shown)
	}
}
