package articleview

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestRelationsWithoutSpaceKeepOffTheText: with relation space off the
// lines sit one on another, and an elbow above a line ran straight
// through the words of the line before it (issue 15). Every relation
// (on one line, to the line above, three lines up, two down) is now drawn
// left of the text column alone: no connector line crosses a line's text
// or a tag, scrolled or not, no label is drawn over the text, and the
// lines keep their spacing (no relation rows).
func TestRelationsWithoutSpaceKeepOffTheText(t *testing.T) {
	for _, scroll := range []float32{0, 30} {
		t.Run(fmt.Sprintf("scroll=%v", scroll), func(t *testing.T) {
			h := float32(400)
			if scroll > 0 {
				h = 90
			}
			v, tags := routeView(t, 900, h, []Connector{routeUp, routeDown, routeNext, routeSame})
			v.SetRelationSpace(false)
			if scroll > 0 {
				v.SetScrollOffset(scroll)
			}
			test.WidgetRenderer(v).Refresh()
			for i, in := range v.rows.info {
				if in.rel {
					t.Errorf("line %d has a relation row with relation space off", i)
				}
			}
			g := drawGeometry(v, routeLabels(), tags)
			if len(g.text) < 2 {
				t.Fatalf("%d text lines drawn: %v", len(g.text), g.text)
			}
			lines := append(append([]box(nil), g.elbows...), g.otherLines...)
			if len(lines) == 0 {
				t.Fatal("no relation drawn")
			}
			noOverlap(t, "connector line and text", lines, g.text, false)
			noOverlap(t, "connector line and tag", lines, g.tags, false)
			for _, l := range lines {
				if l.x1 > v.left() {
					t.Errorf("%v reaches into the text column (x %v)", l, v.left())
				}
			}
			if len(g.labels) != 0 {
				t.Errorf("relation labels drawn with no room for them: %v", g.labels)
			}
		})
	}
}

// TestRelationsWithoutSpaceMarkTheirEnds: with relation space off each
// end span of a relation gets a bar in the relation's colour along the
// top of its band, drawn before (under) the text; every relation's
// target line gets a tick with an arrowhead in the margin; and the label,
// not drawn, is the tooltip of the relation's lane.
func TestRelationsWithoutSpaceMarkTheirEnds(t *testing.T) {
	v, _ := routeView(t, 900, 400, []Connector{routeUp})
	v.SetShowLabelTags(false)
	v.SetRelationSpace(false)
	test.WidgetRenderer(v).Refresh()
	objs := test.WidgetRenderer(v).Objects()
	firstText := len(objs)
	for i, o := range objs {
		if _, ok := o.(*canvas.Text); ok {
			firstText = min(firstText, i)
		}
	}
	// routeUp has no colour of its own: the theme's primary colour.
	col := withAlpha(v.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant()), 0xff)
	for _, id := range []string{"two", "president"} {
		e := v.hl.get(id)
		p, q := v.PositionOf(e.Start), v.endPositionOf(e.End)
		found := false
		for i, o := range objs {
			r, ok := o.(*canvas.Rectangle)
			if !ok || r.FillColor != col || r.Position().Y != p.Y || r.Size().Height != endMarkH {
				continue
			}
			if r.Position().X != p.X || r.Position().X+r.Size().Width != q.X {
				continue
			}
			found = true
			if i > firstText {
				t.Errorf("the end mark of %q is drawn over the text", id)
			}
		}
		if !found {
			t.Errorf("no end mark along the top of %q (x %v–%v, y %v)", id, p.X, q.X, p.Y)
		}
	}
	lanes := marginVerticals(v)
	if len(lanes) != 1 {
		t.Fatalf("%d margin lanes, want 1", len(lanes))
	}
	lane := lanes[0]
	mid := fyne.NewPos(lane.Position1.X, (lane.Position1.Y+lane.Position2.Y)/2)
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: mid}})
	if want := "claimed_by: “The two” → “President”"; v.Tooltip() != want {
		t.Errorf("tooltip over the lane %q, want %q", v.Tooltip(), want)
	}
	click(v, mid)
	if v.SelectedConnector() != routeUp.ID {
		t.Errorf("click on the lane selected %q", v.SelectedConnector())
	}
	// The target's line has the tick ending in the arrowhead: two lines
	// meeting at the text column's edge on the target's line.
	tl := v.lay.lineOf(v.hl.get("president").Start)
	tips := 0
	for _, l := range renderedLines(v) {
		if l.Position2.X == v.tickEdge() && l.Position1.X == v.tickEdge()-mArrowLen && l.Position2.Y >= v.textTop(tl) && l.Position2.Y <= v.textTop(tl)+v.LineHeight() {
			tips++
		}
	}
	if tips != 2 {
		t.Errorf("%d arrowhead lines on the target's line, want 2", tips)
	}
}

// TestRelationSpaceOffOnKeepsTheOnDrawing: with relation space off every
// relation needs a lane, and five sharing line 3 widen the margin; on
// again, only the two routed relations have lanes, and the margin and
// the drawing are what they were before.
func TestRelationSpaceOffOnKeepsTheOnDrawing(t *testing.T) {
	same2, same3 := routeSame, routeSame
	same2.ID, same3.ID = "same2", "same3"
	v, _ := routeView(t, 900, 400, []Connector{routeUp, routeDown, routeNext, routeSame, same2, same3})
	before := lineDump(v)
	if v.left() != marginX {
		t.Fatalf("text at x=%v with two routed relations, want %v", v.left(), marginX)
	}
	v.SetRelationSpace(false)
	test.WidgetRenderer(v).Refresh()
	if v.left() <= marginX {
		t.Errorf("text at x=%v with five relations in the margin on line 3, want a wider margin", v.left())
	}
	v.SetRelationSpace(true)
	test.WidgetRenderer(v).Refresh()
	if after := lineDump(v); after != before {
		t.Errorf("drawing changed after off and on:\n%s\nwant\n%s", after, before)
	}
}

func lineDump(v *View) string {
	var b strings.Builder
	for _, l := range renderedLines(v) {
		fmt.Fprintf(&b, "%v-%v\n", l.Position1, l.Position2)
	}
	return b.String()
}
