package articleview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// tagTexts returns the drawn texts equal to one of the names, by name.
func tagTexts(v *View, names ...string) map[string][]*canvas.Text {
	out := map[string][]*canvas.Text{}
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok {
			for _, n := range names {
				if x.Text == n {
					out[n] = append(out[n], x)
				}
			}
		}
	}
	return out
}

// TestLabelTagsAboveSpans: with tags on, each span's label is drawn small
// above its start in a readable shade of its colour; spans starting
// together show both names side by side; a click on a tag selects its span;
// off, no tag is drawn and the text is as before.
func TestLabelTagsAboveSpans(t *testing.T) {
	text := "The White House said Trump and Putin agreed to talk about a ceasefire."
	v := newTestView(t, text, 800, 200)
	ws, we := runeSpan(t, text, "The White House")
	ps, pe := runeSpan(t, text, "Trump and Putin")
	ts, te := runeSpan(t, text, "Trump")
	yellow := color.NRGBA{R: 0xff, G: 0xc9, B: 0x14, A: 0xff} // PRECONDITION in the default schema
	v.SetHighlights([]Highlight{
		{ID: "w", Start: ws, End: we, Color: color.NRGBA{R: 0x76, G: 0xb0, B: 0x41, A: 0xff}, Tag: "ACTOR"},
		{ID: "p", Start: ps, End: pe, Color: yellow, Tag: "PRECONDITION"},
		{ID: "t", Start: ts, End: te, Color: color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, Tag: "CEASEFIRE_TERM"},
	})
	textY, height := v.PositionOf(ws).Y, v.contentHeight()
	if got := tagTexts(v, "ACTOR", "PRECONDITION", "CEASEFIRE_TERM"); len(got) != 0 {
		t.Fatalf("tags drawn while off: %v", got)
	}
	v.SetShowLabelTags(true)
	test.WidgetRenderer(v).Refresh()
	got := tagTexts(v, "ACTOR", "PRECONDITION", "CEASEFIRE_TERM")
	if len(got) != 3 {
		t.Fatalf("tags drawn: %v", got)
	}
	bg := v.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	for name, xs := range got {
		x := xs[0]
		if x.TextSize != theme.CaptionTextSize() {
			t.Errorf("%s at %v px, want the caption size", name, x.TextSize)
		}
		c := color.NRGBAModel.Convert(x.Color).(color.NRGBA)
		if r := contrast(c, withAlpha(bg, 0xff)); r < 4.5 {
			t.Errorf("%s in %v: contrast %.1f on the background", name, c, r)
		}
	}
	a := got["ACTOR"][0]
	if p := v.PositionOf(ws); a.Position().Y+a.Size().Height > p.Y || absf(a.Position().X-p.X-tagPadX) > 0.5 {
		t.Errorf("ACTOR tag at %v, want above and at the start of its span (%v)", a.Position(), p)
	}
	pre, term := got["PRECONDITION"][0], got["CEASEFIRE_TERM"][0]
	l, r := pre, term
	if r.Position().X < l.Position().X {
		l, r = r, l
	}
	if l.Position().X+l.Size().Width > r.Position().X {
		t.Errorf("the tags of two spans starting together overlap: %v+%v and %v", l.Position(), l.Size(), r.Position())
	}
	// On a light theme the yellow is darkened to stay readable too.
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	if r := contrast(readableOn(yellow, white), white); r < 4.5 {
		t.Errorf("yellow tag on white: contrast %.1f", r)
	}
	// The line got a tag row; the text moved down by it, nothing reflowed.
	if d := v.PositionOf(ws).Y - textY; d <= 0 || d > v.LineHeight() {
		t.Errorf("text moved by %v for the tag row", d)
	}
	if d := v.contentHeight() - height; d != v.PositionOf(ws).Y-textY {
		t.Errorf("content grew by %v, the line by %v", d, v.PositionOf(ws).Y-textY)
	}
	// A click on a tag selects its span.
	var picked []string
	v.OnHighlightSelected = func(id string) { picked = append(picked, id) }
	test.TapAt(v, r.Position().Add(fyne.NewPos(r.Size().Width/2, r.Size().Height/2)))
	want := "p"
	if r == term {
		want = "t"
	}
	if len(picked) != 1 || picked[0] != want {
		t.Errorf("click on a tag picked %v, want [%s]", picked, want)
	}
	v.SetShowLabelTags(false)
	test.WidgetRenderer(v).Refresh()
	if len(tagTexts(v, "ACTOR")) != 0 || v.PositionOf(ws).Y != textY {
		t.Errorf("tags off: the tag row is still there")
	}
}

func TestRenderLabelTags(t *testing.T) {
	test.NewTempApp(t)
	text := "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks for a ceasefire in the Black Sea."
	v := New()
	v.SetText(text)
	v.Resize(fyne.NewSize(380, 170))
	v.SetShowLabelTags(true)
	v.SetRelationSpace(true)
	span := func(sub string) (int, int) { return runeSpan(t, text, sub) }
	a, b := span("The White House")
	c, d := span("infrastructure and energy ceasefire")
	e, f := span("energy")
	g, h := span("Trump and Putin")
	blue, red, green := color.NRGBA{R: 0x2e, G: 0x86, B: 0xab, A: 0xff}, color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, color.NRGBA{R: 0x76, G: 0xb0, B: 0x41, A: 0xff}
	v.SetHighlights([]Highlight{
		{ID: "wh", Start: a, End: b, Color: green, Tag: "ACTOR"},
		{ID: "term", Start: c, End: d, Color: red, Tag: "CEASEFIRE_TERM"},
		{ID: "energy", Start: e, End: f, Color: blue, Tag: "SECTOR"},
		{ID: "tp", Start: g, End: h, Color: green, Tag: "ACTOR"},
	})
	v.SetConnectors([]Connector{{FromID: "term", ToID: "wh", Label: "claimed_by", Color: red}})
	test.AssertObjectRendersToImage(t, "label_tags.png", v)
}
