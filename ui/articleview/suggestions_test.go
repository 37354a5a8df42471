package articleview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

var red = color.NRGBA{R: 0xd0, G: 0x20, B: 0x20, A: 0xff}

// rectsIn are the drawn rectangles lying inside the box of [s, e) on its
// line (x0-2..x1+2, the line's band).
func rectsIn(v *View, s, e int) []*canvas.Rectangle {
	p0, p1 := v.PositionOf(s), v.endPositionOf(e)
	var out []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(v).Objects() {
		r, ok := o.(*canvas.Rectangle)
		if !ok || !r.Visible() || r.Size().Width == 0 {
			continue
		}
		pos := r.Position()
		if pos.X >= p0.X-3 && pos.X+r.Size().Width <= p1.X+3 && pos.Y >= p0.Y-1 && pos.Y+r.Size().Height <= p0.Y+v.bandHeight()+1 {
			out = append(out, r)
		}
	}
	return out
}

func tagText(v *View, s string) *canvas.Text {
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text == s {
			return t
		}
	}
	return nil
}

// A suggestion is drawn outlined (no band over its text: only thin
// dashes and ends), with its label and score in a tag above it whose
// opacity follows the score; an annotation of the same colour is a band.
func TestSuggestionIsOutlinedWithATagAndOpacityByScore(t *testing.T) {
	text := "Kyiv said the ceasefire holds and Moscow said the ceasefire is fragile."
	v := newTestView(t, text, 700, 300)
	s1, e1 := runeSpan(t, text, "Kyiv")
	s2, e2 := runeSpan(t, text, "Moscow")
	v.SetSuggestions([]Suggestion{
		{ID: "s1", Start: s1, End: e1, Label: "ACTOR", Color: red, Score: 0.95},
		{ID: "s2", Start: s2, End: e2, Label: "ACTOR", Color: red, Score: 0.1},
	})
	hi, lo := tagText(v, "ACTOR 0.95"), tagText(v, "ACTOR 0.10")
	if hi == nil || lo == nil {
		t.Fatal("no tag with the label and score above a suggestion")
	}
	// The tag sits above the text band of its line.
	if hi.Position().Y >= v.PositionOf(s1).Y {
		t.Fatalf("tag at y %v, the text band starts at %v", hi.Position().Y, v.PositionOf(s1).Y)
	}
	band := v.bandHeight()
	alphaOf := func(s, e int) uint8 {
		var a uint8
		rs := rectsIn(v, s, e)
		if len(rs) < 4 {
			t.Fatalf("%d marks around the suggestion, want a dashed outline", len(rs))
		}
		for _, r := range rs {
			if r.Size().Height > 3 && r.Size().Width > 3 {
				t.Fatalf("a filled %v rectangle over the suggestion: it must be outlined, not filled", r.Size())
			}
			a = max(a, color.NRGBAModel.Convert(r.FillColor).(color.NRGBA).A)
		}
		return a
	}
	if ah, al := alphaOf(s1, e1), alphaOf(s2, e2); ah <= al {
		t.Fatalf("outline alpha %d at score 0.95, %d at 0.1: opacity must follow the score", ah, al)
	}
	// An annotation is a band the height of the line.
	v.SetHighlights([]Highlight{{ID: "a", Start: s2, End: e2, Color: red}})
	filled := false
	for _, r := range rectsIn(v, s2, e2) {
		if r.Size().Height >= band-1 && r.Size().Width > 10 {
			filled = true
		}
	}
	if !filled {
		t.Fatal("the annotation is not drawn as a band")
	}
}

// Clicking a suggestion selects it (and tells the caller); clicking a
// span deselects it; SetText drops the suggestions.
func TestClickSelectsASuggestion(t *testing.T) {
	text := "Kyiv said the ceasefire holds and Moscow said no."
	v := newTestView(t, text, 700, 300)
	s1, e1 := runeSpan(t, text, "Kyiv")
	s2, e2 := runeSpan(t, text, "Moscow")
	v.SetHighlights([]Highlight{{ID: "a", Start: s2, End: e2, Color: red}})
	v.SetSuggestions([]Suggestion{{ID: "s7", Start: s1, End: e1, Label: "ACTOR", Color: red, Score: 0.5}})
	var got []string
	v.SetOnSuggestionSelected(func(id string) { got = append(got, id) })
	mid := func(s int) fyne.Position { return v.PositionOf(s).Add(fyne.NewPos(3, v.bandHeight()/2)) }
	click(v, mid(s1))
	if v.SelectedSuggestion() != "s7" || len(got) != 1 || got[0] != "s7" {
		t.Fatalf("selected %q, callbacks %v", v.SelectedSuggestion(), got)
	}
	// Selected, it has a solid outline: one rectangle with a stroke.
	stroked := false
	for _, r := range rectsIn(v, s1, e1) {
		if r.StrokeWidth >= 2 {
			stroked = true
		}
	}
	if !stroked {
		t.Fatal("the selected suggestion has no solid outline")
	}
	click(v, mid(s2))
	if v.SelectedSuggestion() != "" || v.SelectedHighlight() != "a" || len(got) != 2 || got[1] != "" {
		t.Fatalf("after clicking the span: suggestion %q, span %q, callbacks %v", v.SelectedSuggestion(), v.SelectedHighlight(), got)
	}
	v.SetText("other")
	if len(v.Suggestions()) != 0 {
		t.Fatal("a new text kept the suggestions")
	}
}
