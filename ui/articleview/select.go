package articleview

import (
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/rivo/uniseg"
)

type dragMode int

const (
	dragNone dragMode = iota
	dragSelect
	dragEdgeStart
	dragEdgeEnd
	dragScrollbar
	dragFragment  // FragmentModifier+drag with a span selected: pick a fragment
	dragConnector // pressed on a connector: a click selects it, a drag does nothing
)

// interaction is the transient pointer state between MouseDown and DragEnd
// (or Tapped), plus the hover state used for the tooltip.
type interaction struct {
	mode        dragMode
	raw         bool // RawModifier held at MouseDown: no word snapping
	shift       bool // Shift held at MouseDown: the tap extended the selection
	dragged     bool // a drag happened since MouseDown: the coming tap is not a click
	edgeID      string
	edgeS       int // preview of the span being resized
	edgeE       int
	fragAnchor  int // where a fragment pick began
	fragS       int // preview of the fragment being picked
	fragE       int
	fragClick   bool          // the MouseDown started a fragment pick: the tap keeps the span
	lastTapSet  []string      // ids covering the last tapped point, to cycle through
	lastTapAt   time.Time     // when the last plain click was, for double-clicks
	lastTapPos  fyne.Position // where it was
	tooltip     string
	tipPos      fyne.Position
	hoverEdge   bool
	hasPointer  bool
	lastPointer fyne.Position
}

var (
	_ desktop.Mouseable  = (*View)(nil)
	_ desktop.Hoverable  = (*View)(nil)
	_ desktop.Cursorable = (*View)(nil)
	_ fyne.Draggable     = (*View)(nil)
	_ fyne.Tappable      = (*View)(nil)
	_ fyne.Focusable     = (*View)(nil)
	_ fyne.Scrollable    = (*View)(nil)
)

// lineStartFor returns an offset at or before off from which word
// segmentation can start: the start of off's visual line, or of the line
// before when the wrap there fell inside a word (grapheme fallback).
func (v *View) lineStartFor(off int) int {
	i := v.lay.lineOf(off)
	s := int(v.lay.lines[i].start)
	if i > 0 && s > 0 && int(v.lay.lines[i-1].end) == s && !isTrimmable(v.doc.runeAt(s-1)) {
		s = int(v.lay.lines[i-1].start)
	}
	return s
}

// wordAround returns the UAX #29 word [ws, we) containing rune off.
func (v *View) wordAround(off int) (ws, we int) {
	pos := v.lineStartFor(off)
	s := v.doc.text[v.doc.byteOff[pos]:]
	state := -1
	for len(s) > 0 {
		var w string
		w, s, state = uniseg.FirstWordInString(s, state)
		n := utf8.RuneCountInString(w)
		if off < pos+n {
			return pos, pos + n
		}
		pos += n
	}
	return off, off
}

// WordBounds returns the word (UAX #29) containing rune off, for callers
// implementing keyboard selection (Ctrl+Shift+Left/Right) via OnKey.
func (v *View) WordBounds(off int) (start, end int) {
	if !v.ensureLayout() {
		return off, off
	}
	return v.wordAround(v.doc.clamp(off))
}

// SnapRange returns [a, b) widened to whole words and trimmed of white space
// and punctuation, as a mouse selection would be snapped.
func (v *View) SnapRange(a, b int) (start, end int) {
	a, b = v.doc.clamp(a), v.doc.clamp(b)
	if a > b {
		a, b = b, a
	}
	return v.snapRange(a, b)
}

// snapRange widens [a, b) to whole words, then trims white space and
// punctuation (quotes, guillemets, commas, full stops) from both ends so
// that dragging across “foo” selects foo. If trimming leaves nothing the
// unsnapped range is kept.
func (v *View) snapRange(a, b int) (int, int) {
	if a >= b || !v.ensureLayout() {
		return a, b
	}
	s, _ := v.wordAround(a)
	_, e := v.wordAround(b - 1)
	if s > a {
		s = a
	}
	if e < b {
		e = b
	}
	bounds := v.doc.graphemeBounds(s, e)
	i, j := 0, len(bounds)-1
	for i < j && isTrimmable(v.doc.runeAt(bounds[i])) {
		i++
	}
	for j > i && isTrimmable(v.doc.runeAt(bounds[j-1])) {
		j--
	}
	if i >= j {
		return a, b
	}
	return bounds[i], bounds[j]
}

