package articleview

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Sizes of the span marks (colours: style.go). Depth 0 is a translucent
// band the height of the text with a solid edge along its bottom; nested
// spans are stacked underlines in rows below the text (rows.go), so every
// level stays visible and none crosses the glyphs.
const (
	underH        = float32(3)
	underGap      = float32(1)
	maxUnderDepth = 4 // deeper spans share the last underline row
	tipPad        = float32(4)
)

var matchColor = color.NRGBA{R: 0xf2, G: 0xb8, B: 0x00, A: 0xff}

// renderer draws only the visible lines. Rectangles and texts come from
// pools that grow to the largest page seen and are reused while scrolling.
type renderer struct {
	v *View

	rects []*canvas.Rectangle
	texts []*canvas.Text
	nr    int
	nt    int

	// connectors: elbow lines and arrowheads, label backgrounds and texts
	lines       []*canvas.Line
	nl          int
	labelBgs    []*canvas.Rectangle
	labelTexts  []*canvas.Text
	nlb         int
	connScratch []int
	placed      [][4]float32 // label boxes of this page (x0, y0, x1, y1)
	segs        []connSeg    // connector lines of this page, for labels to keep clear of (connlabels.go)
	jobs        []labelJob   // connector labels waiting for their places
	levels      []elbowRun   // the page's horizontals in relation rows, with their levels (planElbows)
	ends        []connEnds   // the ends of connScratch's connectors, by index (drawConnectors)
	slots       [][2]int     // tick slots handed out per line with relation space off (line, count; connmargin.go)
	frags       []*hlEntry

	scrollbar *canvas.Rectangle
	tipBg     *canvas.Rectangle
	tipTexts  []*canvas.Text

	objects []fyne.CanvasObject
	scratch []*hlEntry
	tc      tagCache // tags.go

	// built says the page is built for builtSize (Layout); pages counts
	// the pages built (tests).
	built     bool
	builtSize fyne.Size
	pages     int
}

func newRenderer(v *View) *renderer {
	r := &renderer{v: v, scrollbar: canvas.NewRectangle(color.Transparent), tipBg: canvas.NewRectangle(color.Transparent)}
	r.tipBg.CornerRadius = 3
	r.scrollbar.CornerRadius = scrollBarW / 2
	r.Refresh()
	return r
}

func (r *renderer) Destroy()                     {}
func (r *renderer) MinSize() fyne.Size           { return r.v.MinSize() }
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// Layout reflows on a width change (ensureLayout notices) and redraws.
// Fyne also lays a widget out again at its size when one of its objects'
// minimum size changed (a line's text, a tag's, in the page a Refresh
// just built): that page is current, and building it again was a second
// page per key in the real window, inside the frame (issue 14).
func (r *renderer) Layout(size fyne.Size) {
	if r.built && size == r.builtSize {
		return
	}
	r.Refresh()
}

func (r *renderer) rect(fill, stroke color.Color, strokeW float32, pos fyne.Position, size fyne.Size) {
	var o *canvas.Rectangle
	if r.nr < len(r.rects) {
		o = r.rects[r.nr]
	} else {
		o = canvas.NewRectangle(fill)
		r.rects = append(r.rects, o)
	}
	r.nr++
	changed := o.FillColor != fill || o.StrokeColor != stroke || o.StrokeWidth != strokeW
	o.FillColor, o.StrokeColor, o.StrokeWidth = fill, stroke, strokeW
	o.Move(pos)
	o.Resize(size)
	if changed {
		canvas.Refresh(o)
	}
}

func (r *renderer) text(s string, c color.Color, size float32, pos fyne.Position, sz fyne.Size) {
	o := pooledText(&r.texts, r.nt, c)
	r.nt++
	changed := o.Text != s || o.Color != c || o.TextSize != size
	if o.Text != s {
		// A copy: Fyne keeps drawn and measured strings in caches keyed
		// by them, and a slice of the document would pin all of it.
		s = strings.Clone(s)
	}
	o.Text, o.Color, o.TextSize = s, c, size
	o.Move(pos)
	o.Resize(sz)
	if changed {
		canvas.Refresh(o)
	}
}

