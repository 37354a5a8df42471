package articleview

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
)

// An incremental change draws what SetHighlights of the same spans would,
// without laying the text out again.
func TestUpdateHighlightsKeepsLayoutAndMatchesSetHighlights(t *testing.T) {
	text := strings.Repeat("The ceasefire holds in Kyiv, officials said on Tuesday. ", 400)
	v := newTestView(t, text, 600, 400)
	var hs []Highlight
	for i := 0; i < 2000; i++ {
		hs = append(hs, Highlight{ID: fmt.Sprint("a", i), Start: i * 10, End: i*10 + 5, Color: color.NRGBA{R: 200, A: 255}})
	}
	v.SetHighlights(hs)
	v.LineCount() // lay out
	lines := &v.lay.lines[0]
	v.SelectHighlight("a7")

	// Relabel a7 (new colour), move a8, delete a9, add b1 overlapping a7.
	a7 := Highlight{ID: "a7", Start: 70, End: 75, Color: color.NRGBA{G: 200, A: 255}}
	a8 := Highlight{ID: "a8", Start: 81, End: 89, Color: color.NRGBA{R: 200, A: 255}}
	b1 := Highlight{ID: "b1", Start: 72, End: 90, Color: color.NRGBA{B: 200, A: 255}}
	v.UpdateHighlights([]string{"a7", "a8", "a9"}, []Highlight{a7, a8, b1})
	if &v.lay.lines[0] != lines {
		t.Fatal("an incremental change laid the text out again")
	}
	if v.SelectedHighlight() != "a7" {
		t.Fatalf("selected %q after the change, want a7 still", v.SelectedHighlight())
	}
	got := v.hl.query(0, 200, nil)

	want := append([]Highlight(nil), hs[:7]...)
	want = append(want, a7, a8, b1)
	want = append(want, hs[10:]...)
	w := New()
	w.SetHighlights(want)
	exp := w.hl.query(0, 200, nil)
	if len(got) != len(exp) {
		t.Fatalf("%d spans in 0–200, want %d", len(got), len(exp))
	}
	for i := range got {
		if got[i].Highlight != exp[i].Highlight || got[i].depth != exp[i].depth {
			t.Fatalf("span %d: %+v depth %d, want %+v depth %d", i, got[i].Highlight, got[i].depth, exp[i].Highlight, exp[i].depth)
		}
	}
	if v.HighlightCount() != 2000 {
		t.Fatalf("%d highlights, want 2000 (one removed, one added)", v.HighlightCount())
	}
	v.UpdateHighlights([]string{"a7"}, nil)
	if v.SelectedHighlight() != "" {
		t.Fatal("a removed span is still selected")
	}
}

func TestAddAndRemoveConnector(t *testing.T) {
	v := newTestView(t, "Officials said the ceasefire holds.", 600, 200)
	v.SetHighlights([]Highlight{{ID: "a", Start: 0, End: 9}, {ID: "b", Start: 19, End: 28}})
	v.AddConnector(Connector{ID: "r1", FromID: "a", ToID: "b", Label: "says"})
	v.AddConnector(Connector{ID: "r1", FromID: "a", ToID: "b", Label: "claims"})
	if cs := v.Connectors(); len(cs) != 1 || cs[0].Label != "claims" {
		t.Fatalf("connectors %+v, want r1 replaced", cs)
	}
	v.SelectConnector("r1")
	v.RemoveConnector("r1")
	if len(v.Connectors()) != 0 || v.SelectedConnector() != "" {
		t.Fatalf("after removal: %+v, selected %q", v.Connectors(), v.SelectedConnector())
	}
}
