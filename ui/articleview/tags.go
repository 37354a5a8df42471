package articleview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Label tags, as brat and INCEpTION draw them: the label name in small
// type in a row above the text, at the start of the span, in the label's
// colour. Only the lines where a tagged span starts get the row (rows.go),
// so turning tags on spaces out annotated lines only, and adding a span
// changes the height of its own line, never the wrapping.

// tagState holds the tag settings.
type tagState struct {
	show bool
}

const (
	tagPadX = float32(3)
	tagGap  = float32(3) // between tags that would touch on one line
	tagBgA  = 0x2a       // the tag's background: a tint of the label colour
)

// SetShowLabelTags turns drawing each span's Tag above its start on or off
// (off by default). The first visible line stays in place.
func (v *View) SetShowLabelTags(on bool) {
	if v.tags.show == on {
		return
	}
	v.tags.show = on
	v.Refresh()
}

// ShowLabelTags reports whether label tags are drawn.
func (v *View) ShowLabelTags() bool { return v.tags.show }

// tagSize is the text size of tags: the theme's caption size.
func (v *View) tagSize() float32 { return v.captionSize() }

// drawTags draws the tags of the spans starting on lines first..last
// (spans overlapping runes [a, b), as the page's highlights). Tags that
// would overlap on a line are pushed right, in text order, so spans that
// start together (nested ones) show each name.
func (r *renderer) drawTags(first, last, a, b int, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	if !v.tags.show {
		return
	}
	size := v.tagSize()
	bg := th.Color(theme.ColorNameBackground, variant)
	prim := th.Color(theme.ColorNamePrimary, variant)
	line, right := -1, float32(0)
	r.scratch = v.hl.query(a, b, r.scratch[:0])
	for _, h := range r.scratch {
		if h.Tag == "" || h.End <= h.Start {
			continue
		}
		if _, k := fragmentBase(h.ID); k != 0 {
			continue // one tag per annotation, on its first fragment
		}
		i := v.lay.lineOf(h.Start)
		if i < first || i > last || !v.rows.info[i].tag {
			continue
		}
		col := h.Color
		if col == nil {
			col = prim
		}
		m := r.measureTag(h.Tag, size)
		x := v.left() + v.lay.xAt(i, h.Start)
		if i == line && x < right+tagGap {
			x = right + tagGap
		}
		line, right = i, x+m.Width+2*tagPadX
		y := v.tagTop(i)
		rowH := v.rows.h.tagH
		r.rect(withAlpha(col, tagBgA), nil, 0, fyne.NewPos(x, y), fyne.NewSize(m.Width+2*tagPadX, rowH-1))
		r.text(h.Tag, r.tagColor(col, bg), size, fyne.NewPos(x+tagPadX, y+(rowH-1-m.Height)/2), m)
	}
}

// tagCache keeps what drawing tags would otherwise compute every frame.
type tagCache struct {
	sizes  map[string]fyne.Size
	sizeAt float32
	colors map[[2]color.NRGBA]color.NRGBA
}

// measureTag measures a tag's text, remembering the last page's widths so
// a frame costs no text measuring for tags already seen.
func (r *renderer) measureTag(s string, size float32) fyne.Size {
	if r.tc.sizes == nil || r.tc.sizeAt != size {
		r.tc.sizes, r.tc.sizeAt = map[string]fyne.Size{}, size
	}
	if m, ok := r.tc.sizes[s]; ok {
		return m
	}
	m := fyne.MeasureText(s, size, fyne.TextStyle{})
	if len(r.tc.sizes) > 1024 {
		clear(r.tc.sizes)
	}
	r.tc.sizes[s] = m
	return m
}

// tagColor is the label colour made readable on the background, cached
// per colour (a schema has a handful).
func (r *renderer) tagColor(c, bg color.Color) color.NRGBA {
	key := [2]color.NRGBA{withAlpha(c, 0xff), withAlpha(bg, 0xff)}
	if out, ok := r.tc.colors[key]; ok {
		return out
	}
	if r.tc.colors == nil || len(r.tc.colors) > 256 {
		r.tc.colors = map[[2]color.NRGBA]color.NRGBA{}
	}
	out := readableOn(c, bg)
	r.tc.colors[key] = out
	return out
}

// tagAt returns the id of the span whose tag is drawn at pos ("": none),
// so a click on a tag selects its span.
func (v *View) tagAt(pos fyne.Position) string {
	if !v.tags.show || !v.ensureLayout() || len(v.lay.lines) == 0 {
		return ""
	}
	i := v.lineAtY(pos.Y)
	if !v.rows.info[i].tag || pos.Y < v.tagTop(i) || pos.Y >= v.textTop(i) {
		return ""
	}
	ln := v.lay.lines[i]
	size := v.tagSize()
	right := float32(0)
	hit := ""
	for _, h := range v.hl.query(int(ln.start), int(ln.end)+1, nil) {
		if h.Tag == "" || h.End <= h.Start || v.lay.lineOf(h.Start) != i {
			continue
		}
		if _, k := fragmentBase(h.ID); k != 0 {
			continue
		}
		w := fyne.MeasureText(h.Tag, size, fyne.TextStyle{}).Width + 2*tagPadX
		x := v.left() + v.lay.xAt(i, h.Start)
		if right > 0 && x < right+tagGap {
			x = right + tagGap
		}
		right = x + w
		if pos.X >= x && pos.X < x+w {
			hit = h.ID
		}
	}
	return hit
}
