package articleview

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Connector is a relation drawn between two highlights: an elbow line from
// the top of the source span's first fragment to the top of the target's,
// ending in an arrowhead, with the label near the middle. Ends more than a
// line apart are joined through the left margin (connroute.go).
type Connector struct {
	ID           string // the relation's id: clicking the connector reports it (OnConnectorSelected); "" is not clickable
	FromID, ToID string // highlight IDs (an annotation's first fragment)
	Label        string
	Color        color.Color // nil: the theme's primary colour
}

// Geometry of connectors.
const (
	connStroke  = float32(1.5)
	connRise    = float32(0.2) // of the line height: how far above the text the elbow runs
	connStep    = float32(3)   // extra rise per stacking level, so parallel elbows stay apart
	connLevels  = 3
	arrowLen    = float32(6)
	arrowHalfW  = float32(3.5)
	connLabelSz = float32(0.8) // of the text size (the caption size at least)
	connAlpha   = 0xe0
)

// SetConnectors replaces the relations drawn between highlights. Connectors
// naming an unknown highlight are kept and drawn once both ends exist. The
// selected connector stays selected if it is still there.
func (v *View) SetConnectors(cs []Connector) {
	v.conns.set(cs)
	if v.selectedConn != "" {
		still := false
		for _, c := range cs {
			still = still || c.ID == v.selectedConn
		}
		if !still {
			v.selectedConn = ""
		}
	}
	v.Refresh()
}

// SelectedConnector is the id of the connector the user clicked ("": none).
func (v *View) SelectedConnector() string { return v.selectedConn }

// SelectConnector selects a connector by id (drawn bolder), deselecting
// any highlight; "" deselects. OnConnectorSelected is not called.
func (v *View) SelectConnector(id string) {
	v.selectedConn = id
	if id != "" {
		v.selectedID = ""
	}
	v.Refresh()
}

// connHit is a rectangle of the view where a drawn connector takes a click:
// a segment of its elbow widened by connHitSlop, or its label.
type connHit struct {
	id             string
	x0, y0, x1, y1 float32
}

// connHitSlop is how far from a connector's line a click still hits it.
const connHitSlop = float32(4)

// connectorAt returns the id of the connector drawn at pos ("": none),
// the last drawn winning, as it is on top.
func (v *View) connectorAt(pos fyne.Position) string {
	for i := len(v.connHits) - 1; i >= 0; i-- {
		h := v.connHits[i]
		if pos.X >= h.x0 && pos.X <= h.x1 && pos.Y >= h.y0 && pos.Y <= h.y1 {
			return h.id
		}
	}
	return ""
}

// hitSegment records an axis-aligned segment of connector id as clickable.
func (v *View) hitSegment(id string, p1, p2 fyne.Position) {
	if id == "" {
		return
	}
	v.connHits = append(v.connHits, connHit{id,
		min(p1.X, p2.X) - connHitSlop, min(p1.Y, p2.Y) - connHitSlop,
		max(p1.X, p2.X) + connHitSlop, max(p1.Y, p2.Y) + connHitSlop})
}

// Connectors returns the connectors last set.
func (v *View) Connectors() []Connector { return v.conns.items }

// connIndex finds the connectors with an end in a rune range: their end
// points sorted by offset, rebuilt lazily when connectors or highlights
// change, so a page costs a binary search plus the visible connectors.
type connIndex struct {
	items []Connector
	ends  []connEnd
	// long holds every connector's rune range, longest first, for the
	// ones that span a whole page (their ends above and below it).
	long  []connSpan
	built int // hlVersion the ends were computed for; -1 = stale
	// version counts changes to items, so the rows (rows.go) know when
	// the lines that carry an elbow may have changed.
	version int
	stamp   []int
	frame   int
}

type connEnd struct {
	off int
	ci  int
}

type connSpan struct{ lo, hi, ci int }

func (x *connIndex) set(cs []Connector) {
	x.items = append([]Connector(nil), cs...)
	x.built = -1
	x.version++
}

