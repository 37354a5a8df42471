package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/assets"
)

// inViewport reports whether o lies whole inside the inspector's scroll
// as it is scrolled now: the user sees it without scrolling.
func inViewport(w *Window, o fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	sc := w.inspector.scroll
	top := d.AbsolutePositionForObject(sc).Y
	y := d.AbsolutePositionForObject(o).Y
	return o.Visible() && o.Size().Height > 0 && y >= top-0.5 && y+o.Size().Height <= top+sc.Size().Height+0.5
}

// TestSelectedSpanShowsItsFormWithoutScrolling: the right-hand column was
// shared by the labels' need, and a selected span's note was below the
// inspector's fold at 1280×800 (the inspector had 227 px); at 1024×640 it
// had 150 px. While the inspector shows a span it comes first: at
// 1280×800 the label box, every attribute input and the note of spans
// with 4 and 5 attributes show without scrolling, the annotation list
// keeps its 5 rows and the Labels pane 3 labels (it scrolls to the rest);
// at 1024×640 the inspector gets more than 200 px. Tab between spans,
// or selecting text and labelling it, moves no divider; Esc gives the
// Labels pane back every label at 1280×800.
func TestSelectedSpanShowsItsFormWithoutScrolling(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	for _, sub := range []string{"President Trump", "Vladimir Putin", "Ukraine", "peace deal", "phone call", "two hours"} {
		addSpan(t, db, "ana", "ACTOR", sub, nil)
	}
	addSpan(t, db, "ana", "CEASEFIRE_TERM", "immediate ceasefire", nil) // 4 attributes
	addSpan(t, db, "ana", "TERRITORIAL_CONTROL", "Russia invaded", nil) // 5, two of them text
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	byLabel := func(label string) string {
		for _, a := range w.anns {
			if a.Label == label {
				return a.ID
			}
		}
		t.Fatalf("no %s span shown", label)
		return ""
	}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640)} {
		w.win.Resize(size)
		w.ctl.Drain()
		for _, label := range []string{"CEASEFIRE_TERM", "TERRITORIAL_CONTROL"} {
			w.selectAnnotation(byLabel(label))
			w.ctl.Drain()
			f := w.inspector.form
			if f == nil || w.inspector.cur == nil || w.inspector.cur.Label != label {
				t.Fatalf("%v: the inspector does not show the %s span", size, label)
			}
			if got := wholeAnnotationRows(w); got < minAnnotationRowsShown {
				t.Errorf("%v, %s selected: %d annotation rows show whole, want at least %d", size, label, got, minAnnotationRowsShown)
			}
			if got := len(wholeLabelCells(w)); got < labelsRowsInspecting {
				t.Errorf("%v, %s selected: %d labels show whole, want at least %d", size, label, got, labelsRowsInspecting)
			}
			if size.Height < 800 {
				if h := w.inspector.box.Size().Height; h < 200 {
					t.Errorf("%v, %s selected: the inspector is %.0f px high, want more than 200", size, label, h)
				}
				continue
			}
			shown := []fyne.CanvasObject{f.labelSel, f.note}
			for _, a := range f.attrs {
				shown = append(shown, a.obj)
			}
			for i, o := range shown {
				if !inViewport(w, o) {
					t.Errorf("%v, %s selected: input %d of the form (%T, %.0f px high) is outside the inspector's %.0f px view",
						size, label, i, o, o.Size().Height, w.inspector.scroll.Size().Height)
				}
			}
		}
	}
	// Tab from span to span moves no divider.
	right, annotate := w.shell.labelsSplit.Offset, w.shell.annotateSplit.Offset
	for range 3 {
		w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		w.ctl.Drain()
		if r, a := w.shell.labelsSplit.Offset, w.shell.annotateSplit.Offset; r != right || a != annotate {
			t.Fatalf("Tab moved the dividers: %.3f, %.3f -> %.3f, %.3f", right, annotate, r, a)
		}
	}
	// Selecting text to label it (the span deselected), then labelling
	// it, moves no divider either.
	s, e := span(assets.DemoArticle, "Saudi Arabia")
	dragSelect(w, s, e)
	w.View().TypedRune('4')
	w.ctl.Drain()
	if r, a := w.shell.labelsSplit.Offset, w.shell.annotateSplit.Offset; r != right || a != annotate {
		t.Fatalf("selecting text and labelling it moved the dividers: %.3f, %.3f -> %.3f, %.3f", right, annotate, r, a)
	}
	// Esc: nothing selected, the Labels pane shows every label again.
	w.win.Resize(fyne.NewSize(1280, 800))
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	w.ctl.Drain()
	if w.inspector.cur != nil {
		t.Fatal("Esc left a span in the inspector")
	}
	if got, want := len(wholeLabelCells(w)), len(w.schema.Labels); got != want {
		t.Errorf("after Esc at 1280×800: %d of %d labels show whole", got, want)
	}
}

// TestReviewPanelTakesTheLabelsRoom: comparing and curating, the Labels
// pane keeps labelsRowsInspecting rows (it scrolls) and the review panel
// takes the rest, as the inspector does for a selected span; back to
// Annotate, the pane shows every label again (at 1280×800).
func TestReviewPanelTakesTheLabelsRoom(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(1280, 800))
	w.ctl.Drain()
	all := len(wholeLabelCells(w))
	if all <= labelsRowsInspecting {
		t.Fatalf("Annotate shows %d labels whole, want more than %d to start with", all, labelsRowsInspecting)
	}
	annotateLabels := w.labels.list.Size().Height
	for _, m := range []string{modeCompare, modeCurate} {
		w.setMode(m)
		w.ctl.Drain()
		if got := len(wholeLabelCells(w)); got < labelsRowsInspecting || got >= all {
			t.Errorf("%s: %d labels show whole, want %d (of %d)", m, got, labelsRowsInspecting, all)
		}
		if h := w.labels.list.Size().Height; h >= annotateLabels {
			t.Errorf("%s: the Labels pane is %.0f px, as tall as in Annotate (%.0f)", m, h, annotateLabels)
		}
	}
	w.setMode(modeAnnotate)
	w.ctl.Drain()
	if got := len(wholeLabelCells(w)); got != all {
		t.Errorf("back in Annotate, %d labels show whole, want %d", got, all)
	}
}