// setUserSelection changes the selection on behalf of the user and tells
// the caller if it changed.
func (v *View) setUserSelection(a, b int) {
	if a > b {
		a, b = b, a
	}
	if a == v.selStart && b == v.selEnd {
		return
	}
	v.selStart, v.selEnd = a, b
	v.Refresh()
	if v.OnSelectionChanged != nil {
		v.OnSelectionChanged(a, b)
	}
}

func (v *View) extendTo(off int) {
	v.kbd.moveTo(off)
	a, b := v.anchor, off
	if a > b {
		a, b = b, a
	}
	if v.snap && !v.in.raw {
		a, b = v.snapRange(a, b)
	}
	v.setUserSelection(a, b)
}

func (v *View) requestFocus() {
	if app := fyne.CurrentApp(); app != nil {
		if c := app.Driver().CanvasForObject(v); c != nil && c.Focused() != v {
			c.Focus(v)
		}
	}
}

// edgeAt reports whether pos is within edgeGrab px of the start
// (dragEdgeStart) or end (dragEdgeEnd) edge of a fragment of the selected
// span, and which fragment.
func (v *View) edgeAt(pos fyne.Position) (dragMode, *hlEntry) {
	if v.selectedID == "" || !v.ensureLayout() {
		return dragNone, nil
	}
	lh := v.bandHeight()
	near := func(p fyne.Position) bool {
		return pos.Y >= p.Y && pos.Y < p.Y+lh && pos.X >= p.X-edgeGrab && pos.X <= p.X+edgeGrab
	}
	var buf [4]*hlEntry
	for _, e := range v.fragmentsOf(v.selectedID, buf[:0]) {
		if near(v.PositionOf(e.Start)) {
			return dragEdgeStart, e
		}
		if near(v.endPositionOf(e.End)) {
			return dragEdgeEnd, e
		}
	}
	return dragNone, nil
}

func (v *View) onScrollbar(pos fyne.Position) bool {
	return v.contentHeight() > v.Size().Height && pos.X >= v.Size().Width-scrollBarW-4
}

// MouseDown sets the selection anchor (desktop.Mouseable). Shift extends the
// current selection; on the selected span's edge it starts a boundary drag.
func (v *View) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.requestFocus()
	if !v.ensureLayout() {
		return
	}
	v.in.mode = dragNone
	v.in.dragged = false
	v.in.fragClick = false
	// The mouse event carries the modifiers held now. Key tracking
	// (v.mods) missed the release of a modifier that went to a dialog:
	// Ctrl+, opens Preferences, Ctrl is let go over it, and the view,
	// still focused under the dialog, went on taking every click for a
	// Ctrl+click (a fragment of the selected span: nothing happened).
	// So the press resets the tracking to what is held.
	v.mods = ev.Modifier
	mods := ev.Modifier
	v.in.raw = v.RawModifier != 0 && mods&v.RawModifier != 0
	v.in.shift = mods&fyne.KeyModifierShift != 0
	if v.onScrollbar(ev.Position) {
		v.in.mode = dragScrollbar
		return
	}
	if v.FragmentModifier != 0 && mods&v.FragmentModifier != 0 && v.OnFragmentSelected != nil && v.hl.get(v.selectedID) != nil {
		off := v.OffsetAt(ev.Position)
		v.in.mode, v.in.fragClick = dragFragment, true
		v.in.fragAnchor, v.in.fragS, v.in.fragE = off, off, off
		return
	}
	if m, e := v.edgeAt(ev.Position); m != dragNone {
		v.in.mode, v.in.edgeID, v.in.edgeS, v.in.edgeE = m, e.ID, e.Start, e.End
		return
	}
	// A press on a relation's line or label is the relation's (Tapped
	// selects it): it leaves the caret, the anchor and the selection where
	// they were (issue 15: it moved the caret to the click point).
	if !v.in.shift && v.connectorUnder(ev.Position) != "" {
		v.in.mode = dragConnector
		return
	}
	v.in.mode = dragSelect
	off := v.OffsetAt(ev.Position)
	if v.in.shift {
		v.extendTo(off)
		return
	}
	v.anchor = off
	v.kbd.moveTo(off)
	v.setUserSelection(off, off)
}

