package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/assets"
)

// holdsWidget says whether o is or contains a widget: Fyne applies the
// right-hand panes' theme override to each widget of a new list row, and
// each application clears its text and icon caches (panels_rows.go).
func holdsWidget(o fyne.CanvasObject) bool {
	switch c := o.(type) {
	case fyne.Widget:
		return true
	case *fyne.Container:
		for _, k := range c.Objects {
			if holdsWidget(k) {
				return true
			}
		}
	}
	return false
}

// TestKeysMakeNoListRowsWithWidgets: stepping through spans (Tab,
// Shift+Tab), labelling, relabelling, deleting and undoing create no list
// row holding a widget in the right-hand panes. Each such row cleared
// Fyne's measurement caches, so that the next frame shaped every text of
// the window again (130 strings per key in the 1 MB document of
// bench/gui.py; issue 14). Before, the annotation list's rows were labels
// and every Select and Refresh made one, and each count change of the
// label list made one too (RefreshItem).
func TestKeysMakeNoListRowsWithWidgets(t *testing.T) {
	w := windowWithSpans(t, "444", "Trump", "Putin", "Ukraine")
	if len(w.anns) != 3 {
		t.Fatalf("%d spans made, want 3", len(w.anns))
	}
	made := 0
	for _, l := range []*struct {
		f *func() fyne.CanvasObject
	}{{&w.annList.list.CreateItem}, {&w.labels.list.CreateItem}} {
		orig := *l.f
		*l.f = func() fyne.CanvasObject {
			o := orig()
			if holdsWidget(o) {
				made++
			}
			return o
		}
	}
	key := func(k fyne.KeyName) { w.View().TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyTab)
	key(fyne.KeyTab)
	w.nextAnnotation(-1)    // Shift+Tab
	w.View().TypedRune('1') // relabel the selected span
	key(fyne.KeyDelete)
	w.Undo()
	s, e := span(assets.DemoArticle, "Russia")
	dragSelect(w, s, e)
	w.View().TypedRune('2') // a new span: a row inserted, a count changed
	if len(w.anns) != 4 {
		t.Fatalf("%d spans after the keys, want 4", len(w.anns))
	}
	if made > 0 {
		t.Fatalf("the keys made %d list rows holding widgets in the compact panes (each clears Fyne's text caches)", made)
	}
	// The counts shown follow the edits, though the list is not refreshed.
	for _, name := range []string{"CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "ACTOR"} {
		if got, want := w.labels.drawn[name], w.ctl.Count(name); got != want {
			t.Errorf("label list shows %d %s, the layer has %d", got, name, want)
		}
	}
}

// TestRowBoundToAnotherSpanMovesNothing: an edit shifts the annotation
// list's rows by one span, and the list binds each visible row anew
// during the frame's layout. Laid out again, such a row must leave its
// swatch, offsets and text where and as large as they were: a canvas
// text resized is refreshed (its texture made again), and each row so
// moved was a layout that marked the window dirty (issue 14). Before, the
// texts' boxes had the texts' widths.
func TestRowBoundToAnotherSpanMovesNothing(t *testing.T) {
	w := windowWithSpans(t, "12", "Trump", "Kremlin")
	p := w.annList
	row := p.newAnnRow().(*fyne.Container)
	size := fyne.NewSize(260, row.MinSize().Height)
	row.Resize(size)
	p.bindAnnRow(w.anns[0], row)
	row.Layout.Layout(row.Objects, size)
	type box struct {
		pos  fyne.Position
		size fyne.Size
	}
	boxes := func() (bs []box) {
		for _, o := range row.Objects {
			bs = append(bs, box{o.Position(), o.Size()})
		}
		return bs
	}
	was := boxes()
	p.bindAnnRow(w.anns[1], row)
	if w.anns[0].Text == w.anns[1].Text || len(w.anns[1].Text) == len(w.anns[0].Text) {
		t.Fatalf("the spans' texts %q and %q do not differ in length", w.anns[0].Text, w.anns[1].Text)
	}
	row.Layout.Layout(row.Objects, size)
	for i, b := range boxes() {
		if b != was[i] {
			t.Errorf("bound to another span, the row's %T went from %v to %v", row.Objects[i], was[i], b)
		}
	}
}
