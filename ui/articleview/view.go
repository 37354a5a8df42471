package articleview

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/internal/startuptrace"
)

// Geometry of the text column. Margins leave room for the scrollbar and
// keep text off the panel edges; 1.4x line height leaves space under the
// glyphs for the nested-span underlines.
const (
	marginX       = float32(14)
	marginY       = float32(10)
	lineSpacing   = float32(1.4)
	edgeGrab      = float32(4) // px either side of a span edge that start a boundary drag
	scrollBarW    = float32(5)
	minThumbH     = float32(24)
	wheelLineStep = float32(1) // Scrolled deltas are already in px
)

// View is the article view widget. Create it with New.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the user changes the text selection
	// (start==end: none). It is not called for SetSelection.
	OnSelectionChanged func(start, end int)
	// OnHighlightSelected is called when the user clicks a span ("" when a
	// click on plain text cleared it). Not called for SelectHighlight.
	OnHighlightSelected func(id string)
	// OnConnectorSelected is called when the user clicks a connector (its
	// line or label) with its Connector.ID, or with "" when a click
	// elsewhere deselected it. Not called for SelectConnector.
	OnConnectorSelected func(id string)
	// OnKey receives keys typed while the view is focused; return true if handled.
	OnKey func(ev *fyne.KeyEvent) bool
	// OnRune receives runes typed while focused (label hotkeys "1".."9").
	OnRune func(r rune) bool
	// OnBoundaryDrag reports that the user dragged an edge of the selected
	// span to [start, end). The view does not move the span itself: the
	// caller stores the change and calls AddHighlight/SetHighlights.
	OnBoundaryDrag func(id string, start, end int)
	// OnFragmentSelected reports a range the user picked with
	// FragmentModifier+drag while a span was selected (word-snapped like a
	// selection), to be added as a fragment of that span's annotation. The
	// text selection and the selected span are left as they were. While it
	// is nil, a FragmentModifier drag is an ordinary selection.
	OnFragmentSelected func(start, end int)

	// RawModifier held while selecting disables word snapping (default Alt).
	RawModifier fyne.KeyModifier
	// FragmentModifier held at MouseDown turns a drag into a fragment pick
	// (default Control).
	FragmentModifier fyne.KeyModifier

	doc     *document
	lay     layout
	laidOut bool // lay matches doc, width and text size
	hl      hlStore
	matches hlStore
	sugg    suggestionLayer // suggestions.go
	// hlVersion counts changes to hl, so the connector index knows when
	// span positions moved.
	hlVersion int
	conns     connIndex
	relSpace  bool // SetRelationSpace
	snap      bool
	// layVersion counts reflows; rows (rows.go) holds the lines' extra
	// rows and tops; tags (tags.go) the label tag settings; kbd
	// (caret.go) the keyboard caret.
	layVersion int
	rows       rowGeom
	tags       tagState
	kbd        caretState

	// spacing is SetLineSpacing's factor (prefs.go); 0 means lineSpacing.
	spacing float32

	selStart, selEnd int
	anchor           int
	selectedID       string

	scrollY float32
	// scrollTarget is the offset last asked for by ScrollToOffset or
	// SelectHighlight; until the user scrolls, a reflow or height change
	// re-places it (the first layout often happens at a provisional size).
	scrollTarget int
	laidH        float32

	in interaction
	// selectedConn is the connector the user clicked; connHits are where
	// the connectors were last drawn, for hit-testing clicks.
	selectedConn string
	connHits     []connHit
	// gutter is how many lanes the left margin holds (connlanes.go; 0:
	// baseLanes), and gutterAt what it was last decided for.
	gutter   int
	gutterAt gutterKey
	// clock tells the time of a click (time.Now; tests step it).
	clock func() time.Time
	// mods tracks held modifier keys (keys.go): fyne.KeyEvent carries none.
	mods fyne.KeyModifier
}