// pooledText is text i of pool, made (in colour c) when the pool is
// shorter: pools grow to the largest page and are reused.
func pooledText(pool *[]*canvas.Text, i int, c color.Color) *canvas.Text {
	if i < len(*pool) {
		return (*pool)[i]
	}
	t := canvas.NewText("", c)
	*pool = append(*pool, t)
	return t
}

func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(uint16(n.A) * uint16(a) / 0xff)
	return n
}

// spanRects calls fn with the rectangle (x0, x1 in widget px) of [s, e) on
// every visible line from first to last.
func (r *renderer) spanRects(s, e, first, last int, fn func(line int, x0, x1 float32)) {
	v := r.v
	ls := v.lay.lines
	from, to := v.lay.lineOf(s), v.lay.lineOfEnd(e)
	if from < first {
		from = first
	}
	if to > last {
		to = last
	}
	for i := from; i <= to; i++ {
		ln := ls[i]
		a, b := max(s, int(ln.start)), min(e, int(ln.end))
		x0, x1 := v.lay.xAt(i, a), v.lay.xAt(i, b)
		if e > int(ln.end) {
			x1 += 4 // the span runs on past the line: show it reaching the edge
		}
		if x1 <= x0 {
			continue
		}
		fn(i, v.left()+x0, v.left()+x1)
	}
}

