package articleview

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// routeText has four lines (one paragraph each, short enough not to wrap
// at 900 px), so relations can span one, two and three lines.
const routeText = "President Trump spoke to Russian president Vladimir Putin on Tuesday.\n" +
	"He asked for an immediate ceasefire with Ukraine and got a partial one.\n" +
	"Officials said talks would continue in Riyadh next week.\n" +
	"The two leaders held a phone call that stretched on for two hours."

// routeView is routeText with label tags on, relation space on, spans on
// every line and connectors cs.
func routeView(t *testing.T, w, h float32, cs []Connector) (*View, map[string]bool) {
	t.Helper()
	v := newTestView(t, routeText, w, h)
	if v.LineCount() != 4 {
		t.Fatalf("%d lines, want 4", v.LineCount())
	}
	red, green := color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, color.NRGBA{R: 0x76, G: 0xb0, B: 0x41, A: 0xff}
	var hs []Highlight
	tags := map[string]bool{}
	for _, s := range []struct{ id, sub, tag string }{
		{"president", "President", "ACTOR"},
		{"putin", "Vladimir Putin", "ACTOR"},
		{"imm", "immediate ceasefire", "PRECONDITION"},
		{"officials", "Officials", "ACTOR"},
		{"talks", "talks", "CEASEFIRE_TERM"},
		{"riyadh", "Riyadh", "LOCATION"},
		{"two", "The two", "CEASEFIRE_TERM"},
	} {
		a, b := runeSpan(t, routeText, s.sub)
		col := red
		if s.tag == "ACTOR" {
			col = green
		}
		hs = append(hs, Highlight{ID: s.id, Start: a, End: b, Tag: s.tag, Color: col})
		tags[s.tag] = true
	}
	v.SetHighlights(hs)
	v.SetShowLabelTags(true)
	v.SetRelationSpace(true)
	v.SetConnectors(cs)
	test.WidgetRenderer(v).Refresh()
	return v, tags
}

var (
	// Three lines up (the relation of docs/label-tags.png) and two down.
	routeUp   = Connector{ID: "up", FromID: "two", ToID: "president", Label: "claimed_by"}
	routeDown = Connector{ID: "down", FromID: "president", ToID: "talks", Label: "proposed"}
	// To the line above, and on one line: elbows as before.
	routeNext = Connector{ID: "next", FromID: "imm", ToID: "putin", Label: "demanded_by"}
	routeSame = Connector{ID: "same", FromID: "riyadh", ToID: "officials", Label: "hosted_by"}
)

func routeLabels() map[string]bool {
	return map[string]bool{"claimed_by": true, "proposed": true, "demanded_by": true, "hosted_by": true}
}

// TestRelationsAcrossLinesKeepOffTheText: a relation whose ends are two or
// three lines apart used to run a vertical line at one span's x through
// the text of the lines between (docs/label-tags.png: "claimed_by" from
// line 4 up to line 1 cut "immediate ceasefire"). No connector line may
// cross a line's text or a tag, scrolled or not, and labels stay clear of
// the lines, tags and text.
func TestRelationsAcrossLinesKeepOffTheText(t *testing.T) {
	for _, scroll := range []float32{0, 30} {
		t.Run(fmt.Sprintf("scroll=%v", scroll), func(t *testing.T) {
			h := float32(400)
			if scroll > 0 {
				h = 150 // the first line partly above the view, the last below
			}
			v, tags := routeView(t, 900, h, []Connector{routeUp, routeDown, routeNext, routeSame})
			if scroll > 0 {
				v.SetScrollOffset(scroll)
				if v.ScrollOffset() != scroll {
					t.Fatalf("scrolled to %v, want %v", v.ScrollOffset(), scroll)
				}
			}
			g := drawGeometry(v, routeLabels(), tags)
			if len(g.text) < 3 {
				t.Fatalf("%d text lines drawn, want 3 or 4: %v", len(g.text), g.text)
			}
			lines := append(append([]box(nil), g.elbows...), g.otherLines...)
			if want := 2*7 + 2*5; scroll == 0 && len(lines) != want || len(lines) < want/2 {
				t.Errorf("%d connector lines drawn, want two routes (7 each) and two elbows (5 each)", len(lines))
			}
			noOverlap(t, "connector line and text", lines, g.text, false)
			noOverlap(t, "connector line and tag", lines, g.tags, false)
			noOverlap(t, "label and line", g.labels, lines, false)
			noOverlap(t, "label and text", g.labels, g.text, false)
			noOverlap(t, "label and tag", g.labels, g.tags, false)
			noOverlap(t, "label and label", g.labels, g.labels, true)
			for _, l := range renderedLines(v) {
				for _, p := range []fyne.Position{l.Position1, l.Position2} {
					if p.Y < 0 || p.Y > v.Size().Height {
						t.Errorf("connector line %v-%v leaves the view (0..%v)", l.Position1, l.Position2, v.Size().Height)
					}
				}
			}
		})
	}
}

