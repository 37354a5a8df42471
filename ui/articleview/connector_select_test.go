package articleview

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestDoubleClickOnConnectorLabel: a double-click on a relation's label
// (someone "opening" it) keeps the connector selected and must not select
// the word of the text line under the label.
func TestDoubleClickOnConnectorLabel(t *testing.T) {
	text := "The White House said the infrastructure and energy ceasefire was agreed."
	v := claimView(t, text, 800, 200)
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "r1", FromID: "term", ToID: "actor", Label: "claimed_by"}})
	p := labelCenter(t, v, "claimed_by")
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	v.clock = func() time.Time { return now }
	click(v, p)
	now = now.Add(200 * time.Millisecond)
	click(v, p)
	s, e := v.Selection()
	t.Logf("after double-click on the label: connector %q, selection %d..%d %q", v.SelectedConnector(), s, e, string([]rune(text)[s:e]))
	if e > s {
		t.Errorf("double-click on a connector label selected text %q under it (connector %q still selected)", string([]rune(text)[s:e]), v.SelectedConnector())
	}
}

// SelectHighlight("") is how the window deselects (Esc, reloadAndSelect("")).
func TestSelectHighlightEmptyClearsTheConnector(t *testing.T) {
	v := newTestView(t, "ab cd", 400, 100)
	v.SetHighlights([]Highlight{{ID: "a", Start: 0, End: 2}, {ID: "b", Start: 3, End: 5}})
	v.SetConnectors([]Connector{{ID: "r1", FromID: "a", ToID: "b"}})
	v.SelectConnector("r1")
	v.SelectHighlight("")
	if v.SelectedConnector() != "" {
		t.Errorf("SelectHighlight(\"\") kept connector %q", v.SelectedConnector())
	}
}

// TestHitsAfterScrollAndHide: connector hit areas follow the drawing, so
// after a scroll or with connectors removed an old position hits nothing.
func TestHitsAfterScrollAndHide(t *testing.T) {
	text := "The White House said the infrastructure and energy ceasefire was agreed."
	for i := 0; i < 40; i++ {
		text += " Filler line of text that wraps around the view many times over."
	}
	v := claimView(t, text, 400, 200)
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "r1", FromID: "term", ToID: "actor", Label: "claimed_by"}})
	p := labelCenter(t, v, "claimed_by")
	v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -60)})
	if v.ScrollOffset() == 0 {
		t.Fatal("no scroll")
	}
	click(v, p)
	if v.SelectedConnector() != "" {
		t.Errorf("stale hit after scrolling: %q", v.SelectedConnector())
	}
	v.SetScrollOffset(0)
	v.SetConnectors(nil)
	click(v, p)
	if v.SelectedConnector() != "" {
		t.Errorf("stale hit after hiding: %q", v.SelectedConnector())
	}
}

// TestClickingARelationLeavesTheCaret: a click on a relation's label or
// line (an elbow, a margin lane, with relation space on and off) selects
// the relation and leaves the caret, the keyboard anchor and the text
// selection where they were; it used to put the caret at the click (and
// Shift+arrows went on from there).
func TestClickingARelationLeavesTheCaret(t *testing.T) {
	for _, space := range []bool{true, false} {
		t.Run(fmt.Sprint("space=", space), func(t *testing.T) {
			v, _ := routeView(t, 900, 400, []Connector{routeUp, routeSame})
			v.SetRelationSpace(space)
			test.WidgetRenderer(v).Refresh()
			changes := 0
			v.OnSelectionChanged = func(int, int) { changes++ }
			var points []fyne.Position
			if space {
				points = append(points, labelCenter(t, v, routeSame.Label))
			}
			for _, l := range marginVerticals(v) {
				points = append(points, fyne.NewPos(l.Position1.X, (l.Position1.Y+l.Position2.Y)/2))
			}
			if len(points) < 2 {
				t.Fatalf("%d places to click", len(points))
			}
			for _, p := range points {
				v.SetSelection(20, 27) // "spoke t": the caret at its end
				v.SelectConnector("")
				changes = 0
				click(v, p)
				if v.SelectedConnector() == "" {
					t.Fatalf("click at %v selected no relation", p)
				}
				if s, e := v.Selection(); s != 20 || e != 27 || v.Caret() != 27 || changes != 0 {
					t.Errorf("click on relation %q at %v: selection %d..%d, caret %d, %d selection changes; want 20..27, 27, none",
						v.SelectedConnector(), p, s, e, v.Caret(), changes)
				}
				v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // the caret goes on from where it was
				if v.Caret() != 27 {
					t.Errorf("Right after the click: caret %d, want 27 (the selection's end)", v.Caret())
				}
			}
		})
	}
}
