package articleview

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func renderedLines(v *View) []*canvas.Line {
	var out []*canvas.Line
	for _, o := range test.WidgetRenderer(v).Objects() {
		if l, ok := o.(*canvas.Line); ok {
			out = append(out, l)
		}
	}
	return out
}

func renderedTexts(v *View, s string) int {
	n := 0
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text == s {
			n++
		}
	}
	return n
}

// claimView is a view of text, which holds "The White House" (highlight
// "actor") and "infrastructure and energy ceasefire" (highlight "term").
func claimView(t *testing.T, text string, w, h float32) *View {
	t.Helper()
	v := newTestView(t, text, w, h)
	as, ae := runeSpan(t, text, "The White House")
	cs, ce := runeSpan(t, text, "infrastructure and energy ceasefire")
	v.SetHighlights([]Highlight{
		{ID: "actor", Start: as, End: ae, Color: color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}},
		{ID: "term", Start: cs, End: ce, Color: color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}},
	})
	return v
}

// labelCenter is the middle of the drawn connector label s.
func labelCenter(t *testing.T, v *View, s string) fyne.Position {
	t.Helper()
	for _, o := range test.WidgetRenderer(v).Objects() {
		if x, ok := o.(*canvas.Text); ok && x.Text == s {
			return x.Position().Add(fyne.NewPos(x.Size().Width/2, x.Size().Height/2))
		}
	}
	t.Fatalf("no connector label %q drawn", s)
	return fyne.Position{}
}

func TestConnectorBetweenSpans(t *testing.T) {
	text := "The White House said the infrastructure and energy ceasefire was agreed."
	v := claimView(t, text, 800, 200)
	as, ae := runeSpan(t, text, "The White House")
	cs, ce := runeSpan(t, text, "infrastructure and energy ceasefire")
	if n := len(renderedLines(v)); n != 0 {
		t.Fatalf("%d lines before any connector", n)
	}
	v.SetRelationSpace(true) // off: connmargin_test.go
	v.SetConnectors([]Connector{
		{FromID: "term", ToID: "actor", Label: "claimed_by"},
		{FromID: "term", ToID: "missing", Label: "dangling"},
	})
	ls := renderedLines(v)
	if len(ls) != 5 { // down-up-across elbow (3) + arrowhead (2)
		t.Fatalf("%d lines for one connector, want 5", len(ls))
	}
	if renderedTexts(v, "claimed_by") != 1 || renderedTexts(v, "dangling") != 0 {
		t.Errorf("labels: claimed_by %d, dangling %d", renderedTexts(v, "claimed_by"), renderedTexts(v, "dangling"))
	}
	// The elbow leaves the top of the source and the arrow tip touches the
	// top of the target, both within their spans.
	top := v.PositionOf(as).Y
	src, tip := ls[0].Position1, ls[3].Position2
	if src.Y != top || src.X <= v.PositionOf(cs).X || src.X >= v.endPositionOf(ce).X {
		t.Errorf("connector starts at %v; source spans x %v..%v at y %v", src, v.PositionOf(cs).X, v.endPositionOf(ce).X, top)
	}
	if tip.Y != top || tip.X <= v.PositionOf(as).X || tip.X >= v.endPositionOf(ae).X {
		t.Errorf("arrow tip at %v; target spans x %v..%v at y %v", tip, v.PositionOf(as).X, v.endPositionOf(ae).X, top)
	}
	if ls[1].Position1.Y >= top || ls[1].Position1.Y != ls[1].Position2.Y {
		t.Errorf("elbow %v-%v is not a horizontal line above the text", ls[1].Position1, ls[1].Position2)
	}

	// The connector follows its spans and goes when one does.
	v.RemoveHighlight("actor")
	if n := len(renderedLines(v)); n != 0 {
		t.Errorf("%d lines after the target span went", n)
	}
	v.AddHighlight(Highlight{ID: "actor", Start: as, End: ae})
	if n := len(renderedLines(v)); n != 5 {
		t.Errorf("%d lines after the target span came back", n)
	}
	v.SetConnectors(nil)
	if n := len(renderedLines(v)); n != 0 || renderedTexts(v, "claimed_by") != 0 {
		t.Errorf("connector still drawn after SetConnectors(nil)")
	}
}