// Refresh rebuilds the visible page: bands, underlines, matches,
// selection, emphasis, text, scrollbar and tooltip, in painting order.
func (r *renderer) Refresh() {
	v := r.v
	r.nr, r.nt, r.nl, r.nlb = 0, 0, 0, 0
	r.objects = r.objects[:0]
	r.built = false
	size := v.Size()
	if !v.layoutFor(false) || size.Height <= 0 {
		return
	}
	r.pages++
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	bh := v.bandHeight() // the text band; rows above and below: rows.go
	ts := v.textSize()
	first, last := v.lineAtY(0), v.lineAtY(size.Height)
	ls := v.lay.lines
	a, b := int(ls[first].start), int(ls[last].end)+1

	// Highlights: bands at depth 0, underlines deeper.
	r.scratch = v.hl.query(a, b, r.scratch[:0])
	for _, h := range r.scratch {
		col := h.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		if h.depth == 0 {
			band, edge := spanBand(col), spanEdge(col)
			r.spanRects(h.Start, h.End, first, last, func(i int, x0, x1 float32) {
				r.rect(band, nil, 0, fyne.NewPos(x0, v.textTop(i)), fyne.NewSize(x1-x0, bh))
				r.rect(edge, nil, 0, fyne.NewPos(x0, v.textTop(i)+bh-bandEdgeH), fyne.NewSize(x1-x0, bandEdgeH))
			})
			continue
		}
		d := min(h.depth, maxUnderDepth)
		under := spanEdge(col)
		r.spanRects(h.Start, h.End, first, last, func(i int, x0, x1 float32) {
			y := v.textTop(i) + bh + underGap + float32(d-1)*(underH+underGap)
			r.rect(under, nil, 0, fyne.NewPos(x0, y), fyne.NewSize(x1-x0, underH))
		})
	}

	// Search matches: a yellow outline, distinct from bands and selection.
	r.scratch = v.matches.query(a, b, r.scratch[:0])
	for _, m := range r.scratch {
		r.spanRects(m.Start, m.End, first, last, func(i int, x0, x1 float32) {
			r.rect(color.Transparent, matchColor, 1.5, fyne.NewPos(x0, v.textTop(i)+1), fyne.NewSize(x1-x0, bh-2))
		})
	}

	// Selection over the spans, under the text: the system selection
	// colour with an outline no span has (selectionStyle).
	if v.selEnd > v.selStart {
		fill, stroke := selectionStyle(th, variant)
		r.spanRects(v.selStart, v.selEnd, first, last, func(i int, x0, x1 float32) {
			r.rect(fill, stroke, selStrokeW, fyne.NewPos(x0-1, v.textTop(i)), fyne.NewSize(x1-x0+2, bh))
		})
	}

	// Fragments of a discontinuous annotation ("id#k") are joined to the
	// previous fragment by a thin line along the bottom of the gap.
	r.scratch = v.hl.query(a, b, r.scratch[:0])
	for _, h := range r.scratch {
		base, k := fragmentBase(h.ID)
		if k == 0 {
			continue
		}
		prev := v.hl.get(fragmentID(base, k-1))
		if prev == nil || prev.End >= h.Start {
			continue
		}
		col := h.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		join := spanEdge(col)
		r.spanRects(prev.End, h.Start, first, last, func(i int, x0, x1 float32) {
			r.rect(join, nil, 0, fyne.NewPos(x0, v.textTop(i)+bh-1.5), fyne.NewSize(x1-x0, 1.5))
		})
	}

	// The selected span (or its resize preview) gets a 2 px outline, on
	// every fragment of its annotation.
	r.frags = v.fragmentsOf(v.selectedID, r.frags[:0])
	for _, e := range r.frags {
		s, en := e.Start, e.End
		if v.in.edgeID == e.ID && (v.in.mode == dragEdgeStart || v.in.mode == dragEdgeEnd) {
			s, en = v.in.edgeS, v.in.edgeE
		}
		col := e.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		stroke := withAlpha(col, 0xff)
		if s < b && en > a {
			r.spanRects(s, en, first, last, func(i int, x0, x1 float32) {
				r.rect(withAlpha(col, 0x30), stroke, 2, fyne.NewPos(x0-1, v.textTop(i)), fyne.NewSize(x1-x0+2, bh))
			})
		}
	}
	// A fragment being picked (Ctrl+drag) previews in the selected span's
	// colour, dashed look approximated by a thinner outline.
	if v.in.mode == dragFragment && v.in.fragE > v.in.fragS {
		var col color.Color = th.Color(theme.ColorNamePrimary, variant)
		if e := v.hl.get(v.selectedID); e != nil && e.Color != nil {
			col = e.Color
		}
		fill, stroke := withAlpha(col, 0x50), withAlpha(col, 0xff)
		r.spanRects(v.in.fragS, v.in.fragE, first, last, func(i int, x0, x1 float32) {
			r.rect(fill, stroke, 1, fyne.NewPos(x0-1, v.textTop(i)), fyne.NewSize(x1-x0+2, bh))
		})
	}

	// The keyboard caret (caret.go), the label tags (tags.go) and, with
	// relation space off, the relations' end marks (connmargin.go).
	r.drawCaret(first, last, th, variant)
	r.drawEndMarks(first, last, a, b, th, variant)
	r.drawTags(first, last, a, b, th, variant)

	// Text, one canvas.Text per visual line (long single texts render badly).
	fg := th.Color(theme.ColorNameForeground, variant)
	textH := fyne.MeasureText("M", ts, fyne.TextStyle{}).Height
	for i := first; i <= last; i++ {
		g := v.lay.geom(i)
		if g.text == "" {
			continue
		}
		s := g.text
		if strings.ContainsAny(s, "\r\t") {
			s = strings.NewReplacer("\r", "", "\t", " ").Replace(s)
		}
		r.text(s, fg, ts, fyne.NewPos(v.left(), v.textTop(i)+(bh-textH)/2), fyne.NewSize(v.lay.lineWidth(i), textH))
	}

	r.drawSuggestions(first, last, a, b, th, variant) // after the lines' texts: their pooled texts stay put
	for _, o := range r.rects[:r.nr] {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.texts[:r.nt] {
		r.objects = append(r.objects, o)
	}

	// Relations over the text, labels over their lines.
	r.drawConnectors(first, last, a, b, th, variant)
	for _, o := range r.lines[:r.nl] {
		r.objects = append(r.objects, o)
	}
	for i := 0; i < r.nlb; i++ {
		r.objects = append(r.objects, r.labelBgs[i], r.labelTexts[i])
	}

	// Scrollbar: a thin thumb, only when the text is taller than the view.
	if ch := v.contentHeight(); ch > size.Height {
		thumb := max(minThumbH, size.Height*size.Height/ch)
		y := v.scrollY / (ch - size.Height) * (size.Height - thumb)
		r.scrollbar.FillColor = th.Color(theme.ColorNameScrollBar, variant)
		r.scrollbar.Move(fyne.NewPos(size.Width-scrollBarW-2, y))
		r.scrollbar.Resize(fyne.NewSize(scrollBarW, thumb))
	} else {
		r.scrollbar.FillColor = color.Transparent
		r.scrollbar.Resize(fyne.NewSize(0, 0))
	}
	// The scrollbar is always in the tree and refreshed last: moving pooled
	// objects or adding new ones does not by itself mark the GL canvas dirty,
	// and refreshing a rectangle is cheap (no texture), unlike refreshing
	// the whole widget, which would drop every line's text texture.
	r.objects = append(r.objects, r.scrollbar)
	canvas.Refresh(r.scrollbar)

	r.layoutTooltip(th, variant, ts, size)
	r.built, r.builtSize = true, size
}

// layoutTooltip draws the hovered spans' tooltips in a box near the
// pointer, kept inside the view. Drawn in the widget rather than as a popup
// so it needs no canvas overlay and cannot steal pointer events.
func (r *renderer) layoutTooltip(th fyne.Theme, variant fyne.ThemeVariant, ts float32, size fyne.Size) {
	v := r.v
	if v.in.tooltip == "" {
		return
	}
	tsz := ts * 0.9
	// Lines wider than the view wrap at words: a Compare group's tooltip
	// (every annotator's label and text on one line) was cut at the
	// article's right edge.
	lines := wrapTip(strings.Split(v.in.tooltip, "\n"), size.Width-2*tipPad, func(s string) float32 {
		return fyne.MeasureText(s, tsz, fyne.TextStyle{}).Width
	})
	var w, h float32
	for _, l := range lines {
		m := fyne.MeasureText(l, tsz, fyne.TextStyle{})
		w = max(w, m.Width)
		h += m.Height
	}
	boxW, boxH := w+2*tipPad, h+2*tipPad
	pos := v.in.tipPos.Add(fyne.NewPos(12, 18))
	if pos.X+boxW > size.Width {
		pos.X = max(0, size.Width-boxW)
	}
	if pos.Y+boxH > size.Height {
		pos.Y = max(0, v.in.tipPos.Y-boxH-6)
	}
	r.tipBg.FillColor = th.Color(theme.ColorNameOverlayBackground, variant)
	r.tipBg.StrokeColor = th.Color(theme.ColorNameInputBorder, variant)
	r.tipBg.StrokeWidth = 1
	r.tipBg.Move(pos)
	r.tipBg.Resize(fyne.NewSize(boxW, boxH))
	canvas.Refresh(r.tipBg)
	r.objects = append(r.objects, r.tipBg)
	fg := th.Color(theme.ColorNameForeground, variant)
	y := pos.Y + tipPad
	for i, l := range lines {
		if i >= len(r.tipTexts) {
			r.tipTexts = append(r.tipTexts, canvas.NewText("", fg))
		}
		t := r.tipTexts[i]
		t.Text, t.Color, t.TextSize = l, fg, tsz
		m := fyne.MeasureText(l, tsz, fyne.TextStyle{})
		t.Move(fyne.NewPos(pos.X+tipPad, y))
		t.Resize(m)
		canvas.Refresh(t)
		r.objects = append(r.objects, t)
		y += m.Height
	}
}

// wrapTip breaks each line wider than width at spaces (a word wider than
// width stays whole on its own line), measured by measure.
func wrapTip(lines []string, width float32, measure func(string) float32) []string {
	var out []string
	for _, l := range lines {
		if width <= 0 || measure(l) <= width {
			out = append(out, l)
			continue
		}
		cur := ""
		for _, word := range strings.Fields(l) {
			if cur == "" {
				cur = word
				continue
			}
			if measure(cur+" "+word) > width {
				out = append(out, cur)
				cur = word
				continue
			}
			cur += " " + word
		}
		if cur != "" {
			out = append(out, cur)
		}
	}
	return out
}
