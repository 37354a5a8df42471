package articleview

import (
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Suggestions (issue 16) are a recommender's proposed spans. They are not
// annotations, and the view draws them so that nobody takes one for an
// annotation: a dashed outline in the label's colour with no band, its
// label and score in a small tag above the span, and both the more opaque
// the higher the score. The selected suggestion gets a solid, thicker
// outline and a faint fill.

// Suggestion is one proposed span as the view draws it.
type Suggestion struct {
	ID         string // the caller's id ("s12"): selection and callbacks use it
	Start, End int    // code points, end exclusive
	Label      string
	Color      color.Color // the label's colour (nil: the theme's primary)
	Score      float64     // 0-1: the outline's and tag's opacity
}

// suggestionLayer is the view's suggestions: spans for range queries
// (hlStore: the same index as highlights) and what each proposes.
type suggestionLayer struct {
	spans    hlStore
	byID     map[string]Suggestion
	selected string
	onSelect func(id string)
	// version counts SetSuggestions calls: the rows (tag rows above the
	// lines where suggestions start) are rebuilt when it changes.
	version int
}

// Drawing of a suggestion.
const (
	suggDash    = float32(5) // dashed outline: dash and gap lengths, px
	suggGap     = float32(3)
	suggStroke  = float32(1.5)
	suggSelW    = float32(2.5) // the selected one's solid outline
	suggTagText = float32(0.62)
	suggTagPad  = float32(3)
	suggMinA    = 0x70 // the alpha of a score of 0; 1 draws opaque
)

// suggestionAlpha is the outline's and tag's opacity for a score.
func suggestionAlpha(score float64) uint8 {
	score = min(max(score, 0), 1)
	return uint8(float64(suggMinA) + score*float64(0xff-suggMinA))
}

// SetSuggestions replaces the suggestions drawn (nil: none). While there
// are any, every line keeps room above its text for their tags (as for
// relations); the first visible line stays in place when that changes.
func (v *View) SetSuggestions(ss []Suggestion) {
	had := v.sugg.any()
	if !had && !anyDrawable(ss) {
		// None before, none now: a new version would rebuild every
		// line's rows and the page (issue 14: after each undo in a 1 MB
		// document).
		v.sugg.selected = ""
		return
	}
	hs := make([]Highlight, 0, len(ss))
	v.sugg.byID = make(map[string]Suggestion, len(ss))
	for _, s := range ss {
		if s.ID == "" || s.End <= s.Start {
			continue
		}
		hs = append(hs, Highlight{ID: s.ID, Start: s.Start, End: s.End, Color: s.Color})
		v.sugg.byID[s.ID] = s
	}
	v.sugg.spans.set(hs)
	if _, ok := v.sugg.byID[v.sugg.selected]; !ok {
		v.sugg.selected = ""
	}
	// The lines where a suggestion starts get a tag row (rows.go); the
	// rows are rebuilt on the next layout, keeping the first visible line.
	v.sugg.version++
	v.Refresh()
}

func (l *suggestionLayer) any() bool { return len(l.byID) > 0 }

// anyDrawable says whether SetSuggestions would draw any of ss.
func anyDrawable(ss []Suggestion) bool {
	for _, s := range ss {
		if s.ID != "" && s.End > s.Start {
			return true
		}
	}
	return false
}

// clear drops every suggestion (a new text).
func (l *suggestionLayer) clear() {
	l.spans.set(nil)
	l.byID = nil
	l.selected = ""
	l.version++
}

// Suggestions returns the suggestions drawn, in text order.
func (v *View) Suggestions() []Suggestion {
	out := make([]Suggestion, 0, len(v.sugg.byID))
	for _, e := range v.sugg.spans.items {
		out = append(out, v.sugg.byID[e.ID])
	}
	return out
}

// Suggestion returns the drawn suggestion with id.
func (v *View) Suggestion(id string) (Suggestion, bool) {
	s, ok := v.sugg.byID[id]
	return s, ok
}

// SelectedSuggestion is the id of the selected suggestion ("" none, or a
// span is selected instead).
func (v *View) SelectedSuggestion() string {
	if v.selectedID != "" {
		return ""
	}
	return v.sugg.selected
}

// SelectSuggestion selects the suggestion with id ("" clears) and scrolls
// it into view; a selected span is deselected. It does not call the
// OnSuggestionSelected callback.
func (v *View) SelectSuggestion(id string) {
	s, ok := v.sugg.byID[id]
	if !ok {
		id = ""
	}
	v.sugg.selected = id
	if id != "" {
		v.selectedID, v.selectedConn = "", ""
		v.ScrollToOffset(s.Start)
	}
	v.Refresh()
}

// SetOnSuggestionSelected sets the func called when the user clicks a
// suggestion (or, with "", clicks away from the selected one).
func (v *View) SetOnSuggestionSelected(fn func(id string)) { v.sugg.onSelect = fn }

// SuggestionAt is the innermost suggestion covering code point off ("").
func (v *View) SuggestionAt(off int) string {
	if off < 0 || !v.sugg.any() {
		return ""
	}
	if cov := v.sugg.spans.covering(off); len(cov) > 0 {
		return cov[0].ID
	}
	return ""
}

// tapSuggestion handles a click at code point off for the suggestions:
// onSpan says a span covers it (the span wins, and the suggestion is
// deselected). It reports whether the click selected a suggestion.
func (v *View) tapSuggestion(off int, onSpan bool) bool {
	id := ""
	if !onSpan {
		id = v.SuggestionAt(off)
	}
	if id == "" {
		if v.sugg.selected != "" {
			v.sugg.selected = ""
			v.Refresh()
			if v.sugg.onSelect != nil {
				v.sugg.onSelect("")
			}
		}
		return false
	}
	hadSpan := v.selectedID != ""
	v.sugg.selected, v.selectedID, v.selectedConn = id, "", ""
	v.in.lastTapSet = nil
	v.Refresh()
	if hadSpan && v.OnHighlightSelected != nil {
		v.OnHighlightSelected("")
	}
	if v.sugg.onSelect != nil {
		v.sugg.onSelect(id)
	}
	return true
}

// suggestionTag is the tag text of a suggestion: its label and score.
func suggestionTag(s Suggestion) string { return fmt.Sprintf("%s %.2f", s.Label, s.Score) }

// drawSuggestions draws the visible suggestions of lines first..last
// (code points a..b): outlines, then the tags in the room above the lines.
func (r *renderer) drawSuggestions(first, last, a, b int, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	if !v.sugg.any() {
		return
	}
	bh := v.bandHeight()
	r.scratch = v.sugg.spans.query(a, b, r.scratch[:0])
	sel := v.SelectedSuggestion()
	type tag struct {
		text string
		x, y float32
		fill color.NRGBA
		fg   color.Color
	}
	var tags []tag
	tagSize := v.textSize() * suggTagText
	for _, e := range r.scratch {
		s := v.sugg.byID[e.ID]
		col := s.Color
		if col == nil {
			col = th.Color(theme.ColorNamePrimary, variant)
		}
		alpha := suggestionAlpha(s.Score)
		stroke := withAlpha(col, alpha)
		firstLine, lastLine := v.lay.lineOf(s.Start), v.lay.lineOfEnd(s.End)
		r.spanRects(s.Start, s.End, first, last, func(i int, x0, x1 float32) {
			y := v.textTop(i)
			if e.ID == sel {
				r.rect(withAlpha(col, 0x30), stroke, suggSelW, fyne.NewPos(x0-1, y), fyne.NewSize(x1-x0+2, bh))
				return
			}
			r.dashes(stroke, x0, x1, y+0.5)
			r.dashes(stroke, x0, x1, y+bh-suggStroke-0.5)
			if i == firstLine {
				r.rect(stroke, nil, 0, fyne.NewPos(x0-1, y), fyne.NewSize(suggStroke, bh))
			}
			if i == lastLine {
				r.rect(stroke, nil, 0, fyne.NewPos(x1, y), fyne.NewSize(suggStroke, bh))
			}
		})
		if firstLine >= first && firstLine <= last {
			fill := withAlpha(col, alpha)
			tags = append(tags, tag{text: suggestionTag(s), x: v.left() + v.lay.xAt(firstLine, s.Start) - 1, y: v.textTop(firstLine), fill: fill, fg: tagForeground(col)})
		}
	}
	// Tags sit in the room above the line, right above the span's start;
	// one that would run into the previous tag of its line moves right.
	sort.SliceStable(tags, func(i, j int) bool {
		if tags[i].y != tags[j].y {
			return tags[i].y < tags[j].y
		}
		return tags[i].x < tags[j].x
	})
	lastY, lastX := float32(-1), float32(0)
	for _, t := range tags {
		m := fyne.MeasureText(t.text, tagSize, fyne.TextStyle{Bold: true})
		h := min(m.Height, v.rows.h.tagH)
		if h <= 0 {
			h = m.Height
		}
		x := t.x
		if t.y == lastY && x < lastX {
			x = lastX
		}
		w := m.Width + 2*suggTagPad
		r.rect(t.fill, nil, 0, fyne.NewPos(x, t.y-h), fyne.NewSize(w, h))
		r.text(t.text, t.fg, tagSize, fyne.NewPos(x+suggTagPad, t.y-h+(h-m.Height)/2), m)
		lastY, lastX = t.y, x+w+2
	}
}

// dashes draws a dashed horizontal line from x0 to x1 at y.
func (r *renderer) dashes(c color.Color, x0, x1, y float32) {
	for x := x0; x < x1; x += suggDash + suggGap {
		r.rect(c, nil, 0, fyne.NewPos(x, y), fyne.NewSize(min(suggDash, x1-x), suggStroke))
	}
}

// tagForeground is black or white, whichever reads better on c.
func tagForeground(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lum := 0.299*float64(n.R) + 0.587*float64(n.G) + 0.114*float64(n.B)
	if lum > 150 {
		return color.Black
	}
	return color.White
}
