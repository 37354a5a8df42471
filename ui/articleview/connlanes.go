package articleview

import (
	"cmp"
	"slices"
)

// Margin lanes. Every relation drawn by the left margin (connroute.go:
// ends more than a line apart with relation space on; connmargin.go:
// every relation with it off) runs down a lane of its own wherever its
// lines overlap another's: lanes are handed out by interval colouring
// over the lines each relation spans, ends included, so two routes that
// share a line never share a lane (issue 15: the fourth route took the
// first one's lane, and the two could not be told apart). A first-fit
// colouring in order of the upper line uses as few lanes as the most
// routes crossing one line (colourLanes), and is done
// when the rows are (rows.go), not per page, so a relation keeps its
// lane while the page scrolls.
//
// The margin holds baseLanes lanes at marginX; when more are needed it
// widens (left), laneStep lanes at a time (so adding a relation rarely reflows
// the text) up to maxLanes. A relation whose lane is past the margin's is
// drawn as the two ends' stubs only, each with a bar across its end
// (routeStub): visibly cut, never on another relation's lane.

const (
	baseLanes = 3  // lanes in the margin at marginX
	laneStep  = 3  // the margin widens by this many lanes at a time
	maxLanes  = 12 // the widest margin: 52 px
	// laneGap is the room between the first lane and the text (the
	// outline of a selection or span is drawn 1 px left of it).
	laneGap = float32(5)
	// widePitch is the lanes' pitch in a widened margin: at connStep (the
	// pitch of the three lanes of marginX) six lanes of one colour ran
	// together in the real window; laneEdge the room left of the last.
	widePitch = float32(4)
	laneEdge  = float32(3)
)

// laneSet is the lanes of the relations, by connector index (-1: not in
// the margin), and how many lanes they need (maxLanes+1 at most: past it
// the count does not matter).
type laneSet struct {
	lane []int32
	need int
	ends []int // colourLanes' scratch
}

// laneIv is a relation's extent in lines (upper u, lower l; connector ci).
type laneIv struct {
	u, l int
	ci   int32
}

// relationLines lists every connector with both ends present as the lines
// it spans, in rows.rels, for markRelations and assignLanes.
func (v *View) relationLines() {
	g := &v.rows
	g.rels = g.rels[:0]
	for ci, c := range v.conns.items {
		f, t := v.hl.get(c.FromID), v.hl.get(c.ToID)
		if f == nil || t == nil {
			continue
		}
		fl, tl := v.lay.lineOf(f.Start), v.lay.lineOf(t.Start)
		g.rels = append(g.rels, laneIv{min(fl, tl), max(fl, tl), int32(ci)})
	}
}

// assignLanes gives every relation drawn by the margin its lane. It needs
// the rows' relation lines (relationLines) and marks (markRelations).
func (v *View) assignLanes() {
	ls := &v.rows.lanes
	n := len(v.conns.items)
	if cap(ls.lane) < n {
		ls.lane = make([]int32, n)
	}
	ls.lane = ls.lane[:n]
	for ci := range ls.lane {
		ls.lane[ci] = -1
	}
	ls.need = 0
	if len(v.rows.info) == 0 {
		return
	}
	ivs := v.rows.ivs[:0]
	for _, iv := range v.rows.rels {
		if v.inMargin(iv.u, iv.l) {
			ivs = append(ivs, iv)
		}
	}
	v.rows.ivs = ivs
	ls.need, ls.ends = colourLanes(ivs, ls.lane, maxLanes, ls.ends)
}

// colourLanes gives each interval of ivs the lowest lane (lane[iv.ci]) no
// interval sharing a line with it has, in order of their upper lines, and
// returns how many lanes that used: the most intervals sharing one line
// (when an interval gets lane k, lanes 0..k-1 are held by intervals
// crossing its first line). Past limit lanes an interval gets lane limit
// and holds none, and the count stops at limit+1. It takes
// O(n log n + n·limit) and sorts ivs; ends is scratch.
func colourLanes(ivs []laneIv, lane []int32, limit int, ends []int) (int, []int) {
	slices.SortFunc(ivs, func(a, b laneIv) int {
		if a.u != b.u {
			return cmp.Compare(a.u, b.u)
		}
		return cmp.Compare(a.ci, b.ci)
	})
	ends = ends[:0] // ends[k]: the last line of the interval on lane k
	need := 0
	for _, iv := range ivs {
		k := 0
		for k < len(ends) && ends[k] >= iv.u { // still crossing this one's first line
			k++
		}
		switch {
		case k < len(ends):
			ends[k] = iv.l
		case k < limit:
			ends = append(ends, iv.l)
		default:
			lane[iv.ci], need = int32(limit), limit+1
			continue
		}
		lane[iv.ci] = int32(k)
		need = max(need, k+1)
	}
	return need, ends
}

// inMargin reports whether a relation between lines fl and tl runs by the
// margin: every one with relation space off (connmargin.go), the ones
// more than a line apart with it on (connroute.go).
func (v *View) inMargin(fl, tl int) bool {
	if !v.relSpace {
		return true
	}
	return v.marginRoute(fl, tl)
}

// lanesFor is how many lanes the margin holds for need lanes.
func lanesFor(need int) int {
	if need <= baseLanes {
		return baseLanes
	}
	return min(maxLanes, baseLanes+(need-baseLanes+laneStep-1)/laneStep*laneStep)
}

// left is the x of the text column: marginX, more when the margin holds
// more lanes than baseLanes (then widePitch apart, with laneEdge left of
// the outermost).
func (v *View) left() float32 {
	if v.gutter <= baseLanes {
		return marginX
	}
	return laneGap + float32(v.gutter-1)*widePitch + laneEdge
}

// laneX is the x of margin lane k (0: nearest the text).
func (v *View) laneX(k int) float32 {
	pitch := connStep
	if v.gutter > baseLanes {
		pitch = widePitch
	}
	return v.left() - laneGap - float32(k)*pitch
}

// laneOf is the lane of connector ci and whether the margin has it
// (false: past the widest margin, drawn as stubs).
func (v *View) laneOf(ci int) (int, bool) {
	if ci >= len(v.rows.lanes.lane) {
		return 0, false
	}
	k := int(v.rows.lanes.lane[ci])
	return k, k >= 0 && k < max(v.gutter, baseLanes)
}

// gutterKey is what the margin's width was decided for: it is decided
// once per relation set, spans, width, text size and spacing, on a whole
// layout (a progressive one waits until it is whole), so a widening that
// changes the lines cannot start another.
type gutterKey struct {
	conn, hl    int
	width, size float32
	spacing     float32
	rel         bool
}

// fitGutter sets the margin's lanes for the lanes the relations need. It
// reports whether they changed (the text column moved: reflow).
func (v *View) fitGutter() bool {
	if !v.lay.done {
		return false
	}
	k := gutterKey{v.conns.version, v.hlVersion, v.Size().Width, v.textSize(), v.lineSpacingNow(), v.relSpace}
	if k == v.gutterAt {
		return false
	}
	v.gutterAt = k
	want := lanesFor(v.rows.lanes.need)
	if want == max(v.gutter, baseLanes) {
		return false
	}
	v.gutter = want
	return true
}