func TestConnectorsVirtualised(t *testing.T) {
	for _, space := range []bool{true, false} {
		t.Run(fmt.Sprint("space=", space), func(t *testing.T) { testConnectorsVirtualised(t, space) })
	}
}

// testConnectorsVirtualised: with 5,000 relations only the page's are
// drawn; a relation from the first span to the last runs off the bottom
// of the first page, shows nothing mid-document (its lane aside) and is
// back at the end. With relation space off no label is drawn.
func testConnectorsVirtualised(t *testing.T, space bool) {
	text := strings.Repeat(readCorpus(t, "ceasefire-call.txt"), 40)
	v := newTestView(t, text, 600, 400)
	v.SetRelationSpace(space)
	n := utf8.RuneCountInString(text)
	const spans = 10000
	hs := make([]Highlight, spans)
	step := n / spans
	for i := range hs {
		hs[i] = Highlight{ID: fmt.Sprint("h", i), Start: i * step, End: i*step + step/2}
	}
	hs = append(hs, Highlight{ID: "last", Start: n - 12, End: n - 2})
	v.SetHighlights(hs)
	cs := make([]Connector, 0, spans/2+1)
	for i := 0; i+1 < spans; i += 2 {
		cs = append(cs, Connector{FromID: fmt.Sprint("h", i), ToID: fmt.Sprint("h", i+1), Label: "r"})
	}
	// One long-range relation from the first span to the last.
	cs = append(cs, Connector{FromID: "h0", ToID: "last", Label: "far"})
	v.SetConnectors(cs)

	maxLines := func() int { return 5 * (spans/v.LineCount()*(int(400/v.LineHeight())+2) + 4) }
	ls := renderedLines(v)
	if len(ls) == 0 || len(ls) > maxLines() {
		t.Fatalf("%d connector lines on the first page (max %d)", len(ls), maxLines())
	}
	// The far relation leaves the page at the bottom, without an arrowhead.
	labels := 1
	if !space {
		labels = 0
	}
	if renderedTexts(v, "far") != labels {
		t.Fatalf("far label drawn %d times at the top, want %d", renderedTexts(v, "far"), labels)
	}
	bottom := false
	for _, l := range ls {
		if l.Position2.Y == v.Size().Height {
			bottom = true
		}
	}
	if !bottom {
		t.Errorf("no connector line runs to the bottom edge")
	}

	v.SetScrollOffset(v.contentHeight() / 2)
	ls = renderedLines(v)
	if len(ls) == 0 || len(ls) > maxLines() {
		t.Errorf("%d connector lines mid-document (max %d)", len(ls), maxLines())
	}
	if renderedTexts(v, "far") != 0 {
		t.Errorf("far relation's label drawn although neither end is visible")
	}
	v.SetScrollOffset(v.contentHeight())
	if renderedTexts(v, "far") != labels {
		t.Errorf("far label drawn %d times at the end, want %d", renderedTexts(v, "far"), labels)
	}
}

func TestRenderConnectors(t *testing.T) {
	test.NewTempApp(t)
	text := "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks for a ceasefire in the Black Sea."
	v := New()
	v.SetText(text)
	v.Resize(fyne.NewSize(380, 190)) // the third line too: the relation from it runs by the margin (connroute.go)
	v.SetRelationSpace(true)
	span := func(sub string) (int, int) { return runeSpan(t, text, sub) }
	a, b := span("The White House")
	c, d := span("infrastructure and energy ceasefire")
	e, f := span("ceasefire in the Black Sea")
	g, h := span("Trump")
	blue, red := color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}, color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
	v.SetHighlights([]Highlight{
		{ID: "wh", Start: a, End: b, Color: blue},
		{ID: "term", Start: c, End: d, Color: red},
		{ID: "sea", Start: e, End: f, Color: red},
		{ID: "trump", Start: g, End: h, Color: blue},
	})
	v.SetConnectors([]Connector{
		{FromID: "term", ToID: "wh", Label: "claimed_by", Color: red},
		{FromID: "sea", ToID: "trump", Label: "claimed_by", Color: red},
	})
	test.AssertObjectRendersToImage(t, "connectors.png", v)
}

