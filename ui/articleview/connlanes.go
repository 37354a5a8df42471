package articleview

import (
	"container/heap"
	"sort"
)

// Margin lanes. Every relation drawn by the left margin (connroute.go:
// ends more than a line apart with relation space on; connmargin.go:
// every relation with it off) runs down a lane of its own wherever its
// lines overlap another's: lanes are handed out by interval colouring
// over the lines each relation spans, ends included, so two routes that
// share a line never share a lane (issue 15: the fourth route took the
// first one's lane, and the two could not be told apart). A greedy
// colouring in order of the upper line uses as few lanes as the most
// routes crossing one line, in O(n log n) for n relations, and is done
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
// the margin), and how many lanes they need.
type laneSet struct {
	lane []int32
	need int
}

// laneIv is a relation's extent in lines for the colouring.
type laneIv struct {
	u, l int
	ci   int32
}

// endHeap is the lanes in use, by the last line their relation spans.
type endHeap []laneIv // ci holds the lane here

func (h endHeap) Len() int           { return len(h) }
func (h endHeap) Less(i, j int) bool { return h[i].l < h[j].l }
func (h endHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)        { *h = append(*h, x.(laneIv)) }
func (h *endHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// freeHeap is the lanes free again, lowest first, so routes keep to the
// lanes nearest the text.
type freeHeap []int32

func (h freeHeap) Len() int           { return len(h) }
func (h freeHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h freeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *freeHeap) Push(x any)        { *h = append(*h, x.(int32)) }
func (h *freeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// assignLanes gives every relation drawn by the margin its lane. It needs
// the rows' relation marks (markRelations) and a layout.
func (v *View) assignLanes() {
	ls := &v.rows.lanes
	n := len(v.conns.items)
	if cap(ls.lane) < n {
		ls.lane = make([]int32, n)
	}
	ls.lane = ls.lane[:n]
	ls.need = 0
	for ci := range ls.lane {
		ls.lane[ci] = -1
	}
	if len(v.rows.info) == 0 {
		return
	}
	ivs := v.rows.ivs[:0]
	for ci, c := range v.conns.items {
		f, t := v.hl.get(c.FromID), v.hl.get(c.ToID)
		if f == nil || t == nil {
			continue
		}
		fl, tl := v.lay.lineOf(f.Start), v.lay.lineOf(t.Start)
		if !v.inMargin(fl, tl) {
			continue
		}
		ivs = append(ivs, laneIv{min(fl, tl), max(fl, tl), int32(ci)})
	}
	v.rows.ivs = ivs
	ls.need = colourLanes(ivs, ls.lane)
}

// colourLanes gives each interval of ivs a lane (lane[iv.ci]) no interval
// sharing a line with it has, and returns how many lanes it used: the
// most intervals sharing one line (greedy colouring in order of start is
// optimal for intervals). It sorts ivs.
func colourLanes(ivs []laneIv, lane []int32) int {
	sort.Slice(ivs, func(i, j int) bool {
		if ivs[i].u != ivs[j].u {
			return ivs[i].u < ivs[j].u
		}
		return ivs[i].ci < ivs[j].ci
	})
	need := 0
	var busy endHeap
	var free freeHeap
	for _, iv := range ivs {
		// Lanes whose relation ended on a line above this one's first
		// are free; one ending on this line still shares it.
		for len(busy) > 0 && busy[0].l < iv.u {
			heap.Push(&free, heap.Pop(&busy).(laneIv).ci)
		}
		var k int32
		if len(free) > 0 {
			k = heap.Pop(&free).(int32)
		} else {
			k = int32(need)
			need++
		}
		lane[iv.ci] = k
		heap.Push(&busy, laneIv{u: iv.u, l: iv.l, ci: k})
	}
	return need
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