// MouseUp implements desktop.Mouseable; the work happens in DragEnd/Tapped.
func (v *View) MouseUp(*desktop.MouseEvent) {}

// Dragged extends the selection, resizes the selected span or scrolls. The
// driver keeps sending drag events here even when the pointer has left the
// view; beyond the top or bottom edge the view auto-scrolls.
func (v *View) Dragged(ev *fyne.DragEvent) {
	if !v.ensureLayout() {
		return
	}
	pos := ev.Position
	if v.in.mode == dragNone && !v.in.dragged {
		// No MouseDown seen (e.g. a non-desktop driver or test.Drag): the drag
		// began where the pointer was one delta ago.
		v.in.mode = dragSelect
		v.anchor = v.OffsetAt(pos.Subtract(ev.Dragged))
	}
	v.in.dragged = true
	v.in.tooltip = ""
	switch v.in.mode {
	case dragScrollbar:
		v.scrollTarget = -1
		h := v.Size().Height
		if h > 0 {
			v.setScroll(v.scrollY + ev.Dragged.DY*v.contentHeight()/h)
		}
		v.Refresh()
	case dragEdgeStart, dragEdgeEnd:
		off := v.OffsetAt(pos)
		snap := v.snap && !v.in.raw
		if v.in.mode == dragEdgeStart {
			if snap {
				off, _ = v.wordAround(off)
			}
			if off < v.in.edgeE {
				v.in.edgeS = off
			}
		} else {
			if snap && off > 0 {
				_, off = v.wordAround(off - 1)
			}
			if off > v.in.edgeS {
				v.in.edgeE = off
			}
		}
		v.Refresh()
	case dragSelect:
		v.autoScroll(pos)
		v.extendTo(v.OffsetAt(pos))
	case dragFragment:
		v.autoScroll(pos)
		a, b := v.in.fragAnchor, v.OffsetAt(pos)
		if a > b {
			a, b = b, a
		}
		if v.snap && !v.in.raw {
			a, b = v.snapRange(a, b)
		}
		if a != v.in.fragS || b != v.in.fragE {
			v.in.fragS, v.in.fragE = a, b
			v.Refresh()
		}
	}
}

func (v *View) autoScroll(pos fyne.Position) {
	h := v.Size().Height
	var d float32
	switch {
	case pos.Y < 0:
		d = pos.Y
	case pos.Y > h:
		d = pos.Y - h
	default:
		return
	}
	if lh := v.lineHeight(); d > 2*lh {
		d = 2 * lh
	} else if d < -2*lh {
		d = -2 * lh
	}
	v.scrollTarget = -1
	v.setScroll(v.scrollY + d)
	v.Refresh()
}

// DragEnd finishes a selection or reports a boundary drag or a fragment.
func (v *View) DragEnd() {
	mode := v.in.mode
	v.in.mode = dragNone
	if mode == dragFragment {
		s, e := v.in.fragS, v.in.fragE
		v.in.fragS, v.in.fragE = 0, 0
		v.Refresh()
		if e > s && v.OnFragmentSelected != nil {
			v.OnFragmentSelected(s, e)
		}
		return
	}
	if mode == dragEdgeStart || mode == dragEdgeEnd {
		id, s, e := v.in.edgeID, v.in.edgeS, v.in.edgeE
		v.in.edgeID = ""
		v.Refresh()
		if h := v.hl.get(id); h != nil && (h.Start != s || h.End != e) && v.OnBoundaryDrag != nil {
			v.OnBoundaryDrag(id, s, e)
		}
	}
}