func TestCtrlDragPicksFragment(t *testing.T) {
	text := "Kyiv has proposed a ceasefire along the current line of contact, Zelensky said."
	v := newTestView(t, text, 800, 200)
	hs, he := runeSpan(t, text, "ceasefire")
	v.SetHighlights([]Highlight{{ID: "h", Start: hs, End: he, Color: color.NRGBA{G: 0xa0, A: 0xff}}})
	v.SelectHighlight("h")
	v.SetSelection(0, 4)
	var frag []int
	selChanged, hlChanged := 0, 0
	v.OnFragmentSelected = func(s, e int) { frag = append(frag, s, e) }
	v.OnSelectionChanged = func(int, int) { selChanged++ }
	v.OnHighlightSelected = func(string) { hlChanged++ }

	ls, le := runeSpan(t, text, "line of contact")
	drag(v, inside(v, ls+2), inside(v, le-2), fyne.KeyModifierControl)
	test.TapAt(v, inside(v, le-2)) // the click a driver may send after the drag
	if len(frag) != 2 || frag[0] != ls || frag[1] != le {
		t.Fatalf("fragment %v, want [%d %d] (word-snapped)", frag, ls, le)
	}
	if s, e := v.Selection(); s != 0 || e != 4 || selChanged != 0 {
		t.Errorf("selection changed to %d..%d (%d calls)", s, e, selChanged)
	}
	if v.SelectedHighlight() != "h" || hlChanged != 0 {
		t.Errorf("selected span now %q (%d calls)", v.SelectedHighlight(), hlChanged)
	}

	// Alt as well: raw offsets.
	frag = nil
	drag(v, inside(v, ls+2), inside(v, le-2), fyne.KeyModifierControl|fyne.KeyModifierAlt)
	if len(frag) != 2 || frag[0] != ls+2 || frag[1] != le-2 {
		t.Errorf("raw fragment %v, want [%d %d]", frag, ls+2, le-2)
	}

	// A Ctrl+click without a drag keeps the span and reports nothing.
	frag = nil
	mouseDown(v, inside(v, 2), fyne.KeyModifierControl)
	test.TapAt(v, inside(v, 2))
	if frag != nil || v.SelectedHighlight() != "h" {
		t.Errorf("ctrl+click: fragment %v, selected %q", frag, v.SelectedHighlight())
	}

	// With no span selected, Ctrl+drag is an ordinary selection.
	v.SelectHighlight("")
	drag(v, inside(v, ls+2), inside(v, le-2), fyne.KeyModifierControl)
	if s, e := v.Selection(); s != ls || e != le || frag != nil {
		t.Errorf("ctrl+drag without a span: selection %d..%d, fragment %v", s, e, frag)
	}
}

func TestFragmentsDrawnAsOneAnnotation(t *testing.T) {
	text := "Kyiv has proposed a ceasefire along the current line of contact, Zelensky said."
	v := newTestView(t, text, 800, 200)
	col := color.NRGBA{G: 0xa0, A: 0xff}
	as, ae := runeSpan(t, text, "proposed")
	bs, be := runeSpan(t, text, "line of contact")
	v.SetHighlights([]Highlight{{ID: "h", Start: as, End: ae, Color: col}, {ID: "h#1", Start: bs, End: be, Color: col}})
	outlines := func() int {
		n := 0
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth == 2 {
				n++
			}
		}
		return n
	}
	joins := func() int {
		n := 0
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.Size().Height == 1.5 {
				n++
			}
		}
		return n
	}
	if joins() != 1 {
		t.Errorf("%d joins between the fragments, want 1", joins())
	}
	if outlines() != 0 {
		t.Fatalf("outlined before selection")
	}
	v.SelectHighlight("h")
	if outlines() != 2 {
		t.Errorf("%d fragments outlined when selecting the first, want 2", outlines())
	}
	v.SelectHighlight("h#1")
	if outlines() != 2 {
		t.Errorf("%d fragments outlined when selecting the second, want 2", outlines())
	}
	// The second fragment's edges can be dragged while the annotation is selected.
	v.SelectHighlight("h")
	var got []string
	v.OnBoundaryDrag = func(id string, s, e int) { got = append(got, fmt.Sprint(id, s, e)) }
	ws, _ := runeSpan(t, text, "Zelensky")
	drag(v, v.endPositionOf(be).Add(fyne.NewPos(-1, v.LineHeight()/2)), inside(v, ws+3), 0)
	if len(got) != 1 || got[0] != fmt.Sprint("h#1", bs, ws+len("Zelensky")) {
		t.Errorf("edge drag of the second fragment reported %v", got)
	}
}