func (x *connIndex) build(hl *hlStore, version int) {
	if x.built == version {
		return
	}
	x.built = version
	x.ends, x.long = x.ends[:0], x.long[:0]
	for i, c := range x.items {
		f, t := hl.get(c.FromID), hl.get(c.ToID)
		if f == nil || t == nil {
			continue
		}
		x.ends = append(x.ends, connEnd{f.Start, i})
		if t.Start != f.Start {
			x.ends = append(x.ends, connEnd{t.Start, i})
		}
		x.long = append(x.long, connSpan{min(f.Start, t.Start), max(f.Start, t.Start), i})
	}
	sort.Slice(x.ends, func(i, j int) bool { return x.ends[i].off < x.ends[j].off })
	sort.Slice(x.long, func(i, j int) bool { return x.long[i].hi-x.long[i].lo > x.long[j].hi-x.long[j].lo })
	if len(x.stamp) != len(x.items) {
		x.stamp = make([]int, len(x.items))
		x.frame = 0
	}
}

// visible appends the indexes of connectors with an end in [a, b), and of
// those with one end before a and the other from b on (a relation routed
// by the margin shows there: connroute.go), once each, in a stable order.
// Only connectors longer than the page can span it: the longest come
// first, so the search stops at the first that is shorter.
func (x *connIndex) visible(a, b int, out []int) []int {
	lo := sort.Search(len(x.ends), func(i int) bool { return x.ends[i].off >= a })
	x.frame++
	add := func(ci int) {
		if x.stamp[ci] != x.frame {
			x.stamp[ci] = x.frame
			out = append(out, ci)
		}
	}
	for i := lo; i < len(x.ends) && x.ends[i].off < b; i++ {
		add(x.ends[i].ci)
	}
	for _, s := range x.long {
		if s.hi-s.lo <= b-a {
			break
		}
		if s.lo < a && s.hi >= b {
			add(s.ci)
		}
	}
	sort.Ints(out)
	return out
}

// connectorEnd is where a connector meets a span: the middle of the span's
// part on its first line, at the top of that line.
func (v *View) connectorEnd(e *hlEntry) (line int, x float32) {
	line = v.lay.lineOf(e.Start)
	end := min(e.End, int(v.lay.lines[line].end))
	x0, x1 := v.lay.xAt(line, e.Start), v.lay.xAt(line, end)
	if x1 < x0 {
		x1 = x0
	}
	return line, v.left() + (x0+x1)/2
}

// connEnds is where a connector meets its source (line fl, x fx) and its
// target (tl, tx); ok is false when either span is not in the view.
type connEnds struct {
	fl, tl int
	fx, tx float32
	ok     bool
}

// connEndsOf is connEnds for connector c.
func (v *View) connEndsOf(c Connector) connEnds {
	f, t := v.hl.get(c.FromID), v.hl.get(c.ToID)
	if f == nil || t == nil {
		return connEnds{}
	}
	e := connEnds{ok: true}
	e.fl, e.fx = v.connectorEnd(f)
	e.tl, e.tx = v.connectorEnd(t)
	return e
}

func (r *renderer) line(c color.Color, w float32, p1, p2 fyne.Position) {
	var o *canvas.Line
	if r.nl < len(r.lines) {
		o = r.lines[r.nl]
	} else {
		o = canvas.NewLine(c)
		r.lines = append(r.lines, o)
	}
	r.nl++
	changed := o.StrokeColor != c || o.StrokeWidth != w
	o.StrokeColor, o.StrokeWidth = c, w
	o.Position1, o.Position2 = p1, p2
	if changed {
		canvas.Refresh(o)
	}
}

