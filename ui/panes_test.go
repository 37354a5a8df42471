package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestNoModeAsksForAWiderWindowAt800 is the ☰-menu bug's cause: in
// Compare and Curate the window's content needed 897 px (the review
// legend in the right-hand pane), so at 800×600 Fyne widened the window
// the next time it measured it (opening the menu, switching modes). Now
// every pane clips what is wider than it: the content needs less than the
// smallest window Margin restores (640×480), in every mode, menu open.
func TestNoModeAsksForAWiderWindowAt800(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme()) // the test theme is smaller
	w.win.Resize(fyne.NewSize(800, 600))
	for _, m := range []string{modeAnnotate, modeCompare, modeCurate} {
		w.modeSelect.SetSelected(m)
		w.showMenu()
		if min := w.win.Content().MinSize(); min.Width > 800 || min.Height > 600 {
			t.Errorf("%s, menu open: the window's content needs %v, more than 800×600", m, min)
		}
		// Below the safety cap too: no pane overflows into another.
		if min := w.shell.body.MinSize(); min.Width > minRestoredSize.Width || min.Height > minRestoredSize.Height {
			t.Errorf("%s: the panes need %v, more than %v", m, min, minRestoredSize)
		}
		w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())
	}
}

// columnWidths is the document list's, the article's and the right-hand
// panes' widths as laid out now.
func columnWidths(w *Window) (left, article, right float32) {
	c := w.shell.cols
	return c.main.Leading.Size().Width, c.inner.Leading.Size().Width, c.inner.Trailing.Size().Width
}

// TestArticleKeepsMostOfASmallWindow is the 800×600 bug: the article was
// squeezed to about 70 px (words broke) because the splits gave the side
// panes their minimum widths first, and split positions remembered at a
// wide window were taken as they were. Now the side panes shrink first:
// the article keeps at least half the width at 800 and 640 px (and
// articleMin at any width), and the remembered positions come back when
// the window is wide again.
func TestArticleKeepsMostOfASmallWindow(t *testing.T) {
	test.NewTempApp(t)
	p := fyne.CurrentApp().Preferences()
	p.SetFloat("split.main", 0.3)   // a wide document list and right pane,
	p.SetFloat("split.inner", 0.55) // kept at 1280 px
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindowOnApp(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	for _, width := range []float32{800, 640, 1024} {
		w.win.Resize(fyne.NewSize(width, 600))
		left, article, right := columnWidths(w)
		cols := left + article + right
		if least := articleMin(cols); article < least-0.5 || (width <= 800 && article < cols/2) {
			t.Errorf("%.0f px: the article is %.0f px of %.0f (documents %.0f, panes %.0f), less than half or %.0f px", width, article, cols, left, right, least)
		}
		if width >= 800 && (left < leftPaneMin-0.5 || right < rightPaneMin-0.5) {
			t.Errorf("%.0f px: side panes %.0f and %.0f px, narrower than %d and %d", width, left, right, leftPaneMin, rightPaneMin)
		}
	}
	w.win.Resize(fyne.NewSize(1280, 800))
	left, _, _ := columnWidths(w)
	if want := float32(0.3) * (1280 - 8 - 2*theme.Padding()); left < want-2 || left > want+2 {
		t.Errorf("back at 1280 px the document list is %.0f px, want the remembered %.0f", left, want)
	}
}

// TestFitColumns: positions that fit are kept; side panes give up what
// their positions give beyond their needs, then the right pane what its
// content needs beyond its least width, before the article goes below its
// least width (392 px, or 65% of a narrower window).
func TestFitColumns(t *testing.T) {
	const div = 8
	for _, c := range []struct {
		total, main, inner float64
		need               float32 // the right pane's content
	}{
		{1280, splitMain, splitInner, 250}, {1280, 0.35, 0.4, 250}, {1024, splitMain, splitInner, 250},
		{1024, splitMain, splitInner, 478}, {800, splitMain, splitInner, 478},
		{800, splitMain, splitInner, 250}, {800, 0.35, 0.4, 250}, {640, 0.1, 0.9, 250}, {500, 0.5, 0.5, 250},
	} {
		mo, io := fitColumns(float32(c.total), div, c.main, c.inner, c.need, 0)
		left := mo * (c.total - div)
		inner := c.total - div - left - div
		article := io * inner
		right := inner - article
		cols := c.total - 2*div
		if least := float64(articleMin(float32(cols))); article < least-0.5 {
			t.Errorf("%v: article %.0f of %.0f, below its least %.0f", c, article, cols, least)
		}
		if cols >= leftPaneMin+rightPaneMin+articleLeast && (left < leftPaneMin-0.5 || right < rightPaneMin-0.5) {
			t.Errorf("%v: side panes %.0f, %.0f below their least widths", c, left, right)
		}
		// Room for the article's least width and the right pane's content:
		// the right pane gets all its content needs.
		if cols-float64(articleMin(float32(cols)))-leftPaneMin >= float64(c.need) && right < float64(c.need)-0.5 {
			t.Errorf("%v: right pane %.0f, its content needs %.0f", c, right, c.need)
		}
		if c.total == 1280 && c.main == splitMain && (mo < splitMain-1e-6 || mo > splitMain+1e-6 || io < splitInner-1e-6 || io > splitInner+1e-6) {
			t.Errorf("the defaults at 1280 px became %v, %v", mo, io)
		}
	}
}

// TestComparePanelIsWholeAt1024: at 1024 px the Compare panel (wider
// than the Labels panel) gets its whole width; at 800 px the article
// keeps its least width and the panel scrolls sideways.
func TestComparePanelIsWholeAt1024(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(1024, 640))
	w.modeSelect.SetSelected(modeCompare)
	need := w.shell.cols.rightContent.MinSize().Width
	if _, _, right := columnWidths(w); right < need-0.5 {
		t.Errorf("1024 px, Compare: the right pane is %.0f px, its panel needs %.0f", right, need)
	}
	w.win.Resize(fyne.NewSize(800, 600))
	if _, article, _ := columnWidths(w); article < articleLeast-0.5 {
		t.Errorf("800 px, Compare: the article is %.0f px, want at least %d", article, articleLeast)
	}
	w.modeSelect.SetSelected(modeAnnotate)
	w.win.Resize(fyne.NewSize(1024, 640))
	if _, _, right := columnWidths(w); right > rightPaneMin+1 {
		t.Errorf("1024 px, Annotate again: the right pane is %.0f px, want the default's %d", right, rightPaneMin)
	}
}

