package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestWheelOverTheNoteScrollsTheForm: at 1024×640 a PRECONDITION span's
// form is taller than the inspector; the wheel scrolled it until the
// note's box came under the pointer, and then the box's own scroll took
// every wheel event, so the relations below could not be brought into
// view. The wheel over the note scrolls the form to its end.
func TestWheelOverTheNoteScrollsTheForm(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	addSpan(t, db, "ana", "PRECONDITION", "immediate ceasefire", nil)
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	w.win.Resize(fyne.NewSize(1024, 640))
	w.ctl.Drain()
	w.selectAnnotation(w.anns[0].ID)
	w.ctl.Drain()
	in := w.inspector
	most := in.scroll.Content.MinSize().Height - in.scroll.Size().Height
	if most <= 0 {
		t.Fatalf("the form fits the inspector (%.0f px in %.0f): the test needs it taller", in.scroll.Content.MinSize().Height, in.scroll.Size().Height)
	}
	d := fyne.CurrentApp().Driver()
	for range 40 {
		// Wherever the note's box is now, or the middle of the inspector.
		at := d.AbsolutePositionForObject(in.scroll).Add(fyne.NewPos(in.scroll.Size().Width/2, in.scroll.Size().Height/2))
		if note := in.form.note; inViewport(w, note) {
			at = d.AbsolutePositionForObject(note).Add(fyne.NewPos(note.Size().Width/2, note.Size().Height/2))
		}
		test.Scroll(w.win.Canvas(), at, 0, -10)
	}
	if got := in.scroll.Offset.Y; got < most-0.5 {
		t.Fatalf("after 40 wheel steps the form is scrolled to %.0f of %.0f px", got, most)
	}
	if rels := in.form.rels.box; !inViewport(w, rels) {
		t.Errorf("the relations part is not in view at the form's end")
	}
}
