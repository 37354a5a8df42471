package articleview

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

const wrapText = "Delegations from Kyiv and Moscow held separate technical talks in Riyadh on Tuesday, " +
	"officials said, as mediators pushed for a ceasefire covering energy infrastructure and the Black Sea. " +
	"The talks ran late into the evening and resumed the next morning with a smaller group of experts. " +
	"Neither side published a statement, but both delegations described the atmosphere as constructive."

// lineY is the top of the text of visual line i.
func lineY(v *View, i int) float32 { return v.PositionOf(int(v.lay.lines[i].start)).Y }

// TestFirstRelationSpacesOnlyItsLine: the first relation used to give
// every line of the document a relation band (about double spacing); now
// only the line its elbow runs above grows, by one relation row (a label
// strip over the elbows: under two text lines), and the label is at
// least the theme's caption size.
func TestFirstRelationSpacesOnlyItsLine(t *testing.T) {
	v := newTestView(t, wrapText, 400, 600)
	if n := v.LineCount(); n < 8 {
		t.Fatalf("%d lines: the test needs the text wrapped", n)
	}
	ln := v.lay.lines[4]
	s := int(ln.start)
	v.SetHighlights([]Highlight{
		{ID: "a", Start: s, End: s + 3, Color: color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}},
		{ID: "b", Start: int(ln.end) - 4, End: int(ln.end) - 1, Color: color.NRGBA{R: 0x2e, G: 0x86, B: 0xab, A: 0xff}},
	})
	y2, y4, y6, height := lineY(v, 2), lineY(v, 4), lineY(v, 6), v.contentHeight()

	// What the window does on its first relation (ui/layer.go).
	v.SetConnectors([]Connector{{ID: "r", FromID: "a", ToID: "b", Label: "claimed_by"}})
	v.SetRelationSpace(true)
	test.WidgetRenderer(v).Refresh()

	if got := lineY(v, 2); got != y2 {
		t.Errorf("a line above the relation moved from y=%v to %v", y2, got)
	}
	grow := lineY(v, 4) - y4
	if grow != v.rows.h.relH || grow >= 2*v.LineHeight() {
		t.Errorf("the relation's line grew by %v px, want one relation row (%v px, under %v)", grow, v.rows.h.relH, 2*v.LineHeight())
	}
	if got := lineY(v, 6) - y6; got != grow {
		t.Errorf("a line below moved by %v, want %v", got, grow)
	}
	if got := v.contentHeight() - height; got != grow {
		t.Errorf("the text grew by %v px, want %v (one row)", got, grow)
	}
	label := false
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == "claimed_by" {
			label = true
			if min := theme.CaptionTextSize(); x.TextSize < min {
				t.Errorf("relation label at %v px, want at least the caption size %v", x.TextSize, min)
			}
			if y := x.Position().Y; y < lineY(v, 3)+v.LineHeight() || y+x.Size().Height > lineY(v, 4) {
				t.Errorf("label at y=%v..%v, not between line 3's text and line 4's", y, y+x.Size().Height)
			}
		}
	}
	if !label {
		t.Fatal("no relation label drawn")
	}

	// The last relation gone, the line is as it was.
	v.SetConnectors(nil)
	test.WidgetRenderer(v).Refresh()
	if got := lineY(v, 6); got != y6 {
		t.Errorf("after the relation went, line 6 at %v, want %v", got, y6)
	}
}

// rectsOf returns the drawn rectangles filled with c's RGB (any alpha).
func rectsOf(v *View, c color.NRGBA) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(v).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width > 0 {
			f := color.NRGBAModel.Convert(r.FillColor).(color.NRGBA)
			if f.R == c.R && f.G == c.G && f.B == c.B && f.A > 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// TestNestedSpansUnderlineBelowTheText: a nested span's underline runs
// under the text band, not through the glyphs (it read as strike-through),
// and each deeper level below the one above it.
func TestNestedSpansUnderlineBelowTheText(t *testing.T) {
	text := "The White House said Trump and Putin agreed to talk."
	v := newTestView(t, text, 800, 200)
	os, oe := runeSpan(t, text, "Trump and Putin agreed")
	is, ie := runeSpan(t, text, "Putin agreed")
	ds, de := runeSpan(t, text, "Putin")
	outer, inner, deep := color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}, color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}, color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff}
	v.SetHighlights([]Highlight{
		{ID: "o", Start: os, End: oe, Color: outer},
		{ID: "i", Start: is, End: ie, Color: inner},
		{ID: "d", Start: ds, End: de, Color: deep},
	})
	bandBottom := v.PositionOf(is).Y + v.LineHeight()
	under := func(c color.NRGBA) *canvas.Rectangle {
		rs := rectsOf(v, c)
		if len(rs) != 1 {
			t.Fatalf("%d rectangles in %v, want one underline", len(rs), c)
		}
		return rs[0]
	}
	i, d := under(inner), under(deep)
	if i.Position().Y < bandBottom {
		t.Errorf("depth-1 underline at y=%v, inside the text band (bottom %v)", i.Position().Y, bandBottom)
	}
	if d.Position().Y < i.Position().Y+i.Size().Height {
		t.Errorf("depth-2 underline at y=%v, not below depth 1 (%v..%v)", d.Position().Y, i.Position().Y, i.Position().Y+i.Size().Height)
	}
	// The outer span's band keeps its colour strong enough to tell.
	var band *canvas.Rectangle
	for _, r := range rectsOf(v, outer) {
		if r.Size().Height == v.LineHeight() {
			band = r
		}
	}
	if band == nil {
		t.Fatal("no band for the outer span")
	}
	if a := color.NRGBAModel.Convert(band.FillColor).(color.NRGBA).A; a < 0x60 {
		t.Errorf("band alpha %#x: the label colour is washed out", a)
	}
}