// TestSplitsAreSavedWhenTheyChange: a moved divider is in the preferences
// a moment later, without the window closing (they were saved only on a
// normal close, so a crash or a kill lost them).
func TestSplitsAreSavedWhenTheyChange(t *testing.T) {
	was := layoutSaveDelay
	layoutSaveDelay = 700 * time.Millisecond
	t.Cleanup(func() { layoutSaveDelay = was })
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	p := fyne.CurrentApp().Preferences()
	w.shell.splits[2].split.SetOffset(0.6) // Labels | annotations, as a drag does
	w.shell.cols.main.SetOffset(0.25)      // documents | the rest
	w.win.Resize(fyne.NewSize(1200, 760))
	deadline := time.Now().Add(5 * time.Second)
	for p.Float("split.right") != 0.6 || p.Float("split.main") != 0.25 || p.Float(prefWindowWidth) != 1200 {
		if time.Now().After(deadline) {
			t.Fatalf("5 s after the drags the preferences hold right %v, main %v, width %v; want 0.6, 0.25, 1200",
				p.Float("split.right"), p.Float("split.main"), p.Float(prefWindowWidth))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestComparePanelFitsItsColumnAt800: at 800 px the Compare panel kept
// the 456 px of its two-column legend and buttons and scrolled sideways
// in its 252 px column, so "Next disagreement (N)" was out of view. Now
// the legend and the buttons stack in one column there: the panel needs
// no more than the column, and the button is whole inside it.
func TestComparePanelFitsItsColumnAt800(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(800, 600))
	w.modeSelect.SetSelected(modeCompare)
	if need := w.shell.cols.rightContent.MinSize().Width; need > rightPaneMin {
		t.Errorf("800 px, Compare: the panel needs %.0f px, more than its %d px column", need, rightPaneMin)
	}
	var next *widget.Button
	walk(w.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Next disagreement (N)" {
			next = b
		}
	})
	if next == nil {
		t.Fatal("no Next disagreement button")
	}
	d := fyne.CurrentApp().Driver()
	_, _, right := columnWidths(w)
	paneRight := d.AbsolutePositionForObject(w.shell.cols.inner.Trailing).X + right
	if x := d.AbsolutePositionForObject(next).X; x+next.Size().Width > paneRight+0.5 || next.Size().Width < next.MinSize().Width-0.5 {
		t.Errorf("800 px: Next disagreement is %.0f px wide at x=%.0f, the pane ends at %.0f: not whole in view", next.Size().Width, x, paneRight)
	}
}
