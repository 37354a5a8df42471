package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// wholeAnnotationRows counts the annotation list's rows laid out whole
// inside the list's visible area.
func wholeAnnotationRows(w *Window) int {
	d := fyne.CurrentApp().Driver()
	list := w.annList.list
	top := d.AbsolutePositionForObject(list).Y
	bottom := top + list.Size().Height
	n := 0
	walk(list, func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || !c.Visible() || c.Size().Height <= 0 {
			return
		}
		if _, ok := c.Layout.(annRowLayout); !ok {
			return
		}
		if y := d.AbsolutePositionForObject(c).Y; y >= top-0.5 && y+c.Size().Height <= bottom+0.5 {
			n++
		}
	})
	return n
}

// minAnnotationRowsShown is how many annotation rows a researcher sees at
// least, at 1024×640 as at 1280×800.
const minAnnotationRowsShown = 5

// TestAnnotationListShowsSeveralRows: at 1024×640 the Labels pane grew to
// its 9 labels and left the annotation list about 2 rows (3.5 at
// 1280×800) above the inspector. The right-hand panes now share the
// column: the list keeps 5 rows whole at both sizes, the Labels pane takes
// what is left up to its labels (scrolling the rest) and the inspector
// keeps room for its form; the article keeps its width.
func TestAnnotationListShowsSeveralRows(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	for _, sub := range []string{"President Trump", "Vladimir Putin", "immediate ceasefire", "Ukraine", "peace deal",
		"phone call", "two hours", "breakthrough", "Russia invaded", "White House", "energy ceasefire", "Black Sea"} {
		addSpan(t, db, "ana", "ACTOR", sub, nil)
	}
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	for _, size := range []fyne.Size{fyne.NewSize(1024, 640), fyne.NewSize(1280, 800), fyne.NewSize(1024, 640)} {
		w.win.Resize(size)
		w.ctl.Drain()
		if len(w.anns) != 12 {
			t.Fatalf("%d spans shown, want 12", len(w.anns))
		}
		if got := wholeAnnotationRows(w); got < minAnnotationRowsShown {
			t.Errorf("%v: %d annotation rows show whole (list %.0f px high, Labels pane %.0f, inspector %.0f), want at least %d",
				size, got, w.annList.list.Size().Height, w.shell.labelsSplit.Leading.Size().Height, w.inspector.box.Size().Height, minAnnotationRowsShown)
		}
		if h := w.inspector.box.Size().Height; h < inspectorLeast-0.5 {
			t.Errorf("%v: the inspector is %.0f px high, want at least %d", size, h, inspectorLeast)
		}
		if got := len(wholeLabelCells(w)); got < 3 {
			t.Errorf("%v: %d labels show whole, want at least 3", size, got)
		}
		if _, article, _ := columnWidths(w); article < articleMin(size.Width-16)-0.5 {
			t.Errorf("%v: the article is %.0f px", size, article)
		}
	}
}