// TestSelectionIsOutlined: the selection is drawn in the system selection
// colour inside an outline in the text colour, which no span has, so it
// cannot be taken for a blue label's band.
func TestSelectionIsOutlined(t *testing.T) {
	text := "Negotiators met in Riyadh while the talks continued in Jeddah."
	v := newTestView(t, text, 800, 200)
	neg := color.NRGBA{R: 0x2e, G: 0x86, B: 0xab, A: 0xff} // the default schema's NEGOTIATION_EVENT
	ns, ne := runeSpan(t, text, "talks")
	v.SetHighlights([]Highlight{{ID: "n", Start: ns, End: ne, Color: neg}})
	ss, se := runeSpan(t, text, "Riyadh")
	v.SetSelection(ss, se)
	p := v.PositionOf(ss)
	var sel *canvas.Rectangle
	for _, o := range test.WidgetRenderer(v).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.Position().Y == p.Y && absf(r.Position().X-p.X) <= 1 && r.Size().Height == v.LineHeight() {
			sel = r
		}
	}
	if sel == nil {
		t.Fatal("no selection drawn")
	}
	fg := color.NRGBAModel.Convert(v.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())).(color.NRGBA)
	st := color.NRGBAModel.Convert(sel.StrokeColor).(color.NRGBA)
	if sel.StrokeWidth < 1 || st.R != fg.R || st.G != fg.G || st.B != fg.B {
		t.Errorf("selection outline %v wide %v, want the text colour %v", st, sel.StrokeWidth, fg)
	}
	for _, r := range rectsOf(v, neg) {
		if r.StrokeWidth > 0 {
			t.Errorf("a span is outlined like the selection")
		}
	}
}

// TestRowsNeedNoReflow: spans and relations change rows only; the text is
// never wrapped again for them.
func TestRowsNeedNoReflow(t *testing.T) {
	v := newTestView(t, strings.Repeat(wrapText+"\n", 20), 400, 600)
	v.SetShowLabelTags(true)
	before := v.layVersion
	for i := 0; i < 50; i++ {
		s := int(v.lay.lines[i].start)
		v.AddHighlight(Highlight{ID: string(rune('a' + i)), Start: s, End: s + 4, Tag: "ACTOR"})
		test.WidgetRenderer(v).Refresh()
	}
	v.SetConnectors([]Connector{{FromID: "a", ToID: "b"}})
	v.SetRelationSpace(true)
	test.WidgetRenderer(v).Refresh()
	if v.layVersion != before {
		t.Errorf("%d reflows for spans, tags and a relation", v.layVersion-before)
	}
}

// TestPatchedRowsEqualARebuild: after any sequence of span edits, the rows
// patched for the touched lines equal rows computed from scratch.
func TestPatchedRowsEqualARebuild(t *testing.T) {
	v := newTestView(t, strings.Repeat(wrapText+"\n", 6), 400, 600)
	v.SetShowLabelTags(true)
	v.SetRelationSpace(true)
	rng := rand.New(rand.NewPCG(1, 15))
	n := v.doc.runes()
	span := func(id string) Highlight {
		s := rng.IntN(n - 1)
		h := Highlight{ID: id, Start: s, End: min(n, s+1+rng.IntN(200))}
		if rng.IntN(3) > 0 {
			h.Tag = "LABEL"
		}
		return h
	}
	for i := 0; i < 40; i++ {
		v.AddHighlight(span(fmt.Sprint("h", i)))
	}
	v.SetConnectors([]Connector{{FromID: "h1", ToID: "h2"}, {FromID: "h3", ToID: "h30"}})
	check := func(step int) {
		t.Helper()
		v.ensureLayout()
		info := append([]rowInfo(nil), v.rows.info...)
		ys := append([]float32(nil), v.rows.ys...)
		v.buildRows(v.rowsKey())
		for i := range info {
			if info[i] != v.rows.info[i] || ys[i] != v.rows.ys[i] {
				t.Fatalf("step %d, line %d: patched %+v at y=%v, rebuilt %+v at y=%v", step, i, info[i], ys[i], v.rows.info[i], v.rows.ys[i])
			}
		}
	}
	for step := 0; step < 300; step++ {
		if step == 150 { // the rest without connectors: only the touched lines are redone
			v.SetConnectors(nil)
		}
		id := fmt.Sprint("h", rng.IntN(60))
		switch rng.IntN(3) {
		case 0:
			v.AddHighlight(span(id))
		case 1:
			v.RemoveHighlight(id)
		default:
			v.UpdateHighlights([]string{id}, []Highlight{span(fmt.Sprint("h", rng.IntN(60)))})
		}
		check(step)
	}
}

// TestLineSpacingResizesTheRows: the line spacing preference changes every
// line's band, tags and rows included.
func TestLineSpacingResizesTheRows(t *testing.T) {
	v := newTestView(t, wrapText, 400, 600)
	v.SetShowLabelTags(true)
	v.SetHighlights([]Highlight{{ID: "a", Start: 0, End: 4, Tag: "ACTOR"}})
	y2, h := lineY(v, 2), v.contentHeight()
	v.SetLineSpacing(2)
	test.WidgetRenderer(v).Refresh()
	if v.LineHeight() != 28 || lineY(v, 2) <= y2 || v.contentHeight() <= h {
		t.Errorf("spacing 2: line height %v, line 2 at %v (was %v), content %v (was %v)", v.LineHeight(), lineY(v, 2), y2, v.contentHeight(), h)
	}
	if got, want := lineY(v, 2)-lineY(v, 1), v.LineHeight(); got != want {
		t.Errorf("lines %v apart, want the band %v", got, want)
	}
}
