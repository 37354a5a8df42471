package articleview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// press types key with the modifier keys held down as a desktop driver
// reports them: KeyDown of each modifier, the key, KeyUp.
func press(v *View, key fyne.KeyName, mods ...fyne.KeyName) {
	for _, m := range mods {
		v.KeyDown(&fyne.KeyEvent{Name: m})
	}
	v.TypedKey(&fyne.KeyEvent{Name: key})
	for _, m := range mods {
		v.KeyUp(&fyne.KeyEvent{Name: m})
	}
}

const shift = desktop.KeyShiftLeft

func selected(v *View) string {
	s, e := v.Selection()
	return v.doc.slice(s, e)
}

// TestShiftArrowsSelectLikeTheMouse: a keyboard selection is snapped to
// words as a drag over the same range is, is reported through
// OnSelectionChanged, and Ctrl+Shift+arrows extend by words.
func TestShiftArrowsSelectLikeTheMouse(t *testing.T) {
	text := "Kyiv has proposed a “ceasefire” along the current line."
	v := newTestView(t, text, 800, 200)
	ps, _ := runeSpan(t, text, "proposed")
	var reported [][2]int
	v.OnSelectionChanged = func(s, e int) { reported = append(reported, [2]int{s, e}) }

	click(v, inside(v, ps))
	if v.Caret() != ps {
		t.Fatalf("click put the caret at %d, want %d", v.Caret(), ps)
	}
	press(v, fyne.KeyRight, shift)
	press(v, fyne.KeyRight, shift)
	if got := selected(v); got != "proposed" {
		t.Fatalf("Shift+Right twice selected %q, want the whole word", got)
	}
	if v.Caret() != ps+2 {
		t.Errorf("caret at %d, want %d (it moves by character)", v.Caret(), ps+2)
	}
	kbS, kbE := v.Selection()
	// The mouse, dragged over the same two characters, selects the same.
	drag(v, inside(v, ps), inside(v, ps+2), 0)
	if s, e := v.Selection(); s != kbS || e != kbE {
		t.Errorf("drag selected %d..%d, keyboard %d..%d", s, e, kbS, kbE)
	}
	if last := reported[len(reported)-1]; last != [2]int{kbS, kbE} {
		t.Errorf("last reported selection %v", last)
	}

	// Ctrl+Shift+Right goes word by word, passing spaces and the quote;
	// the selection's edges are trimmed of punctuation as a drag's are.
	click(v, inside(v, ps))
	ctrlShift := &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	v.TypedShortcut(ctrlShift)
	v.TypedShortcut(ctrlShift)
	v.TypedShortcut(ctrlShift)
	if got := selected(v); got != "proposed a “ceasefire" {
		t.Errorf("three Ctrl+Shift+Right selected %q", got)
	}
	// The same keys as typed keys with Control held (other drivers).
	click(v, inside(v, ps))
	press(v, fyne.KeyRight, shift, desktop.KeyControlLeft)
	if got := selected(v); got != "proposed" {
		t.Errorf("Ctrl+Shift+Right as a key selected %q", got)
	}
	// Ctrl+Shift+Left from there goes back a word; Shift+Left shrinks.
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if s, e := v.Selection(); s != e {
		t.Errorf("back over the word left %q selected", selected(v))
	}
	// Shift+End to the end of the line, Shift+Home from there to its start.
	click(v, inside(v, ps))
	press(v, fyne.KeyEnd, shift)
	if got := selected(v); got != "proposed a “ceasefire” along the current line" {
		t.Errorf("Shift+End selected %q", got)
	}
	press(v, fyne.KeyHome, shift)
	if got := selected(v); got != "Kyiv has" {
		t.Errorf("Shift+Home after Shift+End selected %q", got)
	}
	// A plain arrow collapses the selection to its edge.
	_, hasEnd := runeSpan(t, text, "Kyiv has")
	press(v, fyne.KeyRight)
	if s, e := v.Selection(); s != e || v.Caret() != hasEnd {
		t.Errorf("Right with a selection: %d..%d caret %d, want the caret at %d", s, e, v.Caret(), hasEnd)
	}
}

