package articleview

import (
	"image/color"

	"fyne.io/fyne/v2"
)

// A relation whose ends are more than one line apart cannot run as an
// elbow in the lower line's relation row: the vertical up to the upper
// span crosses the text of every line between them (issue 15:
// "claimed_by" from line 3 up to line 1 cut through line 2's words). As
// brat and INCEpTION draw arcs only in the arc space above each row, such
// a relation runs only where there is no text: from each end up into its
// own line's relation row (above its tag row), along that row to the left
// margin, and down the margin (left of every line's first glyph) between
// the two rows. Unlike brat's pieces per row it stays one line that can
// be followed, and it needs two relation rows, not one on every line
// between (markRelations gives both), so a long-range relation does not
// space out the text it spans. The upper horizontal runs in a row of its
// own, apart from the elbows of relations to the line above, which run in
// the row below it.

// marginRoute reports whether a connector between lines fl and tl runs
// by the margin: they are more than one line apart, and the relation rows
// the route runs in are there (relation space on).
func (v *View) marginRoute(fl, tl int) bool {
	u, l := min(fl, tl), max(fl, tl)
	return v.relSpace && l-u >= 2 && v.rows.key.rel && v.rows.info[l].rel && v.rows.info[u].rel
}

// routePoints is the margin route from the upper end (x xu on line u) to
// the lower end (x xl on line l), both met at the top of their tag row
// (or text), corner by corner, down margin lane x xm (connlanes.go).
func (r *renderer) routePoints(k, u int, xu float32, l int, xl, xm float32) [6]fyne.Position {
	v := r.v
	yu := v.relElbowY(u, r.elbowLevel(k, u))
	yl := v.relElbowY(l, r.elbowLevel(k, l))
	return [6]fyne.Position{
		fyne.NewPos(xu, v.tagTop(u)), fyne.NewPos(xu, yu),
		fyne.NewPos(xm, yu), fyne.NewPos(xm, yl),
		fyne.NewPos(xl, yl), fyne.NewPos(xl, v.tagTop(l)),
	}
}

// clipToPage cuts the axis-aligned segment p1-p2 to the rows 0..h of the
// view; ok is false when none of it is there.
func clipToPage(p1, p2 fyne.Position, h float32) (q1, q2 fyne.Position, ok bool) {
	if max(p1.Y, p2.Y) < 0 || min(p1.Y, p2.Y) > h {
		return p1, p2, false
	}
	p1.Y, p2.Y = min(max(p1.Y, 0), h), min(max(p2.Y, 0), h)
	return p1, p2, p1 != p2
}

// drawRouted draws connector k (c, index ci) from line fl to line tl by
// the margin route, its arrowhead when the target's line is on the page
// (tIn), and queues its label: in the lower line's label strip above the
// route's lower horizontal when that line is on the page, else in the
// upper line's (none when the page shows only the lane between them). A
// relation the margin has no lane for is drawn as its stubs (routeStub).
func (r *renderer) drawRouted(k, ci int, c Connector, fl int, fx float32, tl int, tx float32, tIn bool, stroke, labelCol color.Color, w float32, first, last int) {
	v := r.v
	u, xu, l, xl := fl, fx, tl, tx
	if fl > tl {
		u, xu, l, xl = tl, tx, fl, fx
	}
	lane, ok := v.laneOf(ci)
	if !ok {
		r.routeStubs(k, c, fl, fx, tl, tx, tIn, stroke, labelCol, w, first, last)
		return
	}
	pts := r.routePoints(k, u, xu, l, xl, v.laneX(lane))
	if fl > tl { // from the source to the target
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	h := v.Size().Height
	for i := 0; i+1 < len(pts); i++ {
		p1, p2, ok := clipToPage(pts[i], pts[i+1], h)
		if !ok {
			continue
		}
		r.line(stroke, w, p1, p2)
		v.hitSegment(c.ID, p1, p2)
		r.keepSeg(k, p1.Y == p2.Y, p1, p2)
	}
	if tIn {
		r.arrow(k, stroke, w, pts[5], 1) // down onto the target, from its row
	}
	if c.Label == "" || u < first && l > last { // no label strip of its on the page
		return
	}
	xm := pts[2].X
	job := labelJob{conn: k, id: c.ID, text: c.Label, color: labelCol, x0: xl, x1: xm, y: v.relLabelMid(l), clear: true}
	if l > last {
		job.x0, job.y = xu, v.relLabelMid(u)
	}
	r.jobs = append(r.jobs, job)
}

// routeStubs draws a relation past the widest margin's lanes: from each
// end on the page up into its row and along it to stubX, then a short
// stub towards the other end with a bar across it, so it reads as cut,
// not as joined to the lane of another; each end carries the label.
func (r *renderer) routeStubs(k int, c Connector, fl int, fx float32, tl int, tx float32, tIn bool, stroke, labelCol color.Color, w float32, first, last int) {
	v := r.v
	xs := v.stubX()
	for _, end := range [2]struct {
		line   int
		x      float32
		target bool
		dir    float32 // towards the other end: 1 down, -1 up
	}{{fl, fx, false, sign(tl - fl)}, {tl, tx, true, sign(fl - tl)}} {
		if end.line < first || end.line > last {
			continue
		}
		y := v.relElbowY(end.line, r.elbowLevel(k, end.line))
		top := fyne.NewPos(end.x, v.tagTop(end.line))
		pts := [4]fyne.Position{top, fyne.NewPos(end.x, y), fyne.NewPos(xs, y), fyne.NewPos(xs, y+end.dir*stubLen)}
		for i := 0; i+1 < len(pts); i++ {
			r.line(stroke, w, pts[i], pts[i+1])
			v.hitSegment(c.ID, pts[i], pts[i+1])
			r.keepSeg(k, i == 1, pts[i], pts[i+1])
		}
		r.stubBar(k, stroke, w, pts[3])
		if end.target && tIn {
			r.arrow(k, stroke, w, top, 1)
		}
		if c.Label != "" {
			r.jobs = append(r.jobs, labelJob{conn: k, id: c.ID, text: c.Label, color: labelCol, x0: end.x, x1: xs, y: v.relLabelMid(end.line), clear: true})
		}
	}
}

// stubLen is the length of a cut relation's stub; stubBarW the width of
// the bar across its end.
const (
	stubLen  = float32(5)
	stubBarW = float32(3)
)

// stubX is the x of a cut relation's stubs: between the first lane and
// the text, where no lane runs.
func (v *View) stubX() float32 { return v.laneX(0) + laneGap/2 }

// stubBar draws the bar across a stub's end at p.
func (r *renderer) stubBar(k int, stroke color.Color, w float32, p fyne.Position) {
	a, b := fyne.NewPos(p.X-stubBarW/2, p.Y), fyne.NewPos(p.X+stubBarW/2, p.Y)
	r.line(stroke, w, a, b)
	r.keepSeg(k, false, a, b)
}

func sign(d int) float32 {
	if d < 0 {
		return -1
	}
	return 1
}

// arrow draws an arrowhead of connector k with its tip at tip, pointing
// down (dir 1) or up (dir -1).
func (r *renderer) arrow(k int, stroke color.Color, w float32, tip fyne.Position, dir float32) {
	l, rt := fyne.NewPos(tip.X-arrowHalfW, tip.Y-dir*arrowLen), fyne.NewPos(tip.X+arrowHalfW, tip.Y-dir*arrowLen)
	r.line(stroke, w, l, tip)
	r.line(stroke, w, rt, tip)
	r.keepSeg(k, false, l, fyne.NewPos(rt.X, tip.Y))
}