// Tapped handles a click without drag: it focuses the view, and selects the
// innermost span under the pointer; clicking the same spot again cycles
// through the spans covering it; clicking plain text clears the span.
//
// A second click within doubleClickTime and doubleClickSlop of the first
// selects the word under it instead (selectWordAt). The view detects
// double-clicks itself rather than implementing fyne.DoubleTappable,
// because Fyne holds back every single tap of a DoubleTappable widget
// for its double-tap delay (300 ms), which made clicking a span feel slow.
func (v *View) Tapped(ev *fyne.PointEvent) {
	v.requestFocus()
	now := v.clock()
	double := !v.in.lastTapAt.IsZero() && now.Sub(v.in.lastTapAt) <= doubleClickTime &&
		absf(ev.Position.X-v.in.lastTapPos.X) <= doubleClickSlop && absf(ev.Position.Y-v.in.lastTapPos.Y) <= doubleClickSlop
	v.in.lastTapAt, v.in.lastTapPos = now, ev.Position
	if v.in.dragged || v.in.shift || v.in.fragClick {
		v.in.lastTapAt = time.Time{}
		// A fragment click without a drag keeps the selected span.
		v.in.dragged, v.in.shift, v.in.fragClick = false, false, false
		if v.in.mode == dragFragment {
			v.in.mode = dragNone
		}
		return
	}
	// A click on a connector selects it (a double-click too: it must not
	// select a word of the text below), and nothing else: the caret and
	// the text selection stay (MouseDown left them; the caller decides
	// whether the selection goes).
	if id := v.connectorUnder(ev.Position); id != "" {
		v.in.mode = dragNone
		v.in.lastTapSet = nil
		v.selectedConn, v.selectedID = id, ""
		v.Refresh()
		if v.OnConnectorSelected != nil {
			v.OnConnectorSelected(id)
		}
		return
	}
	v.setUserSelection(v.selStart, v.selStart) // a plain click collapses the selection
	off := v.runeAtPos(ev.Position)
	var cov []*hlEntry
	if off >= 0 {
		cov = v.hl.covering(off)
	}
	// A click on a label tag (tags.go) is its span's.
	if tag := v.tagAt(ev.Position); tag != "" {
		cov = []*hlEntry{v.hl.get(tag)}
	}
	if double {
		v.in.lastTapAt = time.Time{} // a third click starts afresh
		v.selectWordAt(ev.Position)
		return
	}
	if v.selectedConn != "" {
		v.selectedConn = ""
		v.Refresh()
		if v.OnConnectorSelected != nil {
			v.OnConnectorSelected("")
		}
	}
	if v.tapSuggestion(off, len(cov) > 0) {
		return
	}
	ids := make([]string, len(cov))
	for i, e := range cov {
		ids[i] = e.ID
	}
	next := ""
	if len(ids) > 0 {
		next = ids[0]
		if sameIDs(ids, v.in.lastTapSet) {
			for i, id := range ids {
				if id == v.selectedID {
					next = ids[(i+1)%len(ids)]
					break
				}
			}
		}
	}
	v.in.lastTapSet = ids
	if next == v.selectedID {
		return
	}
	v.selectedID = next
	v.Refresh()
	if v.OnHighlightSelected != nil {
		v.OnHighlightSelected(next)
	}
}

// connectorUnder is the connector a click at pos is for ("": none). A
// connector runs in the space above a line's text and in the margin: a
// click there is the connector's; on a span's text or a label tag
// (tags.go) the span wins.
func (v *View) connectorUnder(pos fyne.Position) string {
	if !v.ensureLayout() || v.tagAt(pos) != "" {
		return ""
	}
	if off := v.runeAtPos(pos); off >= 0 && len(v.hl.covering(off)) > 0 && pos.Y >= v.textTop(v.lay.lineOf(off)) {
		return ""
	}
	return v.connectorAt(pos)
}