// drawConnectors draws the connectors with at least one end on lines
// first..last (runes [a, b)). The horizontal part of the elbow runs just
// above the lower end's line; an end on the upper line is met at its
// bottom, so the arrow never crosses that line's text. An end above or
// below the page is drawn as a line running to that edge. With relation
// space on, each elbow runs at its own level of the lower line's relation
// row and its label sits in the row's label strip above the elbows, clear
// of every line drawn (rows.go, connlabels.go). Ends more than a line
// apart are joined by the margin instead (connroute.go), so the relation
// never runs over the text of the lines between them. With relation space
// off there is no room above a line that is not another line's text, so
// every relation is drawn in the margin alone (connmargin.go).
func (r *renderer) drawConnectors(first, last, a, b int, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	v.connHits = v.connHits[:0]
	if len(v.conns.items) == 0 {
		return
	}
	v.conns.build(&v.hl, v.hlVersion)
	r.connScratch = v.conns.visible(a, b, r.connScratch[:0])
	if len(r.connScratch) == 0 {
		return
	}
	lh := v.bandHeight()
	h := v.Size().Height
	r.placed, r.segs, r.jobs, r.slots = r.placed[:0], r.segs[:0], r.jobs[:0], r.slots[:0]
	// Each connector's ends, found once for the levels and the drawing.
	r.ends = r.ends[:0]
	for _, ci := range r.connScratch {
		r.ends = append(r.ends, v.connEndsOf(v.conns.items[ci]))
	}
	r.planElbows(first, last)
	for k, ci := range r.connScratch {
		c := v.conns.items[ci]
		e := r.ends[k]
		if !e.ok {
			continue
		}
		fl, fx, tl, tx := e.fl, e.fx, e.tl, e.tx
		fIn, tIn := fl >= first && fl <= last, tl >= first && tl <= last
		margin := v.inMargin(fl, tl)
		if !fIn && !tIn && !(min(fl, tl) < first && max(fl, tl) > last && margin) {
			continue // only a route by the margin shows between its ends
		}
		col := c.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		stroke := withAlpha(col, connAlpha)
		w := connStroke
		if c.ID != "" && c.ID == v.selectedConn {
			w, stroke = 2*connStroke, withAlpha(col, 0xff)
		}
		if !v.relSpace { // no room above the lines: in the margin only (connmargin.go)
			r.drawInMargin(k, ci, c, fl, fIn, tl, tIn, stroke, w)
			continue
		}
		if margin { // lines between the ends: by the margin (connroute.go)
			r.drawRouted(k, ci, c, fl, fx, tl, tx, tIn, stroke, withAlpha(col, 0xff), w, first, last)
			continue
		}
		if fx == tx && fl == tl { // a span related to itself or a twin: offset the target
			tx += 8
		}
		rise := lh*connRise + float32(k%connLevels)*connStep
		// Ends meet a span at the top of its tag row (or text) from above,
		// at the bottom of its line from below.
		fTop, tTop := v.tagTop(fl), v.tagTop(tl)
		low := max(fl, tl)
		inRow := v.relSpace && v.rows.info[low].rel && low >= first && low <= last
		var fy, ty, elbow float32
		switch {
		case fl == tl:
			fy, ty, elbow = fTop, tTop, fTop-rise
		case fl > tl: // source below the target
			fy, ty, elbow = fTop, v.lineBottom(tl), fTop-rise
			if !fIn {
				fy, elbow = h, ty+rise
			} else if !tIn {
				ty = 0
			}
		default: // source above the target
			fy, ty, elbow = v.lineBottom(fl), tTop, tTop-rise
			if !tIn {
				ty, elbow = h, fy+rise
			} else if !fIn {
				fy = 0
			}
		}
		labelY := float32(-1)
		if inRow {
			elbow = v.relElbowY(low, r.elbowLevel(k, low))
			labelY = v.relLabelMid(low)
		}
		elbow = min(max(elbow, 1), h-1)
		if labelY < 0 {
			labelY = elbow // no relation row: the label sits on the elbow
		}
		segs := [3][2]fyne.Position{
			{fyne.NewPos(fx, fy), fyne.NewPos(fx, elbow)},
			{fyne.NewPos(fx, elbow), fyne.NewPos(tx, elbow)},
			{fyne.NewPos(tx, elbow), fyne.NewPos(tx, ty)},
		}
		for i, s := range segs {
			r.line(stroke, w, s[0], s[1])
			v.hitSegment(c.ID, s[0], s[1])
			r.keepSeg(k, i == 1, s[0], s[1])
		}
		if tIn {
			dir := float32(1) // arrow pointing down onto the target
			if elbow > ty {
				dir = -1
			}
			r.arrow(k, stroke, w, fyne.NewPos(tx, ty), dir)
		}
		if c.Label != "" {
			r.jobs = append(r.jobs, labelJob{conn: k, id: c.ID, text: c.Label, color: withAlpha(col, 0xff), x0: fx, x1: tx, y: labelY, clear: inRow})
		}
	}
	r.placeLabels(th, variant)
}

// elbowLevel is the level in line i's relation row of connector k's
// horizontal there (planElbows); 0 when it has none.
func (r *renderer) elbowLevel(k, i int) int {
	for _, e := range r.levels {
		if e.conn == k && e.line == i {
			return e.level
		}
	}
	return 0
}

// elbowRun is one horizontal of a connector (index k of the page's) in
// line's relation row, from x0 to x1, and the level planElbows gave it.
type elbowRun struct {
	line, conn, level int
	x0, x1            float32
}