// TestArrowsStepOverClustersAndLines: Left/Right never split a grapheme
// cluster, a "\r\n" is one step, Up/Down keep the column.
func TestArrowsStepOverClustersAndLines(t *testing.T) {
	text := "ok 👍🏽 e\u0301 fin\r\nsecond line here\nthird line"
	v := newTestView(t, text, 800, 200)
	v.SetSnapToWords(false)
	es, _ := runeSpan(t, text, "👍🏽")
	v.SetCaret(es)
	press(v, fyne.KeyRight)
	if v.Caret() != es+2 {
		t.Fatalf("Right over 👍🏽 went to %d, want %d", v.Caret(), es+2)
	}
	press(v, fyne.KeyLeft, shift)
	if got := selected(v); got != "👍🏽" {
		t.Errorf("Shift+Left selected %q", got)
	}
	ss, _ := runeSpan(t, text, "second")
	v.SetCaret(ss)
	press(v, fyne.KeyLeft)
	if fin := strings.Index(text, "\r"); v.Caret() != ss-2 || fin < 0 {
		t.Errorf("Left over \\r\\n went to %d, want %d", v.Caret(), ss-2)
	}
	press(v, fyne.KeyRight)
	if v.Caret() != ss {
		t.Errorf("Right over \\r\\n went to %d, want %d", v.Caret(), ss)
	}
	// Down from inside "second" lands in "third" under it (the nearest
	// boundary to the same x), Up goes back to the same place.
	v.SetCaret(ss + 3)
	press(v, fyne.KeyDown)
	from, to := v.PositionOf(ss+3), v.PositionOf(v.Caret())
	if ts, _ := runeSpan(t, text, "third"); v.Caret() < ts || v.Caret() > ts+5 || absf(to.X-from.X) > 6 {
		t.Errorf("Down went to %d at x=%v, want under x=%v in %q", v.Caret(), to.X, from.X, "third")
	}
	press(v, fyne.KeyUp)
	if v.Caret() != ss+3 {
		t.Errorf("Up went to %d, want %d", v.Caret(), ss+3)
	}
	press(v, fyne.KeyEnd, desktop.KeyControlLeft)
	if v.Caret() != v.doc.runes() {
		t.Errorf("Ctrl+End went to %d", v.Caret())
	}
}

// TestCaretIsDrawnWhileFocused: the caret shows at its offset while the
// view has the focus, and the caret keys scroll it into view.
func TestCaretIsDrawnWhileFocused(t *testing.T) {
	text := strings.Repeat("Delegations from Kyiv and Moscow held separate technical talks. ", 200)
	v := newTestView(t, text, 400, 200)
	caretRect := func() *canvas.Rectangle {
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width == caretW && r.Size().Height == v.bandHeight() {
				return r
			}
		}
		return nil
	}
	v.SetCaret(5)
	if caretRect() != nil {
		t.Fatal("caret drawn without the focus")
	}
	fyne.CurrentApp().Driver().CanvasForObject(v).Focus(v)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c == nil || c.Focused() != v {
		t.Fatal("view not focused")
	}
	r := caretRect()
	if r == nil {
		t.Fatal("no caret drawn while focused")
	}
	if p := v.PositionOf(5); r.Position().X != p.X-caretW/2 || r.Position().Y != p.Y {
		t.Errorf("caret at %v, want at %v", r.Position(), p)
	}
	for i := 0; i < 30; i++ {
		press(v, fyne.KeyDown)
	}
	p := v.PositionOf(v.Caret())
	if v.ScrollOffset() == 0 || p.Y < 0 || p.Y+v.LineHeight() > v.Size().Height {
		t.Errorf("caret at y=%v after 30 × Down (scroll %v): not in view", p.Y, v.ScrollOffset())
	}
	v.FocusLost()
	if caretRect() != nil {
		t.Error("caret still drawn after the focus left")
	}
}

// TestShortcutsReachTheWindow: the view takes the caret's shortcuts and
// Ctrl+C, and passes the window's own (registered on the canvas) on.
func TestShortcutsReachTheWindow(t *testing.T) {
	text := "Kyiv has proposed a ceasefire."
	v := newTestView(t, text, 800, 200)
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	found, undone := 0, 0
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { found++ })
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { undone++ })
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	v.TypedShortcut(&fyne.ShortcutUndo{})
	if found != 1 || undone != 1 {
		t.Errorf("Ctrl+F reached the window %d times, Ctrl+Z %d", found, undone)
	}
	s, e := runeSpan(t, text, "proposed")
	v.SetSelection(s, e)
	cb := test.NewClipboard()
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if cb.Content() != "proposed" {
		t.Errorf("Ctrl+C copied %q", cb.Content())
	}
}
