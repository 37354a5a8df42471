package articleview

import (
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Vertical geometry. Every visual line has the same text band (the text,
// the depth-0 highlight bands, the selection); a line gets extra rows only
// for what it carries:
//
//   - a relation row above it when a connector's elbow runs there (the
//     lower line of each connector, and the upper line of one whose ends
//     are more than a line apart: connroute.go), so the
//     first relation no longer spaces out the whole document;
//   - a tag row above the text when a labelled span starts on it and label
//     tags are shown;
//   - one underline row below the text per nesting level of the spans on
//     it, so nested spans read as stacked underlines under the glyphs
//     rather than strokes through them.
//
// The rows are recomputed (no text measuring, no rewrapping) when the
// spans, connectors or layout change; y -> line is a binary search over
// the lines' tops.
type rowGeom struct {
	key   rowKey
	valid bool
	h     rowHeights // measured when the key's sizes change (buildRows)
	info  []rowInfo
	ys    []float32 // ys[i] = top of line i below the top margin; len = lines+1
	// rels are the relations' lines and lanes their margin lanes
	// (connlanes.go), ivs scratch.
	rels  []laneIv
	lanes laneSet
	ivs   []laneIv
}

// rowHeights are the heights of the text band and of the extra rows;
// relLabel is the height of the relation row's label strip (relRowHeight).
type rowHeights struct{ band, tagH, relH, relLabel, u float32 }

// rowInfo is what a line carries besides its text band.
type rowInfo struct {
	rel   bool  // a relation row above
	tag   bool  // a tag row above the text
	under uint8 // underline rows below the text (deepest nesting, capped)
}

type rowKey struct {
	lay, hl, conn int
	tags, rel     bool
	sugg          int     // suggestionLayer.version
	text, caption float32 // the theme's sizes the heights come from
	spacing       float32 // SetLineSpacing's factor, for the band height
}

// rowsKey describes everything the rows depend on. It is asked for on
// every layout check, so it measures nothing.
func (v *View) rowsKey() rowKey {
	return rowKey{lay: v.layVersion, hl: v.hlVersion, conn: v.conns.version,
		tags: v.tags.show, rel: v.relSpace, sugg: v.sugg.version, text: v.textSize(), caption: v.captionSize(), spacing: v.lineSpacingNow()}
}

// updateRows brings the rows up to date with the layout, spans and
// connectors, keeping the first visible line where it was on screen. An
// edit of a few spans recomputes only the lines of the spans it touched
// (patchRows); anything else rebuilds them (buildRows). It needs a layout.
func (v *View) updateRows() {
	k := v.rowsKey()
	g := &v.rows
	n := len(v.lay.lines)
	if g.valid && g.key == k && len(g.info) == n {
		return
	}
	first, dy := -1, float32(0)
	if g.valid && len(g.ys) == n+1 && v.scrollY > 0 {
		first = v.lineAtY(0)
		dy = v.lineTop(first)
	}
	v.hl.finish() // depths, and the range of spans whose depth changed
	t := v.hl.touched
	v.hl.touched = touchedRange{}
	spansOnly := k
	spansOnly.hl = g.key.hl
	if g.valid && len(g.info) == n && len(g.ys) == n+1 && g.key == spansOnly && !t.all {
		g.key = k
		if t.a < t.b {
			v.patchRows(t.a, t.b)
		}
	} else {
		v.buildRows(k)
	}
	if first >= 0 {
		v.scrollY = marginY + g.ys[first] - dy
		v.setScroll(v.scrollY)
	}
}

// buildRows computes every line's rows.
func (v *View) buildRows(k rowKey) {
	n := len(v.lay.lines)
	g := &v.rows
	g.key, g.valid = k, true
	lh := v.relLabelHeight()
	g.h = rowHeights{band: v.bandHeight(), tagH: v.tagRowHeight(), relH: relRowHeight(lh), relLabel: lh, u: underH + underGap}
	if cap(g.info) < n {
		g.info = make([]rowInfo, n)
	} else {
		g.info = g.info[:n]
		clear(g.info)
	}
	if n > 0 {
		for _, e := range v.hl.items {
			v.markSpan(e, 0, n-1)
		}
		v.markSuggestions(v.sugg.spans.items, 0, n-1)
		v.relationLines()
		v.markRelations()
	}
	v.assignLanes()
	if cap(g.ys) < n+1 {
		g.ys = make([]float32, n+1)
	}
	g.ys = g.ys[:n+1]
	g.ys[0] = 0
	v.sumRows(0)
}

// patchRows recomputes the rows of the lines holding runes [a, b), where
// spans were added, removed or changed depth, and the tops from there on.
func (v *View) patchRows(a, b int) {
	g := &v.rows
	a, b = v.doc.clamp(a), v.doc.clamp(b)
	la, lb := v.lay.lineOf(a), max(v.lay.lineOf(a), v.lay.lineOfEnd(b))
	for i := la; i <= lb; i++ {
		g.info[i].tag, g.info[i].under = false, 0
	}
	for _, e := range v.hl.query(int(v.lay.lines[la].start), int(v.lay.lines[lb].end)+1, nil) {
		v.markSpan(e, la, lb)
	}
	if v.sugg.any() {
		v.markSuggestions(v.sugg.spans.query(int(v.lay.lines[la].start), int(v.lay.lines[lb].end)+1, nil), la, lb)
	}
	// A moved span can move a relation's line: connectors are few, so
	// their rows are redone whole.
	if len(v.conns.items) > 0 {
		for i := range g.info {
			g.info[i].rel = false
		}
		v.relationLines()
		v.markRelations()
		v.assignLanes()
		v.sumRows(0)
		return
	}
	// The lines after lb only shift by what la..lb grew or shrank.
	old := g.ys[lb+1]
	y := g.ys[la]
	for i := la; i <= lb; i++ {
		g.ys[i] = y
		y += v.rowHeight(i)
	}
	if d := y - old; d != 0 {
		for i := lb + 1; i < len(g.ys); i++ {
			g.ys[i] += d
		}
	}
}

// markSuggestions gives the lines from..to where a suggestion starts a tag
// row: a suggestion's tag (label and score) is always drawn, whether or
// not label tags are shown (suggestions.go).
func (v *View) markSuggestions(es []*hlEntry, from, to int) {
	g := &v.rows
	for _, e := range es {
		if e.End <= e.Start {
			continue
		}
		if first := v.lay.lineOf(e.Start); first >= from && first <= to {
			g.info[first].tag = true
		}
	}
}

// markSpan records span e on the lines from..to it touches: a tag row on
// its first line, underline rows down to its depth.
func (v *View) markSpan(e *hlEntry, from, to int) {
	g := &v.rows
	if e.End <= e.Start {
		return
	}
	first := v.lay.lineOf(e.Start)
	if g.key.tags && e.Tag != "" && first >= from && first <= to {
		if _, frag := fragmentBase(e.ID); frag == 0 {
			g.info[first].tag = true
		}
	}
	if e.depth == 0 {
		return
	}
	d := uint8(min(e.depth, maxUnderDepth))
	for i, last := max(first, from), min(v.lay.lineOfEnd(e.End), to); i <= last; i++ {
		if g.info[i].under < d {
			g.info[i].under = d
		}
	}
}

// markRelations gives the lower line of each drawn connector a relation
// row, while relation space is on, and for ends more than a line apart
// the upper end's line as well: the margin route runs in both
// (connroute.go).
func (v *View) markRelations() {
	if !v.rows.key.rel {
		return
	}
	for _, iv := range v.rows.rels { // relationLines
		v.rows.info[iv.l].rel = true
		if iv.l-iv.u >= 2 {
			v.rows.info[iv.u].rel = true
		}
	}
}

// sumRows recomputes the lines' tops from line i on.
func (v *View) sumRows(i int) {
	g := &v.rows
	n := len(g.info)
	y := g.ys[i]
	for ; i < n; i++ {
		g.ys[i] = y
		y += v.rowHeight(i)
	}
	g.ys[n] = y
}

// rowHeight is the full height of line i: its extra rows and text band.
func (v *View) rowHeight(i int) float32 {
	in := v.rows.info[i]
	h := v.rows.h.band + float32(in.under)*v.rows.h.u
	if in.rel {
		h += v.rows.h.relH
	}
	if in.tag {
		h += v.rows.h.tagH
	}
	return h
}

// A relation row, top to bottom: a strip the height of a connector label
// where the labels go, then the elbows, one level per relation on the
// line (connLevels, connStep apart), then room for an arrowhead above the
// tag row or text. Labels sit above their elbows, never on them: on the
// elbow, a label covered its own line and, one level up or down, its
// neighbours' lines, and with label tags on the row had no room left
// between the label and the tags.
const (
	relLabelGap = float32(2) // between the label strip and the top elbow
	relArrowGap = float32(1) // between an arrowhead's base and the lowest elbow
)

// relRowHeight is the height of a relation row with a label strip lh high.
func relRowHeight(lh float32) float32 {
	return lh + relLabelGap + float32(connLevels-1)*connStep + relArrowGap + arrowLen
}

// relLabelHeight is the height of a connector label at connLabelSize.
func (v *View) relLabelHeight() float32 {
	return float32(math.Ceil(float64(fyne.MeasureText("Mg", v.connLabelSize(), fyne.TextStyle{}).Height)))
}

// relElbowY is the widget y of elbow level k (0 = top) in line i's
// relation row.
func (v *View) relElbowY(i, k int) float32 {
	return v.relTop(i) + v.rows.h.relLabel + relLabelGap + float32(k%connLevels)*connStep
}

// relLabelMid is the widget y of the middle of line i's label strip.
func (v *View) relLabelMid(i int) float32 { return v.relTop(i) + v.rows.h.relLabel/2 }

// tagRowHeight is the height of a tag row (label tags at caption size).
func (v *View) tagRowHeight() float32 {
	return float32(math.Ceil(float64(fyne.MeasureText("Mg", v.tagSize(), fyne.TextStyle{}).Height))) + 1
}

// captionSize is the theme's caption text size, the smallest size the
// view draws text at (connector labels, tags).
func (v *View) captionSize() float32 { return v.Theme().Size(theme.SizeNameCaptionText) }

// connLabelSize is the text size of connector labels: the theme caption
// size at least (the old 0.72 of the text size came out at about 8 px).
func (v *View) connLabelSize() float32 { return max(v.captionSize(), v.textSize()*connLabelSz) }

// lineTop returns the widget y of the top of line i (its extra rows
// included).
func (v *View) lineTop(i int) float32 {
	return marginY + v.rows.ys[i] - v.scrollY
}

// relTop is the widget y of the top of line i's relation row (its top).
func (v *View) relTop(i int) float32 { return v.lineTop(i) }

// tagTop is the widget y of the top of line i's tag row: where connectors
// meet a span from above.
func (v *View) tagTop(i int) float32 {
	y := v.lineTop(i)
	if v.rows.info[i].rel {
		y += v.rows.h.relH
	}
	return y
}

// textTop returns the widget y of the top of line i's text band.
func (v *View) textTop(i int) float32 {
	y := v.tagTop(i)
	if v.rows.info[i].tag {
		y += v.rows.h.tagH
	}
	return y
}

// lineBottom is the widget y of the bottom of line i (below its underline
// rows).
func (v *View) lineBottom(i int) float32 { return marginY + v.rows.ys[i+1] - v.scrollY }

// lineAtY maps a widget y to a (clamped) line index.
func (v *View) lineAtY(y float32) int {
	n := len(v.lay.lines)
	if n == 0 || len(v.rows.ys) != n+1 {
		return 0
	}
	cy := y + v.scrollY - marginY
	i := sort.Search(n, func(i int) bool { return v.rows.ys[i+1] > cy })
	if i >= n {
		return n - 1
	}
	return i
}

// textHeight is the height of all lines.
func (v *View) textHeight() float32 {
	if len(v.rows.ys) == 0 {
		return 0
	}
	return v.rows.ys[len(v.rows.ys)-1]
}
