package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
)

// screens are the two screens the window is laid out for.
var screens = []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640)}

// openWindowAt is openWindow with Fyne's default theme (the app's: the
// test theme is smaller) in a window of size.
func openWindowAt(t *testing.T, size fyne.Size) *Window {
	t.Helper()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	t.Cleanup(func() { db.Close() })
	addSpan(t, db, "ana", "CEASEFIRE_TERM", "immediate ceasefire", nil)
	addSpan(t, db, "ben", "TERRITORIAL_CONTROL", "Ukraine", nil)
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(size)
	return w
}

// rightColumnWidth is the width of w's right-hand column as laid out.
func rightColumnWidth(t *testing.T, w *Window) float32 {
	t.Helper()
	r := w.shell.cols.inner.Trailing.Size().Width
	if r <= 0 {
		t.Fatal("the right-hand column is not laid out")
	}
	return r
}

// TestToolWindowsOpenBesideTheMainWindow: on a 1280×800 and a 1024×640
// screen, each tool window (the annotations table, search across
// documents, statistics, progress) opens no larger than the main window,
// leaves its right-hand column uncovered, and its content fits it (a
// real window grows to its content's least size). The table (1000×620)
// and statistics (960×620) opened at a fixed size that covered the
// right-hand column at 1024×640.
func TestToolWindowsOpenBesideTheMainWindow(t *testing.T) {
	for _, screen := range screens {
		w := openWindowAt(t, screen)
		right := rightColumnWidth(t, w)
		w.ShowAnnotationsTable()
		w.ShowSearchAcrossDocuments()
		// As ShowStatistics opens it, drawn here (its read posts with
		// fyne.Do off the test's goroutine).
		w.stats = w.newStatsWindow(w.toolWindow("Statistics", statsWindowSize, func() { w.stats = nil }))
		w.stats.draw(statsFixture())
		w.ShowProgressMatrix()
		for name, win := range map[string]fyne.Window{"table": w.annTable.win, "search": w.searchAll.win,
			"statistics": w.stats.win, "progress": w.progressWin} {
			size := win.Canvas().Size()
			if size.Width > screen.Width || size.Height > screen.Height {
				t.Errorf("%v: the %s window is %v, larger than the main window", screen, name, size)
			}
			if size.Width > screen.Width-right {
				t.Errorf("%v: the %s window is %v wide, over the %v px right-hand column", screen, name, size.Width, right)
			}
			if min := win.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%v: the %s window's content needs %v, more than its %v", screen, name, min, size)
			}
			win.Close()
		}
	}
}

// statsFixture is two annotators' and two documents' label counts over
// two days, for statsWindow.draw.
func statsFixture() ([]labelTally, []labelTally, []dayTotal) {
	who := []labelTally{{Name: "ana", Total: 12, Counts: map[string]int{"ACTOR": 5, "CEASEFIRE_TERM": 7}},
		{Name: "bob", Total: 9, Counts: map[string]int{"ACTOR": 4, "TERRITORIAL_CONTROL": 5}}}
	docs := []labelTally{{Name: "ceasefire-call", Total: 21, Counts: map[string]int{"ACTOR": 9, "CEASEFIRE_TERM": 7, "TERRITORIAL_CONTROL": 5}}}
	days := []dayTotal{{Day: "2026-12-01", Spans: 8, Done: 1}, {Day: "2026-12-02", Spans: 13, Done: 0}}
	return who, docs, days
}

// TestToolSizeCases: toolWindowSize's cases.
func TestToolSizeCases(t *testing.T) {
	for _, c := range []struct {
		want, main fyne.Size
		right      float32
		out        fyne.Size
	}{
		{fyne.NewSize(1000, 620), fyne.NewSize(1024, 640), 252, fyne.NewSize(772, 620)},
		{fyne.NewSize(960, 760), fyne.NewSize(1280, 800), 320, fyne.NewSize(960, 760)},
		{fyne.NewSize(960, 760), fyne.NewSize(1024, 640), 252, fyne.NewSize(772, 640)},
		// At 800×600 the column leaves less than toolLeastWidth: the
		// window keeps that width, within the main window's.
		{fyne.NewSize(1000, 620), fyne.NewSize(800, 600), 252, fyne.NewSize(640, 600)},
		{fyne.NewSize(1000, 620), fyne.NewSize(600, 500), 200, fyne.NewSize(600, 500)},
		{fyne.NewSize(640, 400), fyne.NewSize(1920, 1080), 400, fyne.NewSize(640, 400)},
		{fyne.NewSize(1000, 620), fyne.Size{}, 0, fyne.NewSize(1000, 620)}, // not laid out yet
	} {
		if got := toolWindowSize(c.want, c.main, c.right); got != c.out {
			t.Errorf("want %v beside %v (column %v): %v, expected %v", c.want, c.main, c.right, got, c.out)
		}
	}
}

