package articleview

import (
	"fmt"
	"image/color"
	"math/rand"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestColourLanesNeverShareALine: on random relations, no two whose
// lines overlap (an end's line shared included) get one lane, and the
// lanes used are the most relations crossing one line, no more.
func TestColourLanesNeverShareALine(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	for round := 0; round < 200; round++ {
		n := 1 + rng.Intn(60)
		ivs := make([]laneIv, n)
		for i := range ivs {
			u := rng.Intn(40)
			ivs[i] = laneIv{u, u + rng.Intn(12), int32(i)}
		}
		orig := append([]laneIv(nil), ivs...)
		lane := make([]int32, n)
		need, _ := colourLanes(ivs, lane, n, nil)
		crossing := 0
		for line := 0; line < 60; line++ {
			c := 0
			for _, iv := range orig {
				if iv.u <= line && line <= iv.l {
					c++
				}
			}
			crossing = max(crossing, c)
		}
		if need != crossing {
			t.Fatalf("round %d: %d lanes for at most %d relations on a line", round, need, crossing)
		}
		// With fewer lanes than that, the ones past the limit hold
		// none, and the others are still never shared.
		lim := make([]int32, n)
		limNeed, _ := colourLanes(append([]laneIv(nil), orig...), lim, 4, nil)
		if crossing > 4 && limNeed != 5 || crossing <= 4 && limNeed != crossing {
			t.Fatalf("round %d: %d lanes counted with a limit of 4 for %d crossing", round, limNeed, crossing)
		}
		for i, a := range orig {
			for _, b := range orig[i+1:] {
				if a.u <= b.l && b.u <= a.l && lim[a.ci] == lim[b.ci] && lim[a.ci] < 4 {
					t.Fatalf("round %d: with a limit, lines %d–%d and %d–%d share lane %d", round, a.u, a.l, b.u, b.l, lim[a.ci])
				}
			}
		}
		for i, a := range orig {
			if lane[a.ci] < 0 || int(lane[a.ci]) >= need {
				t.Fatalf("round %d: relation %d has lane %d of %d", round, i, lane[a.ci], need)
			}
			for _, b := range orig[i+1:] {
				if a.u <= b.l && b.u <= a.l && lane[a.ci] == lane[b.ci] {
					t.Fatalf("round %d: lines %d–%d and %d–%d share lane %d", round, a.u, a.l, b.u, b.l, lane[a.ci])
				}
			}
		}
	}
}

// laneText is eight one-line paragraphs at 900 px, a span at the start of
// each ("s0".."s7").
var laneText = strings.Join([]string{
	"President Trump spoke to Russian president Vladimir Putin on Tuesday.",
	"He asked for an immediate ceasefire with Ukraine and got a partial one.",
	"Officials said talks would continue in Riyadh next week.",
	"The Kremlin said Moscow agreed to halt strikes on energy infrastructure.",
	"Kyiv has proposed a ceasefire along the current line of contact.",
	"Zelensky said Ukraine would support a full truce at sea.",
	"European leaders welcomed the call but urged caution.",
	"The two leaders held a phone call that stretched on for two hours.",
}, "\n")

// laneView is laneText with spans s0..s7 (the first word of each line and
// w0..w7 the second) and connectors cs, relation space as given.
func laneView(t *testing.T, space bool, cs []Connector) *View {
	t.Helper()
	v := newTestView(t, laneText, 900, 700)
	var hs []Highlight
	for i, line := range strings.Split(laneText, "\n") {
		words := strings.Fields(line)
		a, b := runeSpan(t, laneText, line)
		w0 := len([]rune(words[0]))
		hs = append(hs,
			Highlight{ID: fmt.Sprint("s", i), Start: a, End: a + w0, Color: color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}},
			Highlight{ID: fmt.Sprint("w", i), Start: a + w0 + 1, End: a + w0 + 1 + len([]rune(words[1])), Color: color.NRGBA{R: 0x76, G: 0xb0, B: 0x41, A: 0xff}})
		_ = b
	}
	v.SetHighlights(hs)
	v.SetRelationSpace(space)
	v.SetConnectors(cs)
	test.WidgetRenderer(v).Refresh()
	if v.LineCount() != 8 {
		t.Fatalf("%d lines, want 8", v.LineCount())
	}
	return v
}

// overlapping is n relations across lines that all share lines 3 and 4:
// from line 7-i%4 up to line i%3.
func overlapping(n int) []Connector {
	cs := make([]Connector, n)
	for i := range cs {
		cs[i] = Connector{ID: fmt.Sprint("r", i), FromID: fmt.Sprint("s", 7-i%4), ToID: fmt.Sprint("w", i%3), Label: "claimed_by"}
	}
	return cs
}

