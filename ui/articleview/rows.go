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
//     lower line of each connector), so the first relation no longer
//     spaces out the whole document;
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
	info  []rowInfo
	ys    []float32 // ys[i] = top of line i below the top margin; len = lines+1
}

// rowInfo is what a line carries besides its text band.
type rowInfo struct {
	rel   bool  // a relation row above
	tag   bool  // a tag row above the text
	under uint8 // underline rows below the text (deepest nesting, capped)
}

type rowKey struct {
	lay, hl, conn       int
	tags, rel           bool
	band, tagH, relH, u float32
}

// rowsKey describes everything the rows depend on.
func (v *View) rowsKey() rowKey {
	return rowKey{lay: v.layVersion, hl: v.hlVersion, conn: v.conns.version,
		tags: v.tags.show, rel: v.relSpace,
		band: v.bandHeight(), tagH: v.tagRowHeight(), relH: v.relRowHeight(), u: underH + underGap}
}

// updateRows rebuilds the rows if anything they depend on changed, keeping
// the first visible line where it was on screen. It needs a layout.
func (v *View) updateRows() {
	k := v.rowsKey()
	if v.rows.valid && v.rows.key == k && len(v.rows.info) == len(v.lay.lines) {
		return
	}
	first, dy := -1, float32(0)
	if v.rows.valid && len(v.rows.ys) == len(v.lay.lines)+1 && v.scrollY > 0 {
		first = v.lineAtY(0)
		dy = v.lineTop(first)
	}
	v.buildRows(k)
	if first >= 0 {
		v.scrollY = marginY + v.rows.ys[first] - dy
		v.setScroll(v.scrollY)
	}
}

func (v *View) buildRows(k rowKey) {
	n := len(v.lay.lines)
	g := &v.rows
	g.key, g.valid = k, true
	if cap(g.info) < n {
		g.info = make([]rowInfo, n)
	} else {
		g.info = g.info[:n]
		clear(g.info)
	}
	if n > 0 {
		v.hl.finish()
		for _, e := range v.hl.items {
			if e.End <= e.Start {
				continue
			}
			from := v.lay.lineOf(e.Start)
			if k.tags && e.Tag != "" {
				if _, frag := fragmentBase(e.ID); frag == 0 {
					g.info[from].tag = true
				}
			}
			if e.depth == 0 {
				continue
			}
			d := uint8(min(e.depth, maxUnderDepth))
			to := v.lay.lineOfEnd(e.End)
			for i := from; i <= to; i++ {
				if g.info[i].under < d {
					g.info[i].under = d
				}
			}
		}
		if k.rel {
			for _, c := range v.conns.items {
				f, t := v.hl.get(c.FromID), v.hl.get(c.ToID)
				if f == nil || t == nil {
					continue
				}
				g.info[max(v.lay.lineOf(f.Start), v.lay.lineOf(t.Start))].rel = true
			}
		}
	}
	if cap(g.ys) < n+1 {
		g.ys = make([]float32, n+1)
	}
	g.ys = g.ys[:n+1]
	var y float32
	for i := range g.info {
		g.ys[i] = y
		y += v.rowHeight(i)
	}
	g.ys[n] = y
}

// rowHeight is the full height of line i: its extra rows and text band.
func (v *View) rowHeight(i int) float32 {
	in := v.rows.info[i]
	h := v.rows.key.band + float32(in.under)*v.rows.key.u
	if in.rel {
		h += v.rows.key.relH
	}
	if in.tag {
		h += v.rows.key.tagH
	}
	return h
}

// relRowHeight is the height of a relation row: room for a connector's
// label at captionSize and its elbow.
func (v *View) relRowHeight() float32 {
	return float32(math.Ceil(float64(fyne.MeasureText("Mg", v.connLabelSize(), fyne.TextStyle{}).Height))) + 1
}

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
		y += v.rows.key.relH
	}
	return y
}

// textTop returns the widget y of the top of line i's text band.
func (v *View) textTop(i int) float32 {
	y := v.tagTop(i)
	if v.rows.info[i].tag {
		y += v.rows.key.tagH
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
