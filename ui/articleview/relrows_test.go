package articleview

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// box is an axis-aligned rectangle of the view (x0, y0, x1, y1).
type box struct {
	what           string
	x0, y0, x1, y1 float32
}

// overlaps reports whether a and b share more than slop px in both
// directions: lines that only meet at an end (a connector touching the
// top of a tag) are not an overlap.
func (a box) overlaps(b box, slop float32) bool {
	return a.x0+slop < b.x1 && b.x0+slop < a.x1 && a.y0+slop < b.y1 && b.y0+slop < a.y1
}

func (a box) String() string {
	return fmt.Sprintf("%s [%.1f,%.1f]-[%.1f,%.1f]", a.what, a.x0, a.y0, a.x1, a.y1)
}

func objBox(what string, o fyne.CanvasObject) box {
	p, s := o.Position(), o.Size()
	return box{what, p.X, p.Y, p.X + s.Width, p.Y + s.Height}
}

// drawnGeometry sorts what the view drew into relation labels (their
// background boxes), label tags (their boxes), the article's text, and
// connector lines (horizontal elbows apart from the rest), by the
// strings it knows are relation labels and tags.
type drawnGeometry struct {
	labels, tags, text, elbows, otherLines []box
}

func drawGeometry(v *View, relLabels, tagNames map[string]bool) drawnGeometry {
	var g drawnGeometry
	objs := test.WidgetRenderer(v).Objects()
	var rects []*canvas.Rectangle
	for _, o := range objs {
		if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width > 0 && r.Size().Height > 0 {
			rects = append(rects, r)
		}
	}
	// enclosing is the smallest rectangle around text t: a tag's or a
	// relation label's background.
	enclosing := func(t *canvas.Text) box {
		tb := objBox("", t)
		best := tb
		area := float32(-1)
		for _, r := range rects {
			rb := objBox("", r)
			if rb.x0 <= tb.x0+0.01 && rb.x1 >= tb.x1-0.01 && rb.y0 <= tb.y0+1 && rb.y1 >= tb.y1-1 {
				if a := (rb.x1 - rb.x0) * (rb.y1 - rb.y0); area < 0 || a < area {
					best, area = rb, a
				}
			}
		}
		return best
	}
	for _, o := range objs {
		switch x := o.(type) {
		case *canvas.Text:
			switch {
			case relLabels[x.Text]:
				b := enclosing(x)
				b.what = "relation label " + x.Text
				g.labels = append(g.labels, b)
			case tagNames[x.Text]:
				b := enclosing(x)
				b.what = "tag " + x.Text
				g.tags = append(g.tags, b)
			case x.Text != "":
				g.text = append(g.text, objBox("text "+x.Text, x))
			}
		case *canvas.Line:
			p1, p2, w := x.Position1, x.Position2, x.StrokeWidth/2
			b := box{"", min(p1.X, p2.X) - w, min(p1.Y, p2.Y) - w, max(p1.X, p2.X) + w, max(p1.Y, p2.Y) + w}
			if p1.Y == p2.Y {
				b.what = fmt.Sprintf("elbow at y=%.1f", p1.Y)
				g.elbows = append(g.elbows, b)
			} else {
				b.what = fmt.Sprintf("line %v-%v", p1, p2)
				g.otherLines = append(g.otherLines, b)
			}
		}
	}
	return g
}

// noOverlap fails for each pair of a and b that overlap (a pair of one
// set with itself when same).
func noOverlap(t *testing.T, when string, a, b []box, same bool) {
	t.Helper()
	for i, x := range a {
		for j, y := range b {
			if same && j <= i {
				continue
			}
			if x.overlaps(y, 1) {
				t.Errorf("%s: %v overlaps %v", when, x, y)
			}
		}
	}
}

