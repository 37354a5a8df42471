package articleview

import (
	"image/color"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// With relation space off the lines sit one on another: above a line is
// the line before's text, so an elbow there (what was drawn) ran straight
// through its words (issue 15). brat and INCEpTION draw arcs only in the
// space they reserve above each row; with none reserved, Margin draws a
// relation where there is no text: in the left margin. Each relation runs
// down its own margin lane (connlanes.go) between its two ends' lines,
// with a tick from the lane towards each end's line, an arrowhead on the
// target's; each end span gets a mark on the top edge of its band in the
// relation's colour, drawn under the text, so the glyphs stay on top.
// The label, which has no room there, is the tooltip of the lane and
// ticks (and the inspector's, once clicked). A relation past the widest
// margin's lanes keeps its ticks and a cut stub (routeStubs' bar).

// Geometry of the margin drawing: tick slots tickStep apart from tickPad
// below the top of a line's text band; the arrowhead on a target's tick;
// the end marks.
const (
	tickPad     = float32(3)
	tickStep    = float32(3.5)
	mArrowLen   = float32(3)
	mArrowHalfW = float32(2.5)
	endMarkW    = float32(6)
	endMarkH    = float32(2)
)

// tickEdge is where a tick ends, just left of the text column.
func (v *View) tickEdge() float32 { return v.left() - 1 }

// tickY is the widget y of tick slot k of line i.
func (v *View) tickY(i, k int) float32 {
	n := max(1, int((v.bandHeight()-2*tickPad)/tickStep)+1)
	return v.textTop(i) + tickPad + float32(k%n)*tickStep
}

// nextSlot hands out line i's tick slots in turn, so the ticks of the
// relations ending on one line stay apart (in the order of the
// connectors, which is the same on every page showing the line).
func (r *renderer) nextSlot(i int) int {
	for j := range r.slots {
		if r.slots[j][0] == i {
			r.slots[j][1]++
			return r.slots[j][1] - 1
		}
	}
	r.slots = append(r.slots, [2]int{i, 1})
	return 0
}

// drawInMargin draws connector k (c, index ci) from line fl to line tl in
// the margin: the ticks of the ends on the page (fIn, tIn), the target's
// with its arrowhead, and the lane between them clipped to the page.
func (r *renderer) drawInMargin(k, ci int, c Connector, fl int, fIn bool, tl int, tIn bool, stroke color.Color, w float32) {
	v := r.v
	h := v.Size().Height
	edge := v.tickEdge()
	lane, ok := v.laneOf(ci)
	x := v.laneX(lane)
	if !ok {
		x = v.stubX() // past the widest margin: ticks and cut stubs, clear of the lanes
	}
	// Each end's tick y; an end off the page continues past its edge.
	ys := [2]float32{-1, h + 1}
	if fl > tl {
		ys = [2]float32{h + 1, -1}
	}
	on := [2]bool{fIn, tIn}
	if fIn {
		ys[0] = v.tickY(fl, r.nextSlot(fl))
	}
	if tIn {
		ys[1] = v.tickY(tl, r.nextSlot(tl))
	}
	seg := func(p1, p2 fyne.Position, elbow bool) {
		p1, p2, ok := clipToPage(p1, p2, h)
		if !ok {
			return
		}
		r.line(stroke, w, p1, p2)
		v.hitSegment(c.ID, p1, p2)
		r.keepSeg(k, elbow, p1, p2)
	}
	for i := range on {
		if on[i] {
			seg(fyne.NewPos(x, ys[i]), fyne.NewPos(edge, ys[i]), true)
		}
	}
	if ok {
		seg(fyne.NewPos(x, ys[0]), fyne.NewPos(x, ys[1]), false)
	} else {
		for i := range on {
			if !on[i] {
				continue
			}
			dir := float32(1)
			if ys[1-i] < ys[i] {
				dir = -1
			}
			end := fyne.NewPos(x, ys[i]+dir*(tickStep-1))
			seg(fyne.NewPos(x, ys[i]), end, false)
			r.stubBar(k, stroke, w, end)
		}
	}
	if tIn {
		tip := fyne.NewPos(edge, ys[1])
		a, b := fyne.NewPos(edge-mArrowLen, ys[1]-mArrowHalfW), fyne.NewPos(edge-mArrowLen, ys[1]+mArrowHalfW)
		r.line(stroke, w, a, tip)
		r.line(stroke, w, b, tip)
		r.keepSeg(k, false, a, fyne.NewPos(tip.X, b.Y))
	}
}

// drawEndMarks marks, with relation space off, the spans on lines
// first..last (runes [a, b)) that are a relation's ends: a bar along the
// top edge of the span's band on its first line, in the relation's
// colour (thicker while it is selected), which frames the span with its
// bottom edge, so it reads as the span's and not the line above's (a
// short bar at the span's middle looked like a mark under the line
// above). It is drawn before the text, under the glyphs.
func (r *renderer) drawEndMarks(first, last, a, b int, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	if v.relSpace || len(v.conns.items) == 0 {
		return
	}
	v.conns.build(&v.hl, v.hlVersion)
	r.connScratch = v.conns.visible(a, b, r.connScratch[:0])
	for _, ci := range r.connScratch {
		c := v.conns.items[ci]
		f, t := v.hl.get(c.FromID), v.hl.get(c.ToID)
		if f == nil || t == nil {
			continue
		}
		col := c.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		hgt := endMarkH
		if c.ID != "" && c.ID == v.selectedConn {
			hgt *= 1.5
		}
		for _, e := range [2]*hlEntry{f, t} {
			i := v.lay.lineOf(e.Start)
			if i < first || i > last {
				continue
			}
			x0, x1 := v.lay.xAt(i, e.Start), v.lay.xAt(i, min(e.End, int(v.lay.lines[i].end)))
			if x1-x0 < endMarkW { // an empty or one-letter span: a mark that shows
				x0, x1 = (x0+x1-endMarkW)/2, (x0+x1+endMarkW)/2
			}
			r.rect(withAlpha(col, 0xff), nil, 0, fyne.NewPos(v.left()+x0, v.textTop(i)), fyne.NewSize(x1-x0, hgt))
		}
	}
}

// connTipRunes is how much of each end's text a connector's tooltip
// quotes.
const connTipRunes = 40

// connTip is the tooltip of connector id with relation space off, where
// its label is not drawn: the label and the two ends' texts.
func (v *View) connTip(id string) string {
	if id == "" {
		return ""
	}
	for _, c := range v.conns.items {
		if c.ID != id {
			continue
		}
		quote := func(hid string) string {
			e := v.hl.get(hid)
			if e == nil {
				return ""
			}
			s := v.doc.slice(v.doc.clamp(e.Start), v.doc.clamp(e.End))
			if utf8.RuneCountInString(s) > connTipRunes {
				s = string([]rune(s)[:connTipRunes-1]) + "…"
			}
			return "“" + s + "”"
		}
		tip := quote(c.FromID) + " → " + quote(c.ToID)
		if c.Label != "" {
			tip = c.Label + ": " + tip
		}
		return tip
	}
	return ""
}
