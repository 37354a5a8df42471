package articleview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
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