// TestRelationsLabelsTagsAndTextNeverOverlap: with label tags on and off,
// nested spans sharing a line, and several relations on one line (on
// that line, and reaching the line above), no relation label sits on a
// connector's line or on a tag or the text, no elbow runs through a tag
// or the text, and tags keep off the text. With tags on, a relation's
// elbow ran through its own label and the labels of its neighbours, and
// the labels covered each other's lines (the relation row had room for a
// label only, and the label was put on the elbow).
func TestRelationsLabelsTagsAndTextNeverOverlap(t *testing.T) {
	text := "President Trump spoke to Russian president Vladimir Putin on Tuesday.\n" +
		"He asked for an immediate ceasefire with Ukraine and got a partial one.\n" +
		"The White House said Trump and Putin agreed to an infrastructure and energy ceasefire and talks.\n"
	for _, tags := range []bool{true, false} {
		t.Run(fmt.Sprintf("tags=%v", tags), func(t *testing.T) {
			v := newTestView(t, text, 900, 400)
			if v.LineCount() < 3 {
				t.Fatalf("%d lines", v.LineCount())
			}
			type sp struct{ id, sub, tag string }
			colors := []color.NRGBA{{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}, {R: 0x76, G: 0xb0, B: 0x41, A: 0xff}, {R: 0x17, G: 0xbe, B: 0xbb, A: 0xff}, {R: 0xff, G: 0xc9, B: 0x14, A: 0xff}}
			spans := []sp{
				{"trump", "President Trump", "ACTR"},
				{"putin", "Vladimir Putin", "ACTR"},
				{"cease", "an immediate ceasefire with Ukraine", "TERM"},
				{"imm", "immediate ceasefire", "PRECOND"}, // nested in cease
				{"wh", "The White House", "ACTR"},
				{"tp", "Trump and Putin", "ACTR"},
				{"infra", "infrastructure and energy ceasefire", "TERM"},
				{"energy", "energy ceasefire", "TERRCTL"}, // nested in infra
				{"ec", "energy", "PRECOND"},               // nested twice: stacked underlines
			}
			var hs []Highlight
			tagNames := map[string]bool{}
			for i, s := range spans {
				a, b := runeSpan(t, text, s.sub)
				hs = append(hs, Highlight{ID: s.id, Start: a, End: b, Tag: s.tag, Color: colors[i%len(colors)]})
				tagNames[s.tag] = true
			}
			v.SetHighlights(hs)
			v.SetShowLabelTags(tags)
			v.SetRelationSpace(true)
			v.SetConnectors([]Connector{
				{ID: "r1", FromID: "cease", ToID: "trump", Label: "claimed_by"}, // to the line above
				{ID: "r2", FromID: "imm", ToID: "putin", Label: "demanded_by"},  // nested source, line above
				{ID: "r3", FromID: "infra", ToID: "wh", Label: "announced_by"},  // same line
				{ID: "r4", FromID: "energy", ToID: "tp", Label: "agreed_by"},    // same line, crossing r3
				{ID: "r5", FromID: "ec", ToID: "wh", Label: "sector_of"},        // a third on that line
			})
			test.WidgetRenderer(v).Refresh()
			g := drawGeometry(v, map[string]bool{"claimed_by": true, "demanded_by": true, "announced_by": true, "agreed_by": true, "sector_of": true}, tagNames)
			if len(g.labels) != 5 {
				t.Fatalf("%d relation labels drawn, want 5: %v", len(g.labels), g.labels)
			}
			if want := 0; tags && len(g.tags) != len(spans) || !tags && len(g.tags) != want {
				t.Fatalf("%d tags drawn (tags %v): %v", len(g.tags), tags, g.tags)
			}
			if len(g.elbows) < 5 {
				t.Fatalf("%d elbows drawn, want 5", len(g.elbows))
			}
			lines := append(append([]box(nil), g.elbows...), g.otherLines...)
			noOverlap(t, "label and line", g.labels, lines, false)
			noOverlap(t, "label and label", g.labels, g.labels, true)
			noOverlap(t, "label and tag", g.labels, g.tags, false)
			noOverlap(t, "label and text", g.labels, g.text, false)
			noOverlap(t, "elbow and tag", g.elbows, g.tags, false)
			noOverlap(t, "elbow and text", g.elbows, g.text, false)
			noOverlap(t, "line and text", g.otherLines, g.text, false)
			noOverlap(t, "tag and text", g.tags, g.text, false)
			noOverlap(t, "tag and tag", g.tags, g.tags, true)

			// Connector ends still meet their spans: at the top of the
			// tag row (or text) from above.
			for _, c := range v.Connectors() {
				f := v.hl.get(c.FromID)
				fl, _ := v.connectorEnd(f)
				found := false
				for _, l := range renderedLines(v) {
					if l.Position1.Y == v.tagTop(fl) || l.Position2.Y == v.tagTop(fl) {
						found = true
					}
				}
				if !found {
					t.Errorf("no line of %s meets the top of its source's row at y=%v", c.ID, v.tagTop(fl))
				}
			}
		})
	}
}

// TestRelationRowKeepsOtherLinesInPlace: a relation row is the only
// thing the first relation adds, with tags on as off: lines above do not
// move, lines below move by that one row, and it stays under two text
// lines' height (the document is not double spaced).
func TestRelationRowKeepsOtherLinesInPlace(t *testing.T) {
	for _, tags := range []bool{true, false} {
		v := newTestView(t, wrapText, 400, 600)
		ln := v.lay.lines[4]
		s := int(ln.start)
		v.SetHighlights([]Highlight{
			{ID: "a", Start: s, End: s + 3, Tag: "TERM"},
			{ID: "b", Start: int(ln.end) - 4, End: int(ln.end) - 1, Tag: "ACTR"},
		})
		v.SetShowLabelTags(tags)
		test.WidgetRenderer(v).Refresh()
		y2, y4, y6 := lineY(v, 2), lineY(v, 4), lineY(v, 6)
		v.SetConnectors([]Connector{{ID: "r", FromID: "a", ToID: "b", Label: "claimed_by"}})
		v.SetRelationSpace(true)
		test.WidgetRenderer(v).Refresh()
		grow := lineY(v, 4) - y4
		if lineY(v, 2) != y2 || grow != v.rows.h.relH || lineY(v, 6)-y6 != grow {
			t.Errorf("tags %v: line 2 moved %v, line 4 by %v (relation row %v), line 6 by %v",
				tags, lineY(v, 2)-y2, grow, v.rows.h.relH, lineY(v, 6)-y6)
		}
		if grow >= 2*v.LineHeight() {
			t.Errorf("tags %v: the relation row is %v px, two text lines are %v", tags, grow, 2*v.LineHeight())
		}
	}
}
