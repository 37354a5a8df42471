package articleview

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestLongTooltipStaysInsideTheView is the tester's Compare and Curate
// bug: a group's tooltip (each annotator's label and text on one line)
// was wider than the article, so it was cut at the article's right edge.
// Now a line wider than the view wraps at words: every word of it is
// drawn, and every drawn line ends inside the view.
func TestLongTooltipStaysInsideTheView(t *testing.T) {
	text := "The White House said Trump and Putin agreed to an infrastructure ceasefire."
	v := newTestView(t, text, 300, 300)
	s, e := runeSpan(t, text, "Putin")
	tip := "partial overlap · ana: ACTOR “Putin” · bob: ACTOR “Trump and Putin” · gold: none yet"
	v.SetHighlights([]Highlight{{ID: "a", Start: s, End: e, Color: color.NRGBA{B: 0xe0, A: 0xff}, Tooltip: tip}})
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: inside(v, s+1)}})
	if v.Tooltip() != tip {
		t.Fatalf("tooltip %q", v.Tooltip())
	}
	var drawn []string
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Visible() && strings.Contains(tip, x.Text) && x.Text != "" && x.TextSize < v.LineHeight() {
			if right := x.Position().X + x.Size().Width; right > v.Size().Width+0.5 {
				t.Errorf("tooltip line %q ends at %.0f px, past the view's %.0f", x.Text, right, v.Size().Width)
			}
			drawn = append(drawn, x.Text)
		}
	}
	if got := strings.Join(drawn, " "); got != tip {
		t.Errorf("tooltip drawn as %q, want all of %q", drawn, tip)
	}
}

// TestTooltipFollowsTheSpanUnderAStillPointer: the pointer rests on a
// span while it is relabelled, then deleted (keys, not the mouse): the
// tooltip shows the new label, then goes. It kept the deleted span's
// label until the pointer moved (the walk's finding).
func TestTooltipFollowsTheSpanUnderAStillPointer(t *testing.T) {
	text := "The White House said Trump and Putin agreed to an infrastructure ceasefire."
	v := newTestView(t, text, 300, 300)
	s, e := runeSpan(t, text, "Putin")
	blue := color.NRGBA{B: 0xe0, A: 0xff}
	v.SetHighlights([]Highlight{{ID: "a", Start: s, End: e, Color: blue, Tooltip: "ACTOR"}})
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: inside(v, s+1)}})
	if v.Tooltip() != "ACTOR" {
		t.Fatalf("tooltip over the span %q", v.Tooltip())
	}
	v.UpdateHighlights([]string{"a"}, []Highlight{{ID: "a", Start: s, End: e, Color: blue, Tooltip: "CLAIM"}})
	if v.Tooltip() != "CLAIM" {
		t.Fatalf("tooltip after the relabel %q, want CLAIM", v.Tooltip())
	}
	v.UpdateHighlights([]string{"a"}, nil)
	if v.Tooltip() != "" {
		t.Fatalf("tooltip after the span was deleted %q, want none", v.Tooltip())
	}
	v.SetHighlights([]Highlight{{ID: "b", Start: s, End: e, Color: blue, Tooltip: "EVENT"}})
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: inside(v, s+1)}})
	v.RemoveHighlight("b")
	if v.Tooltip() != "" {
		t.Fatalf("tooltip after RemoveHighlight %q, want none", v.Tooltip())
	}
}
