package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
// column: the list keeps 5 rows whole (4 at 1024×640), the Labels pane takes
// what is left up to its labels (scrolling the rest) and the inspector,
// showing its hint, keeps the hint's height: kept room for a form it did
// not show, the Labels pane showed 5 of 8 labels at 1024×640. Every label
// shows at both sizes; the article keeps its width.
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
		least := minAnnotationRowsShown
		if size.Height < 800 {
			least = annotationRowsIdle // all 8 labels first, nothing inspected
		}
		if got := wholeAnnotationRows(w); got < least {
			t.Errorf("%v: %d annotation rows show whole (list %.0f px high, Labels pane %.0f, inspector %.0f), want at least %d",
				size, got, w.annList.list.Size().Height, w.shell.labelsSplit.Leading.Size().Height, w.inspector.box.Size().Height, least)
		}
		if h, need := w.inspector.box.Size().Height, w.inspector.title.MinSize().Height+w.inspector.hint[0].MinSize().Height; h < need-0.5 {
			t.Errorf("%v: the inspector is %.0f px high, its hint needs %.0f", size, h, need)
		}
		if got, all := len(wholeLabelCells(w)), len(w.schema.Labels); got < all {
			t.Errorf("%v: %d of %d labels show whole", size, got, all)
		}
		if _, article, _ := columnWidths(w); article < articleMin(size.Width-16)-0.5 {
			t.Errorf("%v: the article is %.0f px", size, article)
		}
	}
}

// TestMovedDividersGiveWayToTheInspector: the Labels divider dragged down
// (to 0.6, remembered) and the list's divider too (0.6) stayed put when a
// span was selected, and the inspector had 80 px at 1024×640. While a
// span is inspected the panes below the Labels pane keep their least (5
// list rows, inspectorLeast); at Esc both dividers go back to where the
// user put them, and that is what is saved, not where they gave way to.
// Nothing selected, the inspector's hint stays whole whatever the
// dividers.
func TestMovedDividersGiveWayToTheInspector(t *testing.T) {
	test.NewTempApp(t)
	p := fyne.CurrentApp().Preferences()
	p.SetFloat("split.right", 0.6)
	p.SetFloat("split.annotate", 0.6)
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	for _, sub := range []string{"President Trump", "Vladimir Putin", "Ukraine", "peace deal", "phone call", "two hours"} {
		addSpan(t, db, "ana", "ACTOR", sub, nil)
	}
	w := openWindowOnApp(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	labels, annotate := w.shell.labelsSplit, w.shell.annotateSplit
	for _, size := range []fyne.Size{fyne.NewSize(1024, 640), fyne.NewSize(1280, 800)} {
		w.win.Resize(size)
		w.ctl.Drain()
		if labels.Offset != 0.6 || annotate.Offset != 0.6 {
			t.Fatalf("%v, nothing selected: dividers at %.3f, %.3f, want the user's 0.6, 0.6", size, labels.Offset, annotate.Offset)
		}
		w.selectAnnotation(w.anns[2].ID)
		w.ctl.Drain()
		if h := w.inspector.box.Size().Height; h < inspectorLeast-0.5 {
			t.Errorf("%v, a span selected: the inspector is %.0f px high, want at least %d", size, h, inspectorLeast)
		}
		if got := wholeAnnotationRows(w); got < minAnnotationRowsShown {
			t.Errorf("%v, a span selected: %d annotation rows show whole, want %d", size, got, minAnnotationRowsShown)
		}
		w.SaveLayout()
		if r, a := p.Float("split.right"), p.Float("split.annotate"); r != 0.6 || a != 0.6 {
			t.Errorf("%v, a span selected: saved %.3f, %.3f, want the user's 0.6, 0.6", size, r, a)
		}
		w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		w.ctl.Drain()
		if labels.Offset != 0.6 || annotate.Offset != 0.6 {
			t.Errorf("%v, after Esc: dividers at %.3f, %.3f, want the user's 0.6, 0.6 back", size, labels.Offset, annotate.Offset)
		}
	}
	// The Labels divider dragged further down, nothing selected: the
	// list gives way and the inspector's hint stays whole.
	labels.SetOffset(0.75)
	w.ctl.Drain()
	if h, need := w.inspector.box.Size().Height, w.inspector.hintNeed(compactPad()); labels.Offset != 0.75 || h < need-0.5 {
		t.Errorf("the Labels divider dragged to 0.75: at %.3f, the inspector %.0f px high, its hint needs %.0f (annotate %.3f, lower %v, list min %v)", labels.Offset, h, need, annotate.Offset, w.rightStack.Size(), w.annList.box.MinSize())
	}
	// A divider moved again while a span is inspected is the user's new place.
	w.selectAnnotation(w.anns[1].ID)
	w.ctl.Drain()
	labels.SetOffset(0.3)
	w.SaveLayout()
	if r := p.Float("split.right"); r != 0.3 {
		t.Errorf("the Labels divider moved to 0.3 saved as %.3f", r)
	}
}

// compactPad is the right-hand panes' padding.
func compactPad() float32 { return compactTheme{}.Size(theme.SizeNamePadding) }

// TestDraggedLabelsDividerKeepsTheHintWhole: at 1024×640, the Labels
// divider dragged 60 px down (the list's divider never moved) shared the
// rest between the list's 4 rows and the hint by their needs, and the
// hint's second line was cut. The hint stays whole and the list gives
// way. With a span selected at 1280×800 the Labels pane is no taller than
// its labels: the divider's empty room below them goes to the inspector.
func TestDraggedLabelsDividerKeepsTheHintWhole(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	for _, sub := range []string{"President Trump", "Vladimir Putin", "Ukraine", "peace deal", "phone call", "two hours"} {
		addSpan(t, db, "ana", "ACTOR", sub, nil)
	}
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(1024, 640))
	w.ctl.Drain()
	labels := w.shell.labelsSplit
	inner := labels.Size().Height - 2*compactPad()
	for _, drag := range []float32{30, 60} {
		labels.SetOffset(w.shell.labelsSplit.Offset + float64(drag/inner))
		w.ctl.Drain()
		if h, need := w.inspector.box.Size().Height, w.inspector.hintNeed(compactPad()); h < need-0.5 {
			t.Errorf("the Labels divider dragged %.0f px down: the inspector is %.0f px high, its hint needs %.0f", drag, h, need)
		}
	}
	w.win.Resize(fyne.NewSize(1280, 800))
	w.selectAnnotation(w.anns[2].ID)
	w.ctl.Drain()
	cells := wholeLabelCells(w)
	if h, cell := w.labels.list.Size().Height, w.labels.cellHeight+compactPad(); h > float32(len(cells)+1)*cell {
		t.Errorf("a span selected at 1280×800: the Labels pane's list is %.0f px for %d labels of %.0f px", h, len(cells), cell)
	}
	if h := w.inspector.box.Size().Height; h < 200 { // 150 when the empty room stayed the Labels pane's
		t.Errorf("a span selected at 1280×800: the inspector is %.0f px high, want the room below the labels too", h)
	}
}