// TestTableColumnsFitItsWindow: at 1024×640 and 1280×800 the table's six
// columns fit the width of its window (the Note column was out of view,
// the columns' fixed widths adding up to 1,250 px), and the label column
// shows "TERRITORIAL_CONTROL" whole.
func TestTableColumnsFitItsWindow(t *testing.T) {
	for _, screen := range screens {
		w := openWindowAt(t, screen)
		w.ShowAnnotationsTable()
		tb := w.annTable
		width := tb.table.Size().Width
		var sum float32
		for _, c := range tb.fit.set {
			sum += c + theme.Padding()
		}
		if len(tb.fit.set) != len(tableColumns) || sum > width {
			t.Errorf("%v: the columns %v need %v px in a %v px table", screen, tb.fit.set, sum, width)
		}
		if need := widget.NewLabel("TERRITORIAL_CONTROL").MinSize().Width; tb.fit.set[0] < need {
			t.Errorf("%v: the label column is %v px, TERRITORIAL_CONTROL needs %v", screen, tb.fit.set[0], need)
		}
		tb.win.Close()
	}
}

// TestCuratePanelFitsTheColumn: curating a partial overlap with an exact
// match left, at 1280×800 and 1024×640, the Curate panel is no wider than
// the right-hand column: "Accept the 1 exact match left (Shift+Enter)",
// the Accept buttons naming the spans and "Reject the rest (Delete):
// nothing into gold" wrap instead of widening it (the pane cut them).
func TestCuratePanelFitsTheColumn(t *testing.T) {
	for _, screen := range screens {
		db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
		addSpan(t, db, "ana", "CASUALTY_OR_DAMAGE", "immediate ceasefire", nil)
		addSpan(t, db, "ben", "CASUALTY_OR_DAMAGE", "an immediate ceasefire with Ukraine", nil)
		addSpan(t, db, "ana", "ACTOR", "Vladimir Putin", nil)
		addSpan(t, db, "ben", "ACTOR", "Vladimir Putin", nil)
		w := openWindow(t, db)
		fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
		w.win.Resize(screen)
		w.modeSelect.SetSelected(modeCurate)
		w.review.step(1)
		w.win.Resize(screen) // laid out with the group shown
		if reviewButton(w, "Accept ben: CASUALTY_OR_DAMAGE") == nil || w.review.exact.Text == "" {
			t.Fatalf("%v: curate did not show the partial group and the exact match: %+v", screen, w.review.clusters)
		}
		right := rightColumnWidth(t, w)
		if need := w.review.box.MinSize().Width; need > right {
			t.Errorf("%v: the Curate panel needs %v px, the column is %v", screen, need, right)
		}
		db.Close()
	}
}

// TestWrapButtonTapsAndWraps: a wrapButton taps as a button does, wraps
// its text in a narrow width (taller, never wider), and is not tapped
// while disabled.
func TestWrapButtonTapsAndWraps(t *testing.T) {
	test.NewTempApp(t)
	taps := 0
	b := newWrapButton("Reject the rest (Delete): nothing into gold", func() { taps++ })
	win := test.NewWindow(b)
	defer win.Close()
	one := widget.NewButton(b.Text, nil).MinSize()
	b.Resize(fyne.NewSize(one.Width/2, b.MinSize().Height))
	if min := b.MinSize(); min.Width > one.Width/2 || min.Height <= one.Height {
		t.Errorf("at half its text's width: least size %v (one line: %v)", min, one)
	}
	test.Tap(b)
	b.Disable()
	test.Tap(b)
	if taps != 1 {
		t.Errorf("%d taps, want 1 (the second while disabled)", taps)
	}
}