func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// doubleClickTime and doubleClickSlop bound a double-click: the usual
// desktop interval, and a few pixels of hand movement.
const (
	doubleClickTime = 400 * time.Millisecond
	doubleClickSlop = 6
)

func absf(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// selectWordAt selects the word at pos (trimmed of punctuation): what a
// double-click does.
func (v *View) selectWordAt(pos fyne.Position) {
	off := v.runeAtPos(pos)
	if off < 0 {
		return
	}
	s, e := v.wordAround(off)
	if s2, e2 := v.snapRange(s, e); s2 < e2 {
		s, e = s2, e2
	}
	v.anchor = s
	v.kbd.moveTo(e)
	v.setUserSelection(s, e)
}

// MouseIn implements desktop.Hoverable.
func (v *View) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved updates the tooltip of the spans under the pointer.
func (v *View) MouseMoved(ev *desktop.MouseEvent) {
	v.in.hasPointer, v.in.lastPointer = true, ev.Position
	m, _ := v.edgeAt(ev.Position)
	v.in.hoverEdge = m != dragNone
	tip := v.tipAt(ev.Position)
	if tip == v.in.tooltip && (tip == "" || v.in.tipPos == ev.Position) {
		return
	}
	v.in.tooltip, v.in.tipPos = tip, ev.Position
	v.Refresh()
}

// tipAt is the tooltip for the pointer at pos: the labels of the spans
// under it, or a relation's over its line or label.
func (v *View) tipAt(pos fyne.Position) string {
	tip := ""
	// Over a relation's line or label the relation is what a click takes,
	// not the span the nearest text holds: that span's label showed as the
	// tooltip over a relation label just clicked ("ACTOR" over
	// "claimed_by").
	if conn := v.connectorAt(pos); conn != "" {
		if !v.relSpace { // the label is not drawn: it is the tooltip (connmargin.go)
			tip = v.connTip(conn)
		}
	} else if off := v.runeAtPos(pos); off >= 0 {
		for _, e := range v.hl.covering(off) {
			if e.Tooltip == "" {
				continue
			}
			if tip != "" {
				tip += "\n"
			}
			tip += e.Tooltip
		}
	}
	return tip
}

// retip brings a tooltip on show in line with the highlights just
// changed: a span deleted or relabelled under a still pointer kept its
// old tooltip until the pointer moved (the walk's finding).
func (v *View) retip() {
	if v.in.tooltip == "" || !v.in.hasPointer {
		return
	}
	v.in.tooltip = v.tipAt(v.in.lastPointer)
}

// MouseOut hides the tooltip.
func (v *View) MouseOut() {
	v.in.hasPointer, v.in.hoverEdge = false, false
	if v.in.tooltip != "" {
		v.in.tooltip = ""
		v.Refresh()
	}
}

// Tooltip returns the tooltip currently shown ("" none).
func (v *View) Tooltip() string { return v.in.tooltip }

// Cursor implements desktop.Cursorable: a text cursor, or a resize cursor
// over an edge of the selected span.
func (v *View) Cursor() desktop.Cursor {
	if v.in.hoverEdge || v.in.mode == dragEdgeStart || v.in.mode == dragEdgeEnd {
		return desktop.HResizeCursor
	}
	return desktop.TextCursor
}

// FocusGained implements fyne.Focusable: the caret shows.
func (v *View) FocusGained() { v.setFocused(true) }

// FocusLost implements fyne.Focusable.
func (v *View) FocusLost() {
	v.forgetModifiers()
	v.setFocused(false)
}

// TypedRune forwards to OnRune.
func (v *View) TypedRune(r rune) {
	if v.OnRune != nil {
		v.OnRune(r)
	}
}

// TypedKey forwards to OnKey; unhandled navigation keys move the caret
// and scroll (caret.go).
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	if v.OnKey != nil && v.OnKey(ev) {
		return
	}
	if !v.ensureLayout() {
		return
	}
	v.caretKey(ev.Name, v.mods)
}