// New returns an empty view with word snapping on.
func New() *View {
	v := &View{snap: true, RawModifier: fyne.KeyModifierAlt, FragmentModifier: fyne.KeyModifierControl, scrollTarget: -1, clock: time.Now}
	v.kbd.wantX = -1
	v.doc = newDocument("")
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer { return newRenderer(v) }

// MinSize is small: the view is meant to fill a centre area and scroll.
func (v *View) MinSize() fyne.Size { return fyne.NewSize(120, 80) }

// SetText replaces the text, clears selection, highlights, connectors and
// matches, and scrolls to the top.
func (v *View) SetText(text string) {
	v.doc = newDocument(text)
	v.laidOut = false
	v.hl.set(nil)
	v.hlVersion++
	v.conns.set(nil)
	v.matches.set(nil)
	v.sugg.clear()
	v.selStart, v.selEnd, v.anchor = 0, 0, 0
	v.kbd.moveTo(0)
	v.selectedID = ""
	v.scrollY = 0
	v.scrollTarget = -1
	v.in = interaction{}
	v.Refresh()
}

// Text returns the current text.
func (v *View) Text() string { return v.doc.text }

// SetHighlights replaces all highlights.
func (v *View) SetHighlights(hs []Highlight) {
	v.hl.set(hs)
	v.hlVersion++
	if v.hl.get(v.selectedID) == nil {
		v.selectedID = ""
	}
	v.retip()
	v.Refresh()
}

// AddHighlight adds or replaces (same ID) one highlight.
func (v *View) AddHighlight(h Highlight) {
	v.hl.add(h)
	v.hlVersion++
	v.retip()
	v.Refresh()
}

// RemoveHighlight removes the highlight with this id, if present.
func (v *View) RemoveHighlight(id string) {
	if v.hl.remove(id) {
		v.hlVersion++
		if v.selectedID == id {
			v.selectedID = ""
		}
		v.retip()
		v.Refresh()
	}
}

// Selection returns the text selection as code-point offsets.
func (v *View) Selection() (start, end int) { return v.selStart, v.selEnd }

// SetSelection sets the text selection (clamped, not snapped) without
// calling OnSelectionChanged. A selection puts the caret at its end (Shift
// and the arrows go on from there); an empty one (start == end) clears the
// selection and leaves the caret where it was.
func (v *View) SetSelection(start, end int) {
	start, end = v.doc.clamp(start), v.doc.clamp(end)
	if start > end {
		start, end = end, start
	}
	v.selStart, v.selEnd, v.anchor = start, end, start
	if end > start {
		v.kbd.moveTo(end)
	} else {
		v.anchor = v.doc.clamp(v.kbd.caret)
	}
	v.Refresh()
}

// SelectedHighlight returns the id of the emphasised span ("" none).
func (v *View) SelectedHighlight() string { return v.selectedID }

// SelectHighlight emphasises the span with this id ("" clears) and scrolls
// it into view, without calling OnHighlightSelected.
//
// It also deselects a selected connector, "" included: Esc and every
// reload that selects nothing leave nothing selected.
//
// A newly selected span puts the caret at its end, so the keyboard
// selection goes on from the span just labelled or stepped to (Tab).
func (v *View) SelectHighlight(id string) {
	changed := id != v.selectedID
	v.selectedID = id
	v.selectedConn = ""
	if e := v.hl.get(id); e != nil {
		if changed && v.selEnd <= v.selStart {
			v.kbd.moveTo(e.End)
			v.anchor = e.End
		}
		v.ScrollToOffset(e.Start)
	}
	v.Refresh()
}

// SetMatches sets the search matches, drawn as a yellow outline.
func (v *View) SetMatches(ranges [][2]int) {
	hs := make([]Highlight, len(ranges))
	for i, r := range ranges {
		hs[i] = Highlight{Start: r[0], End: r[1]}
	}
	v.matches.set(hs)
	v.Refresh()
}

// SetSnapToWords turns snapping of mouse selections to word boundaries on
// or off (default on).
func (v *View) SetSnapToWords(on bool) { v.snap = on }

// ScrollToOffset scrolls so that the line holding off is visible (placed a
// third of the way down if it was not).
func (v *View) ScrollToOffset(off int) {
	v.scrollTarget = v.doc.clamp(off)
	if !v.layoutTo(v.scrollTarget) {
		return
	}
	v.scrollToLine(v.lay.lineOf(v.scrollTarget))
	v.Refresh()
}

func (v *View) scrollToLine(i int) {
	lh := v.rowHeight(i)
	top := marginY + v.rows.ys[i]
	h := v.Size().Height
	if top < v.scrollY || top+lh > v.scrollY+h {
		v.setScroll(top - h/3)
	}
}

// ScrollOffset returns the vertical scroll position in px.
func (v *View) ScrollOffset() float32 { return v.scrollY }

// SetScrollOffset scrolls to y px (clamped).
func (v *View) SetScrollOffset(y float32) {
	v.ensureLayout()
	v.scrollTarget = -1
	v.setScroll(y)
	v.Refresh()
}

func (v *View) setScroll(y float32) {
	if m := v.contentHeight() - v.Size().Height; y > m {
		y = m
	}
	if y < 0 {
		y = 0
	}
	v.scrollY = y
}

// Scrolled implements fyne.Scrollable (mouse wheel / touchpad).
func (v *View) Scrolled(ev *fyne.ScrollEvent) {
	v.ensureLayout()
	v.scrollTarget = -1
	v.setScroll(v.scrollY - ev.Scrolled.DY*wheelLineStep)
	v.in.tooltip = "" // the span under the pointer changed
	v.Refresh()
}

func (v *View) textSize() float32 { return v.Theme().Size(theme.SizeNameText) }

// LineHeight returns the height of a visual line's text band in px. A line
// can be taller by the rows it carries (rows.go): a relation row and a tag
// row above the band, underline rows below it; PositionOf gives the top of
// the band.
func (v *View) LineHeight() float32 { return v.bandHeight() }

// bandHeight is the height of a line's text band (highlights, selection).
func (v *View) bandHeight() float32 {
	return float32(math.Round(float64(v.textSize() * v.lineSpacingNow())))
}

// SetRelationSpace turns on or off a row of space in which connectors and
// their labels run without covering text (off by default). The row is
// added only above the lines where a connector's elbow runs (the lower end
// of each; both ends of one whose ends are more than a line apart, which
// runs down the left margin between them: connroute.go), so the rest of
// the text keeps its spacing. The first visible line stays in place.
func (v *View) SetRelationSpace(on bool) {
	if on == v.relSpace {
		return
	}
	v.relSpace = on
	v.Refresh()
}

// RelationSpace reports whether SetRelationSpace is on.
func (v *View) RelationSpace() bool { return v.relSpace }

func (v *View) lineHeight() float32 { return v.LineHeight() }

func (v *View) contentHeight() float32 {
	h := v.textHeight()
	if !v.lay.done && v.lay.pos > 0 {
		// wrapping in steps: an estimate from the part wrapped so far
		h = h * float32(len(v.doc.text)) / float32(v.lay.pos)
	}
	return 2*marginY + h
}

// Defer, when set, runs a func later on the UI goroutine (cmd/margin: from
// a new goroutine through fyne.Do). With it, a long text is shown once its
// first pages are wrapped, and the rest is wrapped in steps of a few
// milliseconds between frames (issue 14: wrapping 1 MB took 0.2-0.7 s
// before its first line showed). Without it (tests, the test driver) a
// text is wrapped whole before it is drawn, as before.
var Defer func(func())

const (
	// progressiveBytes is the length from which a text is wrapped in steps
	// (below it a whole reflow takes a few tens of ms at most).
	progressiveBytes = 200_000
	// layoutStep is the time one deferred step may wrap for.
	layoutStep = 8 * time.Millisecond
)

// ensureLayout reflows if the text, width or text size changed, keeping the
// first visible text at the top, and finishes a progressive reflow: every
// offset has its line. It reports false while the view has no size.
func (v *View) ensureLayout() bool { return v.layoutFor(true) }

// layoutFor is ensureLayout; with full false (drawing a page), a long text
// just set may be laid out only as far as its first pages, the rest being
// wrapped by deferred steps (Defer).
func (v *View) layoutFor(full bool) bool {
	w := v.Size().Width - v.left() - marginX
	if w <= 0 {
		return false
	}
	size := v.textSize()
	h := v.Size().Height
	if v.laidOut && v.lay.doc == v.doc && v.lay.width == w && v.lay.size == size {
		if full && !v.lay.done {
			v.lay.more(-1)
		}
		v.updateRows()
		if h != v.laidH {
			v.laidH = h
			v.placeTarget()
			v.setScroll(v.scrollY)
		}
		if v.fitGutter() {
			return v.layoutFor(full)
		}
		return true
	}
	v.laidH = h
	keep := -1
	if v.laidOut && v.lay.doc == v.doc && len(v.lay.lines) > 0 && v.scrollY > 0 {
		keep = int(v.lay.lines[v.firstVisibleLine()].start)
	}
	if !full && Defer != nil && keep < 0 && v.scrollTarget < 0 && len(v.doc.text) >= progressiveBytes {
		v.lay.begin(v.doc, w, size)
		v.lay.more(3 * int(h/v.lineHeight()+1)) // the first page and two more
		v.scheduleLayout()
	} else {
		v.lay.reflow(v.doc, w, size)
	}
	v.laidOut = true
	v.layVersion++
	v.updateRows()
	if keep >= 0 {
		v.scrollY = marginY + v.rows.ys[v.lay.lineOf(keep)]
		v.setScroll(v.scrollY)
	}
	v.placeTarget()
	if v.fitGutter() { // the margin widened or narrowed for its lanes
		return v.layoutFor(full)
	}
	return true
}

// layoutAt is ensureLayout for a point of the view (the pointer): a
// progressive layout is finished only when y lies below the lines wrapped
// so far, so that hovering or clicking the first page does not wait for
// the whole text.
func (v *View) layoutAt(y float32) bool {
	if !v.layoutFor(false) {
		return false
	}
	if !v.lay.done && y+v.scrollY >= marginY+v.textHeight() {
		return v.ensureLayout()
	}
	return true
}

// layoutTo is ensureLayout for an offset: a progressive layout is
// finished only when off lies past the paragraphs wrapped so far (the
// first Tab after opening goes to a span of the first page at once).
func (v *View) layoutTo(off int) bool {
	if !v.layoutFor(false) {
		return false
	}
	if !v.lay.done && off >= v.lay.covered() {
		return v.ensureLayout()
	}
	return true
}

// scheduleLayout wraps more of a progressive layout in a deferred step,
// and schedules the next step until the text is wrapped (a new text, width
// or size started another layout: the steps continue that one, or stop
// when it is whole).
func (v *View) scheduleLayout() {
	Defer(func() {
		if !v.laidOut || v.lay.done {
			return
		}
		deadline := time.Now().Add(layoutStep)
		for !v.lay.more(len(v.lay.lines)+256) && time.Now().Before(deadline) {
		}
		if !v.lay.done {
			v.scheduleLayout()
			return
		}
		startuptrace.Mark("text wrapped whole")
		v.Refresh() // the scrollbar: the height is known now
	})
}

// placeTarget puts the line of scrollTarget a third of the way down.
func (v *View) placeTarget() {
	if v.scrollTarget < 0 {
		return
	}
	top := marginY + v.rows.ys[v.lay.lineOf(v.doc.clamp(v.scrollTarget))]
	v.setScroll(top - v.Size().Height/3)
}

func (v *View) firstVisibleLine() int {
	return v.lineAtY(0)
}

// OffsetAt maps a widget position to the nearest code-point offset between
// grapheme clusters (clamped: above the text gives 0, below gives the end).
func (v *View) OffsetAt(pos fyne.Position) int {
	if !v.layoutAt(pos.Y) {
		return 0
	}
	if pos.Y+v.scrollY < marginY {
		return 0
	}
	if pos.Y+v.scrollY >= marginY+v.textHeight() {
		return v.doc.runes()
	}
	off, _ := v.lay.hit(v.lineAtY(pos.Y), pos.X-v.left())
	return off
}

// runeAtPos returns the start of the grapheme cluster drawn under pos, or
// -1 if pos is not over text.
func (v *View) runeAtPos(pos fyne.Position) int {
	if !v.layoutAt(pos.Y) {
		return -1
	}
	y := pos.Y + v.scrollY - marginY
	if y < 0 || y >= v.textHeight() {
		return -1
	}
	_, under := v.lay.hit(v.lineAtY(pos.Y), pos.X-v.left())
	return under
}

// PositionOf returns the widget position of the top-left of the caret at
// off (the start of the next line when off is on a wrap boundary).
func (v *View) PositionOf(off int) fyne.Position {
	if !v.layoutTo(v.doc.clamp(off)) {
		return fyne.Position{}
	}
	off = v.doc.clamp(off)
	i := v.lay.lineOf(off)
	return fyne.NewPos(v.left()+v.lay.xAt(i, off), v.textTop(i))
}

// endPositionOf is PositionOf for the end edge of a span: on a wrap boundary
// it stays at the end of the earlier line.
func (v *View) endPositionOf(off int) fyne.Position {
	if !v.layoutTo(v.doc.clamp(off)) {
		return fyne.Position{}
	}
	off = v.doc.clamp(off)
	i := v.lay.lineOfEnd(off)
	return fyne.NewPos(v.left()+v.lay.xAt(i, off), v.textTop(i))
}

// LineCount returns the number of visual lines at the current width.
func (v *View) LineCount() int {
	v.ensureLayout()
	return len(v.lay.lines)
}