// TestDashboardWheelOverAMatrixScrollsTheDashboard: the wheel over the
// pairwise matrix (a horizontal scroll in the dashboard's vertical one)
// scrolls the dashboard; Fyne gave it to the matrix, which fits and did
// nothing, so the dashboard stopped under the pointer.
func TestDashboardWheelOverAMatrixScrollsTheDashboard(t *testing.T) {
	w := openWindowAt(t, fyne.NewSize(1024, 640))
	db := w.store
	for _, p := range []string{"President Trump", "Vladimir Putin", "phone call", "peace deal"} {
		addSpan(t, db, "ana", "ACTOR", p, nil)
		addSpan(t, db, "ben", "NEGOTIATION_EVENT", p, nil)
	}
	sum, err := dataset.Agreement(context.Background(), db, dataset.AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	content := w.dashboardContent(sum, func(int64) {})
	win := test.NewWindow(content)
	defer win.Close()
	win.Resize(dashboardSize(fyne.NewSize(1024, 640)))
	var outer, inner fyne.Scrollable
	var outerOffset func() float32
	eachObject(content, func(o fyne.CanvasObject) {
		switch s := o.(type) {
		case *container.Scroll:
			if s.Direction == fyne.ScrollVerticalOnly && outer == nil {
				outer, outerOffset = s, func() float32 { return s.Offset.Y }
			} else if s.Direction == fyne.ScrollHorizontalOnly && inner == nil {
				inner = s
			}
		case *sideScroll:
			if inner == nil {
				inner = s
			}
		}
	})
	if outer == nil || inner == nil {
		t.Fatal("no vertical scroll holding a horizontal one in the dashboard")
	}
	inner.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -120)})
	if outerOffset() <= 0 {
		t.Error("the wheel over the pairwise matrix did not scroll the dashboard")
	}
}

// TestProgressRowsUnderTheirTitles: in the progress window the people's
// rows are a line apart under the column titles; the grid stretched its
// rows to the window's height (two people 120 px apart).
func TestProgressRowsUnderTheirTitles(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	addSpan(t, db, "ana", "ACTOR", "Vladimir Putin", nil)
	addSpan(t, db, "ben", "ACTOR", "Vladimir Putin", nil)
	app := test.NewTempApp(t)
	app.Settings().SetTheme(theme.DefaultTheme())
	win, v := ShowProgress(app, db, nil)
	defer win.Close()
	win.Resize(progressWindowSize)
	if len(v.Rows()) != 2 {
		t.Fatalf("rows %+v", v.Rows())
	}
	title, last := v.grid.Objects[0], v.grid.Objects[len(v.grid.Objects)-1]
	line := widget.NewLabel("X").MinSize().Height
	if gap := last.Position().Y - title.Position().Y; gap > 2*line+2*theme.Padding() {
		t.Errorf("the second person's row is %v px below the titles (a line is %v)", gap, line)
	}
}

// TestSearchLabelBoxShowsTheLabelWhole: the label box of search across
// documents is as wide as the longest label: it was as narrow as its
// placeholder, and the label chosen showed as "CEASE…".
func TestSearchLabelBoxShowsTheLabelWhole(t *testing.T) {
	w := openWindowAt(t, fyne.NewSize(1024, 640))
	w.ShowSearchAcrossDocuments()
	defer w.searchAll.win.Close()
	need := fyne.MeasureText("CASUALTY_OR_DAMAGE", theme.TextSize(), fyne.TextStyle{}).Width
	if got := w.searchAll.labelAs.Size().Width; got < need+theme.IconInlineSize() {
		t.Errorf("the label box is %v px wide, CASUALTY_OR_DAMAGE needs %v and the arrow", got, need)
	}
}

// TestStatisticsChartsEndTogether: the bars and both day charts end at
// the same x: the charts' "max N" took its own width, so each chart
// ended elsewhere.
func TestStatisticsChartsEndTogether(t *testing.T) {
	w := openWindowAt(t, fyne.NewSize(1280, 800))
	w.stats = w.newStatsWindow(w.toolWindow("Statistics", statsWindowSize, func() { w.stats = nil }))
	defer w.stats.win.Close()
	who, docs, days := statsFixture()
	days[1].Spans = 1234 // a wider "max"
	w.stats.draw(who, docs, days)
	w.stats.win.Resize(w.stats.win.Canvas().Size())
	ends := map[float32]int{}
	d := fyne.CurrentApp().Driver()
	eachObject(w.stats.win.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*fyne.Container); ok {
			switch c.Layout.(type) {
			case *stackedLayout, *columnLayout:
				ends[d.AbsolutePositionForObject(c).X+c.Size().Width]++
			}
		}
	})
	if len(ends) != 1 {
		t.Errorf("the bars and charts end at %v", ends)
	}
}
