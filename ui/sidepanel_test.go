package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestSidePanelNeverCrushesTheArticle is the tester's 800 px bug: the
// Suggestions/Queue/Recommenders panel, opened beside the article,
// squeezed the article to about 100 px and pushed the inspector off the
// right edge. Now it sits beside the article where both fit with the side
// panes at their least widths (the side panes give it room first), and
// over the right-hand panes where they do not; the article keeps its
// least width and the panes stay inside the window.
func TestSidePanelNeverCrushesTheArticle(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.sugg.toggle()
	if !w.sugg.panel.Visible() {
		t.Fatal("the side panel did not open")
	}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640), fyne.NewSize(800, 600)} {
		w.win.Resize(size)
		w.fitPanes()
		left, article, right := columnWidths(w)
		cols := left + w.shell.cols.inner.Size().Width
		if !w.sugg.place.isOver {
			article -= w.sugg.panel.Size().Width // beside the article, in its column
		}
		if least := articleMin(cols); article < least-8 || w.view.Size().Width < articleLeast-48 {
			t.Errorf("%v, side panel open: the article's column is %.0f px (the view %.0f) less the panel, less than its least %.0f", size, article, w.view.Size().Width, least)
		}
		if right < rightPaneMin-1 || left < leftPaneMin-1 {
			t.Errorf("%v: side panes %.0f and %.0f px, less than %d and %d", size, left, right, leftPaneMin, rightPaneMin)
		}
		edge := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.shell.cols.inner.Trailing).X + right
		if edge > size.Width+1 {
			t.Errorf("%v: the right-hand panes end at %.0f px, off the window", size, edge)
		}
		panel, d := w.sugg.panel, fyne.CurrentApp().Driver()
		x := d.AbsolutePositionForObject(panel).X
		if !panel.Visible() || panel.Size().Width < rightPaneMin-1 || x+panel.Size().Width > size.Width+1 {
			t.Errorf("%v: the side panel is %v at x=%.0f, want it in the window", size, panel.Size(), x)
		}
		// Over the panes, its toggle stays in view to fold it again.
		if b := w.sugg.button; w.sugg.place.isOver && x < d.AbsolutePositionForObject(b).X+b.Size().Width {
			t.Errorf("%v: the side panel (at x=%.0f) covers its toggle", size, x)
		}
	}
	w.win.Resize(fyne.NewSize(1280, 800))
	w.fitPanes()
	if w.sugg.place.isOver {
		t.Error("at 1280 px the side panel still covers the panes: want it beside the article again")
	}
}
