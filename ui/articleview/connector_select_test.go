package articleview

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// A double-click on a relation's label (someone "opening" it) selects the
// word of the text line under the label, while the connector stays selected.
func TestDoubleClickOnConnectorLabel(t *testing.T) {
	text := "The White House said the infrastructure and energy ceasefire was agreed."
	v := newTestView(t, text, 800, 200)
	as, ae := runeSpan(t, text, "The White House")
	cs, ce := runeSpan(t, text, "infrastructure and energy ceasefire")
	v.SetHighlights([]Highlight{
		{ID: "actor", Start: as, End: ae, Color: color.NRGBA{R: 0x1e, A: 0xff}},
		{ID: "term", Start: cs, End: ce, Color: color.NRGBA{R: 0xe4, A: 0xff}},
	})
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "r1", FromID: "term", ToID: "actor", Label: "claimed_by"}})
	var p fyne.Position
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == "claimed_by" {
			p = x.Position().Add(fyne.NewPos(x.Size().Width/2, x.Size().Height/2))
		}
	}
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
	v := newTestView(t, text, 400, 200)
	as, ae := runeSpan(t, text, "The White House")
	cs, ce := runeSpan(t, text, "infrastructure and energy ceasefire")
	v.SetHighlights([]Highlight{{ID: "actor", Start: as, End: ae}, {ID: "term", Start: cs, End: ce}})
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "r1", FromID: "term", ToID: "actor", Label: "claimed_by"}})
	var p fyne.Position
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == "claimed_by" {
			p = x.Position().Add(fyne.NewPos(x.Size().Width/2, x.Size().Height/2))
		}
	}
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