// TestRouteJoinsItsEnds: the route of a relation three lines up (or two
// down) is one connected line from the top of the source's tag row to the
// top of the target's, whose only vertical between the ends runs in the
// left margin, with the arrowhead on the target; the relation rows it
// runs in are the two ends' lines, and no other line grows.
func TestRouteJoinsItsEnds(t *testing.T) {
	for _, c := range []Connector{routeUp, routeDown} {
		t.Run(c.ID, func(t *testing.T) {
			v, _ := routeView(t, 900, 400, []Connector{c})
			ls := renderedLines(v)
			if len(ls) != 7 { // five segments and an arrowhead
				t.Fatalf("%d lines, want 7", len(ls))
			}
			fl, fx := v.connectorEnd(v.hl.get(c.FromID))
			tl, tx := v.connectorEnd(v.hl.get(c.ToID))
			start, end := fyne.NewPos(fx, v.tagTop(fl)), fyne.NewPos(tx, v.tagTop(tl))
			if ls[0].Position1 != start || ls[4].Position2 != end {
				t.Errorf("route runs %v..%v, want %v..%v", ls[0].Position1, ls[4].Position2, start, end)
			}
			for i := 1; i < 5; i++ {
				if ls[i].Position1 != ls[i-1].Position2 {
					t.Errorf("segment %d starts at %v, segment %d ended at %v", i, ls[i].Position1, i-1, ls[i-1].Position2)
				}
			}
			if lane := ls[2]; lane.Position1.X != lane.Position2.X || lane.Position1.X >= marginX-2 {
				t.Errorf("the long vertical %v-%v is not in the left margin (text at x=%v)", lane.Position1, lane.Position2, marginX)
			}
			if ls[5].Position2 != end || ls[6].Position2 != end {
				t.Errorf("arrowhead tips %v, %v, want %v", ls[5].Position2, ls[6].Position2, end)
			}
			u, l := min(fl, tl), max(fl, tl)
			for i, in := range v.rows.info {
				if want := i == l || i == u; in.rel != want {
					t.Errorf("line %d has a relation row: %v, want %v", i, in.rel, want)
				}
			}
		})
	}
}

// TestSameLineAndNextLineRelationsUnchanged: a relation on one line and one
// to the line above are still the elbow in the lower line's relation row
// (three segments and an arrowhead) they were.
func TestSameLineAndNextLineRelationsUnchanged(t *testing.T) {
	for _, c := range []Connector{routeSame, routeNext} {
		t.Run(c.ID, func(t *testing.T) {
			v, _ := routeView(t, 900, 400, []Connector{c})
			ls := renderedLines(v)
			if len(ls) != 5 {
				t.Fatalf("%d lines, want 5", len(ls))
			}
			fl, fx := v.connectorEnd(v.hl.get(c.FromID))
			tl, tx := v.connectorEnd(v.hl.get(c.ToID))
			elbow := v.relElbowY(fl, 0)
			ty := v.tagTop(tl)
			if tl < fl {
				ty = v.lineBottom(tl)
			}
			want := [3][2]fyne.Position{
				{fyne.NewPos(fx, v.tagTop(fl)), fyne.NewPos(fx, elbow)},
				{fyne.NewPos(fx, elbow), fyne.NewPos(tx, elbow)},
				{fyne.NewPos(tx, elbow), fyne.NewPos(tx, ty)},
			}
			for i, w := range want {
				if ls[i].Position1 != w[0] || ls[i].Position2 != w[1] {
					t.Errorf("segment %d %v-%v, want %v-%v", i, ls[i].Position1, ls[i].Position2, w[0], w[1])
				}
			}
			for i, in := range v.rows.info {
				if in.rel != (i == fl) {
					t.Errorf("line %d has a relation row: %v", i, in.rel)
				}
			}
		})
	}
}

