package articleview

import (
	"sort"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// Keyboard selection. The view keeps a caret, drawn while it has the
// focus, that the keys move:
//
//	Left/Right        one grapheme cluster (with a selection: to its edge)
//	Ctrl+Left/Right   to the previous word start / next word end
//	Up/Down           one visual line, keeping the column
//	Home/End          start/end of the visual line (Ctrl: of the text)
//	PageUp/PageDown   a page (Space: a page down)
//
// With Shift each extends the selection from where it began (the anchor),
// and the selection is snapped to words exactly as a mouse drag is (while
// SetSnapToWords is on), so it reports through OnSelectionChanged and
// labels with the hotkeys like a mouse selection. The caret itself moves
// by character: it shows where the next Shift+arrow continues from.
//
// Ctrl+arrow keys reach a Fyne widget as shortcuts, not typed keys, so the
// view is a fyne.Shortcutable: it handles those and Ctrl+C (copy the
// selected text), and passes every other shortcut on to its canvas, where
// the window's own shortcuts (Ctrl+Z, Ctrl+F, ...) are registered.

// caretState is the keyboard caret.
type caretState struct {
	caret   int     // code-point offset
	wantX   float32 // column kept across Up/Down; -1 = take the caret's
	focused bool    // drawn only while the view has the focus
}

// caretW is the width of the drawn caret.
const caretW = float32(2)

var _ fyne.Shortcutable = (*View)(nil)

// moveTo puts the caret at off (a pointer action), forgetting the column.
func (c *caretState) moveTo(off int) { c.caret, c.wantX = off, -1 }

// Caret returns the caret's code-point offset.
func (v *View) Caret() int { return v.doc.clamp(v.kbd.caret) }

// SetCaret moves the caret to off (clamped) and collapses the selection,
// without calling OnSelectionChanged.
func (v *View) SetCaret(off int) {
	off = v.doc.clamp(off)
	v.kbd.moveTo(off)
	v.selStart, v.selEnd, v.anchor = off, off, off
	v.Refresh()
}

func (v *View) setFocused(on bool) {
	if v.kbd.focused != on {
		v.kbd.focused = on
		v.Refresh()
	}
}

// caretKey moves the caret for a navigation key; it reports false for
// other keys. mods are the modifiers held.
func (v *View) caretKey(name fyne.KeyName, mods fyne.KeyModifier) bool {
	shift := mods&fyne.KeyModifierShift != 0
	word := mods&fyne.KeyModifierShortcutDefault != 0
	c := v.doc.clamp(v.kbd.caret)
	sel := v.selEnd > v.selStart
	keepX := false
	var to int
	switch name {
	case fyne.KeyLeft:
		switch {
		case word:
			to = v.prevWordStart(c)
		case sel && !shift:
			to = v.selStart
		default:
			to = v.prevBoundary(c)
		}
	case fyne.KeyRight:
		switch {
		case word:
			to = v.nextWordEnd(c)
		case sel && !shift:
			to = v.selEnd
		default:
			to = v.nextBoundary(c)
		}
	case fyne.KeyUp, fyne.KeyDown:
		if word {
			return false // Ctrl+Up/Down belong to the window (documents)
		}
		d := 1
		if name == fyne.KeyUp {
			d = -1
		}
		to, keepX = v.lineMove(c, d), true
	case fyne.KeyHome:
		to = 0
		if !word {
			to = int(v.lay.lines[v.lay.lineOf(c)].start)
		}
	case fyne.KeyEnd:
		to = v.doc.runes()
		if !word {
			to = v.visualLineEnd(v.lay.lineOf(c))
		}
	case fyne.KeyPageUp:
		to, keepX = v.pageMove(c, -1), true
	case fyne.KeyPageDown, fyne.KeySpace:
		to, keepX = v.pageMove(c, 1), true
	default:
		return false
	}
	v.moveCaret(to, shift, keepX)
	return true
}

// moveCaret puts the caret at to; extend keeps the anchor and selects from
// it to the caret (snapped), otherwise the selection collapses there.
func (v *View) moveCaret(to int, extend, keepX bool) {
	if !keepX {
		v.kbd.wantX = -1
	}
	if extend {
		if v.selEnd <= v.selStart {
			v.anchor = v.doc.clamp(v.kbd.caret)
		}
		v.kbd.caret = to
		a, b := v.anchor, to
		if a > b {
			a, b = b, a
		}
		if v.snap {
			a, b = v.snapRange(a, b)
		}
		v.setUserSelection(a, b)
	} else {
		v.kbd.caret, v.anchor = to, to
		v.setUserSelection(to, to)
	}
	v.caretIntoView()
	v.Refresh()
}

// caretIntoView scrolls as little as needed for the caret's line to show.
func (v *View) caretIntoView() {
	i := v.lay.lineOf(v.doc.clamp(v.kbd.caret))
	top, bottom, h := v.lineTop(i), v.textTop(i)+v.bandHeight(), v.Size().Height
	switch {
	case top < 0:
		v.setScroll(v.scrollY + top)
	case bottom > h:
		v.setScroll(v.scrollY + min(bottom-h, top))
	default:
		return
	}
	v.scrollTarget = -1
}

// prevBoundary is the grapheme boundary before c; a line terminator
// ("\n" or "\r\n") is one step.
func (v *View) prevBoundary(c int) int {
	if c <= 0 {
		return 0
	}
	ln := v.lay.lines[v.lay.lineOf(c-1)]
	if c-1 >= int(ln.end) { // c follows a paragraph's terminator
		return int(ln.end)
	}
	b := v.doc.graphemeBounds(int(ln.start), int(ln.end))
	return b[sort.SearchInts(b, c)-1]
}

// nextBoundary is the grapheme boundary after c.
func (v *View) nextBoundary(c int) int {
	n := v.doc.runes()
	if c >= n {
		return n
	}
	i := v.lay.lineOf(c)
	ln := v.lay.lines[i]
	if c >= int(ln.end) { // on a paragraph's terminator
		if i+1 < len(v.lay.lines) {
			return int(v.lay.lines[i+1].start)
		}
		return n
	}
	b := v.doc.graphemeBounds(int(ln.start), int(ln.end))
	return b[sort.SearchInts(b, c+1)]
}

// wordy reports whether [a, b) holds anything but white space and
// punctuation: a word to stop at.
func (v *View) wordy(a, b int) bool {
	for i := a; i < b; i++ {
		if !isTrimmable(v.doc.runeAt(i)) {
			return true
		}
	}
	return false
}

// nextWordEnd is the end of the word at or after c.
func (v *View) nextWordEnd(c int) int {
	n := v.doc.runes()
	for c < n {
		ws, we := v.wordAround(c)
		if we <= c {
			we = c + 1
		}
		if v.wordy(max(ws, c), we) {
			return we
		}
		c = we
	}
	return n
}

// prevWordStart is the start of the word before c.
func (v *View) prevWordStart(c int) int {
	for c > 0 {
		ws, we := v.wordAround(c - 1)
		if ws >= c {
			ws = c - 1
		}
		if v.wordy(ws, min(we, c)) {
			return ws
		}
		c = ws
	}
	return 0
}

// lineMove is the offset d visual lines from c's, in the kept column.
func (v *View) lineMove(c, d int) int {
	i := v.lay.lineOf(c)
	if v.kbd.wantX < 0 {
		v.kbd.wantX = v.lay.xAt(i, c)
	}
	j := i + d
	switch {
	case j < 0:
		return 0
	case j >= len(v.lay.lines):
		return v.doc.runes()
	}
	off, _ := v.lay.hit(j, v.kbd.wantX)
	return off
}

// visualLineEnd is where End puts the caret on line i: its end, or before
// the spaces a wrapped line hangs past the margin (after them the caret
// would belong to the next line).
func (v *View) visualLineEnd(i int) int {
	ln := v.lay.lines[i]
	e := int(ln.end)
	if i+1 < len(v.lay.lines) && int(v.lay.lines[i+1].start) == e {
		for e > int(ln.start) && unicode.IsSpace(v.doc.runeAt(e-1)) {
			e--
		}
	}
	return e
}

// pageMove scrolls a page in direction dir and returns the offset at the
// caret's place on the screen (its kept column), or the text's start or end
// when the view cannot scroll further.
func (v *View) pageMove(c, dir int) int {
	h, bh := v.Size().Height, v.bandHeight()
	i := v.lay.lineOf(c)
	if v.kbd.wantX < 0 {
		v.kbd.wantX = v.lay.xAt(i, c)
	}
	y := v.textTop(i)
	if y < 0 || y >= h {
		y = 0
	}
	old := v.scrollY
	v.setScroll(v.scrollY + float32(dir)*(h-bh))
	v.scrollTarget = -1
	if v.scrollY == old {
		if dir < 0 {
			return 0
		}
		return v.doc.runes()
	}
	off, _ := v.lay.hit(v.lineAtY(y+bh/2), v.kbd.wantX)
	return off
}

// TypedShortcut implements fyne.Shortcutable: Ctrl(+Shift)+Left/Right/
// Home/End move the caret, Ctrl+C copies the selected text; every other
// shortcut goes on to the canvas's shortcuts.
func (v *View) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *desktop.CustomShortcut:
		m := sc.Modifier &^ fyne.KeyModifierShift
		if m == fyne.KeyModifierShortcutDefault && v.ensureLayout() {
			switch sc.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
				v.caretKey(sc.KeyName, sc.Modifier)
				return
			}
		}
	case *fyne.ShortcutCopy:
		if v.selEnd > v.selStart && sc.Clipboard != nil {
			sc.Clipboard.SetContent(v.doc.slice(v.selStart, v.selEnd))
			return
		}
	}
	if app := fyne.CurrentApp(); app != nil {
		if c, ok := app.Driver().CanvasForObject(v).(interface{ TypedShortcut(fyne.Shortcut) }); ok {
			c.TypedShortcut(s)
		}
	}
}

// drawCaret draws the caret while the view has the focus and its line is
// on the page.
func (r *renderer) drawCaret(first, last int, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	if !v.kbd.focused {
		return
	}
	c := v.doc.clamp(v.kbd.caret)
	i := v.lay.lineOf(c)
	if i < first || i > last {
		return
	}
	x := v.left() + v.lay.xAt(i, c)
	r.rect(th.Color(theme.ColorNameForeground, variant), nil, 0, fyne.NewPos(x-caretW/2, v.textTop(i)), fyne.NewSize(caretW, v.bandHeight()))
}