// marginVerticals are the vertical connector lines drawn left of the text.
func marginVerticals(v *View) []*canvas.Line {
	var out []*canvas.Line
	for _, l := range renderedLines(v) {
		if l.Position1.X == l.Position2.X && l.Position1.X < v.left() && l.Position1.Y != l.Position2.Y {
			out = append(out, l)
		}
	}
	return out
}

// sharedLanes reports every two margin verticals at one x whose extents
// overlap (by more than a point: a route's corner meets its own lane).
func sharedLanes(t *testing.T, ls []*canvas.Line) {
	t.Helper()
	for i, a := range ls {
		for _, b := range ls[i+1:] {
			if a.Position1.X != b.Position1.X {
				continue
			}
			a0, a1 := min(a.Position1.Y, a.Position2.Y), max(a.Position1.Y, a.Position2.Y)
			b0, b1 := min(b.Position1.Y, b.Position2.Y), max(b.Position1.Y, b.Position2.Y)
			if a0 < b1-1 && b0 < a1-1 {
				t.Errorf("two relations share the lane at x=%v: y %v–%v and %v–%v", a.Position1.X, a0, a1, b0, b1)
			}
		}
	}
}

// TestRoutesGetLanesOfTheirOwn: six relations across lines that overlap
// each take their own lane (the fourth used to take the first's: lanes
// were handed out in turn, three of them), the margin widens to hold
// them (the text moves right, its spans with it), and no lane runs
// into the text column.
func TestRoutesGetLanesOfTheirOwn(t *testing.T) {
	for _, space := range []bool{true, false} {
		t.Run(fmt.Sprint("space=", space), func(t *testing.T) {
			v := laneView(t, space, overlapping(6))
			ls := marginVerticals(v)
			if len(ls) < 6 {
				t.Fatalf("%d margin lanes drawn, want 6", len(ls))
			}
			sharedLanes(t, ls)
			xs := map[float32]bool{}
			for _, l := range ls {
				xs[l.Position1.X] = true
				if l.Position1.X < 0 || l.Position1.X > v.left()-laneGap {
					t.Errorf("lane at x=%v outside the margin (text at %v)", l.Position1.X, v.left())
				}
			}
			if len(xs) != 6 {
				t.Errorf("%d lanes for six overlapping relations: %v", len(xs), xs)
			}
			if v.left() <= marginX {
				t.Errorf("text column at x=%v with six lanes, want a wider margin than %v", v.left(), marginX)
			}
			if p := v.PositionOf(0); p.X != v.left() {
				t.Errorf("the text starts at x=%v, the margin ends at %v", p.X, v.left())
			}
			// The spans moved with the text: a click on the first word
			// still selects its span.
			click(v, inside(v, 2))
			if v.SelectedHighlight() != "s0" {
				t.Errorf("click on the first word selected %q", v.SelectedHighlight())
			}
		})
	}
}

// TestRoutesPastTheWidestMargin: with more overlapping relations than the
// widest margin has lanes, the margin stops at maxLanes and the rest are
// drawn cut (a bar across each end's stub), never on a lane in use.
func TestRoutesPastTheWidestMargin(t *testing.T) {
	for _, space := range []bool{true, false} {
		t.Run(fmt.Sprint("space=", space), func(t *testing.T) {
			const n = maxLanes + 2
			v := laneView(t, space, overlapping(n))
			if v.gutter != maxLanes {
				t.Fatalf("margin holds %d lanes, want the widest, %d", v.gutter, maxLanes)
			}
			ls := marginVerticals(v)
			sharedLanes(t, ls)
			xs := map[float32]bool{}
			for _, l := range ls {
				if l.Position1.X <= v.laneX(0) {
					xs[l.Position1.X] = true
				}
			}
			if len(xs) != maxLanes {
				t.Errorf("%d lanes drawn, want %d", len(xs), maxLanes)
			}
			bars := 0
			for _, l := range renderedLines(v) {
				if l.Position1.Y == l.Position2.Y && l.Position2.X-l.Position1.X == stubBarW && l.Position1.X > v.laneX(0) {
					bars++
				}
			}
			if bars != 2*(n-maxLanes) {
				t.Errorf("%d cut ends drawn, want %d (two relations past the margin, two ends each)", bars, 2*(n-maxLanes))
			}
		})
	}
}

// TestMarginNarrowsAgain: with the relations gone the margin is back to
// marginX.
func TestMarginNarrowsAgain(t *testing.T) {
	v := laneView(t, true, overlapping(6))
	if v.left() <= marginX {
		t.Fatalf("margin not widened")
	}
	v.SetConnectors(nil)
	test.WidgetRenderer(v).Refresh()
	if v.left() != marginX || v.PositionOf(0).X != marginX {
		t.Errorf("text at x=%v after the relations went, want %v", v.PositionOf(0).X, marginX)
	}
	_ = fyne.Position{}
}