// TestClickingARoutedRelation: clicks follow the route: on the margin
// lane beside a line between the ends and on the horizontal above the
// upper end they select the relation; on the text of a line between the
// ends, where the old vertical ran, they do not.
func TestClickingARoutedRelation(t *testing.T) {
	v, _ := routeView(t, 900, 400, []Connector{routeUp})
	var got []string
	v.OnConnectorSelected = func(id string) { got = append(got, id) }
	ls := renderedLines(v)
	lane, upper := ls[2], ls[3]
	mid := v.textTop(2) + v.LineHeight()/2
	if min(lane.Position1.Y, lane.Position2.Y) > mid || max(lane.Position1.Y, lane.Position2.Y) < mid {
		t.Fatalf("the lane %v-%v does not pass line 2 (y=%v)", lane.Position1, lane.Position2, mid)
	}
	click(v, fyne.NewPos(lane.Position1.X+1, mid))
	if len(got) != 1 || got[0] != "up" || v.SelectedConnector() != "up" {
		t.Fatalf("click on the margin lane: reported %v, selected %q", got, v.SelectedConnector())
	}
	if bold := boldLines(v); bold != 7 {
		t.Errorf("%d bold lines for the selected relation, want 7", bold)
	}
	click(v, fyne.NewPos(300, mid)) // plain text
	if v.SelectedConnector() != "" {
		t.Fatalf("click on plain text kept %q", v.SelectedConnector())
	}
	click(v, fyne.NewPos((upper.Position1.X+upper.Position2.X)/2, upper.Position1.Y-1))
	if v.SelectedConnector() != "up" {
		t.Errorf("click on the horizontal above the target's line: selected %q", v.SelectedConnector())
	}
	v.SelectConnector("")
	_, tx := v.connectorEnd(v.hl.get("president"))
	for _, line := range []int{1, 2} {
		if id := v.connectorAt(fyne.NewPos(tx, v.textTop(line)+v.LineHeight()/2)); id != "" {
			t.Errorf("line %d's text under the target's x hits relation %q", line, id)
		}
	}
}

// boldLines counts the connector lines drawn bolder (a selected one's).
func boldLines(v *View) int {
	n := 0
	for _, l := range renderedLines(v) {
		if l.StrokeWidth > connStroke {
			n++
		}
	}
	return n
}

// TestRouteAcrossThePage: scrolled between the ends of a relation forty
// lines long, the page shows its margin lane from top to bottom (and no
// label: neither end's row is there), and a click on the lane selects it.
func TestRouteAcrossThePage(t *testing.T) {
	text := "President Trump spoke to Russian president Vladimir Putin on Tuesday.\n" +
		strings.Repeat("A line of text between the two ends of the relation.\n", 40) +
		"The two leaders held a phone call that stretched on for two hours."
	v := newTestView(t, text, 900, 200)
	ps, pe := runeSpan(t, text, "President")
	ts, te := runeSpan(t, text, "The two")
	v.SetHighlights([]Highlight{{ID: "president", Start: ps, End: pe}, {ID: "two", Start: ts, End: te}})
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{routeUp})
	v.SetScrollOffset(v.contentHeight()/2 - 100)
	ls := renderedLines(v)
	if len(ls) != 1 {
		t.Fatalf("%d lines mid-relation, want the margin lane alone", len(ls))
	}
	l := ls[0]
	if l.Position1.X != l.Position2.X || l.Position1.X >= marginX-2 || min(l.Position1.Y, l.Position2.Y) != 0 || max(l.Position1.Y, l.Position2.Y) != v.Size().Height {
		t.Errorf("lane %v-%v, want a vertical in the margin from the top to the bottom of the view", l.Position1, l.Position2)
	}
	if renderedTexts(v, routeUp.Label) != 0 {
		t.Errorf("label drawn although neither end's line is on the page")
	}
	click(v, fyne.NewPos(l.Position1.X, v.Size().Height/2))
	if v.SelectedConnector() != routeUp.ID {
		t.Errorf("click on the lane selected %q", v.SelectedConnector())
	}
}