// elbowGap is the room kept between two horizontals on one level.
const elbowGap = float32(4)

// planElbows gives every horizontal drawn in a relation row of the page
// its level, before any is drawn (r.ends holds the connectors' ends). The row has connLevels levels; they
// were handed out in the order the relations were drawn, so the fourth
// relation of a line shared the first one's level wherever they ran
// (issue 15), and two horizontals on one level could not be told apart.
// Levels are now interval-coloured along the row: runs are taken from
// the left, the longer first where they start together, and each takes
// the top level free at its start, so horizontals that share a level
// never overlap, and a run inside another's extent lies below it (its
// verticals do not cross the outer one), as brat and INCEpTION nest
// their arcs. Only where more than connLevels runs cover one x does a
// level take a second, the one whose runs end first.
func (r *renderer) planElbows(first, last int) {
	v := r.v
	r.levels = r.levels[:0]
	if !v.relSpace {
		return // ticks in the margin (connmargin.go), no relation rows
	}
	add := func(line, k int, xa, xb float32) {
		r.levels = append(r.levels, elbowRun{line: line, conn: k, x0: min(xa, xb), x1: max(xa, xb)})
	}
	for k, ci := range r.connScratch {
		e := r.ends[k]
		if !e.ok {
			continue
		}
		fl, fx, tl, tx := e.fl, e.fx, e.tl, e.tx
		if v.inMargin(fl, tl) { // by the margin (connroute.go)
			u, xu, l, xl := fl, fx, tl, tx
			if fl > tl {
				u, xu, l, xl = tl, tx, fl, fx
			}
			if lane, ok := v.laneOf(ci); ok {
				xm := v.laneX(lane)
				add(u, k, xm, xu)
				add(l, k, xm, xl)
			} else { // its stubs (routeStubs)
				add(u, k, v.stubX(), xu)
				add(l, k, v.stubX(), xl)
			}
			continue
		}
		low := max(fl, tl)
		if !v.rows.info[low].rel || low < first || low > last {
			continue // no relation row for it on the page: it rises by k
		}
		if fx == tx && fl == tl {
			tx += 8 // as drawConnectors offsets it
		}
		add(low, k, fx, tx)
	}
	slices.SortFunc(r.levels, func(a, b elbowRun) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.x0, b.x0), cmp.Compare(b.x1, a.x1))
	})
	var ends [connLevels]float32
	for i := range r.levels {
		e := &r.levels[i]
		if i == 0 || r.levels[i-1].line != e.line {
			for j := range ends {
				ends[j] = float32(math.Inf(-1))
			}
		}
		pick := -1
		for j, end := range ends {
			if end+elbowGap <= e.x0 {
				pick = j
				break
			}
		}
		if pick < 0 { // every level is taken here: the one free soonest
			pick = 0
			for j := range ends {
				if ends[j] < ends[pick] {
					pick = j
				}
			}
		}
		e.level = pick
		ends[pick] = max(ends[pick], e.x1)
	}
}

// fragmentBase splits a highlight id of the form "base#k" (fragment k > 0
// of a discontinuous annotation) into base and k; other ids give (id, 0).
func fragmentBase(id string) (string, int) {
	i := strings.LastIndexByte(id, '#')
	if i <= 0 || i == len(id)-1 {
		return id, 0
	}
	k, err := strconv.Atoi(id[i+1:])
	if err != nil || k <= 0 {
		return id, 0
	}
	return id[:i], k
}

// fragmentID is the highlight id of fragment k of annotation base.
func fragmentID(base string, k int) string {
	if k == 0 {
		return base
	}
	return base + "#" + strconv.Itoa(k)
}

// fragmentsOf returns the highlights that make up the annotation of the
// highlight id: id's base and base#1, base#2, ... while they exist.
func (v *View) fragmentsOf(id string, out []*hlEntry) []*hlEntry {
	if id == "" {
		return out
	}
	base, _ := fragmentBase(id)
	if e := v.hl.get(base); e != nil {
		out = append(out, e)
	} else if e := v.hl.get(id); e != nil {
		return append(out, e) // an id with '#' that is not a fragment
	}
	for k := 1; ; k++ {
		e := v.hl.get(fragmentID(base, k))
		if e == nil {
			return out
		}
		out = append(out, e)
	}
}
