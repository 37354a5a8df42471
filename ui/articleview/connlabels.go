package articleview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Connector labels are placed after every connector of the page is drawn,
// so that a label in a relation row's label strip can keep clear of every
// line crossing the strip (the vertical up to a span on the line above,
// its arrowhead), whichever connector drew it, and of the labels placed
// before it.

// labelJob is a connector label waiting for its place: centred on its
// elbow x0..x1 at height y; clear says it must avoid the page's lines
// (it is in a label strip), otherwise it sits on its own elbow.
type labelJob struct {
	conn   int // the connector's index on the page
	id     string
	text   string
	color  color.Color
	x0, x1 float32
	y      float32
	clear  bool
}

// connSeg is the box of a line a connector drew (widened by its stroke).
type connSeg struct {
	conn           int
	elbow          bool // the horizontal part
	x0, y0, x1, y1 float32
}

// labelSlop is the room kept between a label and a line it avoids.
const labelSlop = float32(2)

// keepSeg records a line of connector conn from p1 to p2.
func (r *renderer) keepSeg(conn int, elbow bool, p1, p2 fyne.Position) {
	w := connStroke / 2
	r.segs = append(r.segs, connSeg{conn, elbow, min(p1.X, p2.X) - w, min(p1.Y, p2.Y) - w, max(p1.X, p2.X) + w, max(p1.Y, p2.Y) + w})
}

// placeLabels draws the waiting labels, each where it covers no label
// placed before it and, in a label strip, no line: at the middle of its
// elbow, a quarter of the way along from either end, or slid along the
// strip from the middle until it is clear (the elbow of a relation to the
// line above can be shorter than its label, with the vertical at its
// end). A label that finds no clear place goes at the middle.
func (r *renderer) placeLabels(th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	page := th.Color(theme.ColorNameBackground, variant)
	bg := withAlpha(page, 0xd8)
	size := v.connLabelSize()
	width := v.Size().Width
	for _, j := range r.jobs {
		m := fyne.MeasureText(j.text, size, fyne.TextStyle{})
		mid := (j.x0 + j.x1) / 2
		box := func(cx float32) [4]float32 {
			if j.clear { // inside the view
				cx = min(max(cx, m.Width/2+2), width-scrollBarW-m.Width/2-2)
			}
			return [4]float32{cx - m.Width/2 - 2, j.y - m.Height/2, cx + m.Width/2 + 2, j.y + m.Height/2}
		}
		free := func(b [4]float32) bool {
			for _, p := range r.placed {
				if b[0] < p[2] && p[0] < b[2] && b[1] < p[3] && p[1] < b[3] {
					return false
				}
			}
			if !j.clear {
				return true
			}
			for _, s := range r.segs {
				if b[0]-labelSlop < s.x1 && s.x0 < b[2]+labelSlop && b[1] < s.y1 && s.y0 < b[3] {
					return false
				}
			}
			return true
		}
		rect, found := box(mid), false
		for _, f := range []float32{0.5, 0.25, 0.75} {
			if b := box(j.x0 + (j.x1-j.x0)*f); free(b) {
				rect, found = b, true
				break
			}
		}
		if !found && j.clear {
			reach := max(j.x0, j.x1) - min(j.x0, j.x1) + 2*m.Width
			for d := float32(4); d <= reach && !found; d += 4 {
				for _, cx := range []float32{mid + d, mid - d} {
					if b := box(cx); free(b) {
						rect, found = b, true
						break
					}
				}
			}
		}
		r.placed = append(r.placed, rect)
		// The label's text in the relation's colour made readable on the
		// page, as the label tags are: a yellow relation's label was
		// hard to read in the light theme. The line keeps the colour.
		r.connLabel(j.text, readableOn(j.color, page), bg, size, fyne.NewPos((rect[0]+rect[2])/2, j.y))
		if j.id != "" {
			v.connHits = append(v.connHits, connHit{j.id, rect[0], rect[1], rect[2], rect[3]})
		}
	}
}

// connLabel draws label s centred at center on a background box.
func (r *renderer) connLabel(s string, c, bg color.Color, size float32, center fyne.Position) {
	m := fyne.MeasureText(s, size, fyne.TextStyle{})
	pos := fyne.NewPos(center.X-m.Width/2, center.Y-m.Height/2)
	var b *canvas.Rectangle
	if r.nlb < len(r.labelBgs) {
		b = r.labelBgs[r.nlb]
	} else {
		b = canvas.NewRectangle(bg)
		b.CornerRadius = 2
		r.labelBgs = append(r.labelBgs, b)
	}
	t := pooledText(&r.labelTexts, r.nlb, c)
	r.nlb++
	if b.FillColor != bg {
		b.FillColor = bg
		canvas.Refresh(b)
	}
	b.Move(pos.Subtract(fyne.NewPos(2, 0)))
	b.Resize(fyne.NewSize(m.Width+4, m.Height))
	if t.Text != s || t.Color != c || t.TextSize != size {
		t.Text, t.Color, t.TextSize = s, c, size
		canvas.Refresh(t)
	}
	t.Move(pos)
	t.Resize(m)
}