func TestFragmentBase(t *testing.T) {
	for _, c := range []struct {
		id, base string
		k        int
	}{{"a", "a", 0}, {"a#2", "a", 2}, {"ov:a#1", "ov:a", 1}, {"a#", "a#", 0}, {"#1", "#1", 0}, {"a#x", "a#x", 0}, {"a#0", "a#0", 0}} {
		if b, k := fragmentBase(c.id); b != c.base || k != c.k {
			t.Errorf("fragmentBase(%q) = %q, %d", c.id, b, k)
		}
	}
}

// BenchmarkRenderPageConnectors is BenchmarkRenderPage with 5,000
// relations between neighbouring spans, drawn in the relation space.
func BenchmarkRenderPageConnectors(b *testing.B) {
	v, r := benchView(b, 10000)
	cs := make([]Connector, 0, 5000)
	for i := 0; i+1 < 10000; i += 2 {
		cs = append(cs, Connector{FromID: fmt.Sprint("h", i+1), ToID: fmt.Sprint("h", i), Label: "claimed_by"})
	}
	v.SetConnectors(cs)
	v.SetRelationSpace(true)
	v.ensureLayout()
	benchScrollPages(b, v, r)
}

// TestClickingAConnectorSelectsIt: a click on a connector's label or line
// reports its id and draws it bolder; a click on plain text deselects it;
// a click on a span still selects the span.
func TestClickingAConnectorSelectsIt(t *testing.T) {
	text := "The White House said the infrastructure and energy ceasefire was agreed."
	v := claimView(t, text, 800, 200)
	cs, _ := runeSpan(t, text, "infrastructure and energy ceasefire")
	v.SetRelationSpace(true)
	v.SetConnectors([]Connector{{ID: "r1", FromID: "term", ToID: "actor", Label: "claimed_by"}})
	var got []string
	v.OnConnectorSelected = func(id string) { got = append(got, id) }
	var spans []string
	v.OnHighlightSelected = func(id string) { spans = append(spans, id) }

	p := labelCenter(t, v, "claimed_by")
	click(v, p)
	if len(got) != 1 || got[0] != "r1" || v.SelectedConnector() != "r1" {
		t.Fatalf("click on the label: reported %v, selected %q", got, v.SelectedConnector())
	}
	if bold := boldLines(v); bold != 5 {
		t.Errorf("%d bold lines for the selected connector, want 5", bold)
	}

	click(v, inside(v, utf8.RuneCountInString("The White House sai")))
	if len(got) != 2 || got[1] != "" || v.SelectedConnector() != "" {
		t.Fatalf("click on plain text: reported %v, selected %q", got, v.SelectedConnector())
	}

	// The source's vertical segment, a little above the span's text.
	_, x := v.connectorEnd(v.hl.get("term"))
	top := v.PositionOf(cs).Y
	click(v, fyne.NewPos(x+1, top-3))
	if len(got) != 3 || got[2] != "r1" {
		t.Fatalf("click on the line: reported %v", got)
	}
	// A span under the click wins.
	click(v, inside(v, cs+2))
	if v.SelectedConnector() != "" || len(spans) == 0 || spans[len(spans)-1] != "term" {
		t.Fatalf("click on the span: connector %q, spans %v", v.SelectedConnector(), spans)
	}
}
