package articleview

import (
	"image/color"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func readCorpus(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newTestView puts a view with text in a headless window of the given size.
func newTestView(t *testing.T, text string, w, h float32) *View {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	// Every click a second after the last, so that repeated clicks on one
	// point are separate clicks; a double-click test sets its own clock.
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	v.clock = func() time.Time { now = now.Add(time.Second); return now }
	v.SetText(text)
	win := test.NewWindow(v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	t.Cleanup(win.Close)
	return v
}

// click is a primary-button click as a desktop driver sends it:
// MouseDown, MouseUp, Tapped.
func click(v *View, pos fyne.Position) {
	mouseDown(v, pos, 0)
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary})
	test.TapAt(v, pos)
}

// runeSpan returns the code-point offsets of the first occurrence of sub.
func runeSpan(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	bi := strings.Index(text, sub)
	if bi < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := utf8.RuneCountInString(text[:bi])
	return s, s + utf8.RuneCountInString(sub)
}

// inside returns a point just right of the caret at off, mid-line, so that
// the nearest boundary is off itself.
func inside(v *View, off int) fyne.Position {
	return v.PositionOf(off).Add(fyne.NewPos(0.5, v.LineHeight()/2))
}

func mouseDown(v *View, p fyne.Position, mod fyne.KeyModifier) {
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

func drag(v *View, from, to fyne.Position, mod fyne.KeyModifier) {
	mouseDown(v, from, mod)
	mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
	v.DragEnd()
}

func TestDragSelectSnapsToWords(t *testing.T) {
	text := readCorpus(t, "ceasefire-call.txt")
	v := newTestView(t, text, 700, 500)
	start, end := runeSpan(t, text, "infrastructure and energy ceasefire")
	var got [2]int
	calls := 0
	v.OnSelectionChanged = func(s, e int) { got = [2]int{s, e}; calls++ }

	from, to := inside(v, start+5), inside(v, end-3) // inside "infrastructure", inside "ceasefire"
	drag(v, from, to, 0)
	if s, e := v.Selection(); s != start || e != end {
		t.Fatalf("snapped selection = %d..%d %q, want %d..%d", s, e, v.doc.slice(s, e), start, end)
	}
	if got != [2]int{start, end} || calls == 0 {
		t.Errorf("OnSelectionChanged got %v (%d calls)", got, calls)
	}

	// Backwards drag gives the same words.
	drag(v, to, from, 0)
	if s, e := v.Selection(); s != start || e != end {
		t.Errorf("backwards selection = %d..%d", s, e)
	}

	// Alt: raw offsets.
	drag(v, from, to, fyne.KeyModifierAlt)
	if s, e := v.Selection(); s != start+5 || e != end-3 {
		t.Errorf("raw selection = %d..%d %q, want %d..%d", s, e, v.doc.slice(s, e), start+5, end-3)
	}

	// Snapping off.
	v.SetSnapToWords(false)
	drag(v, from, to, 0)
	if s, e := v.Selection(); s != start+5 || e != end-3 {
		t.Errorf("unsnapped selection = %d..%d", s, e)
	}
}

func TestSnapDoesNotSwallowQuotes(t *testing.T) {
	text := "He said “foo” and «bar», then ‘baz.’ Done."
	v := newTestView(t, text, 600, 200)
	for _, c := range []struct{ from, to, want string }{
		{"“", "”", "foo"},
		{"«", "»,", "bar"},
		{"‘", "’ ", "baz"},
		{" “", "” ", "foo"},
	} {
		fs, _ := runeSpan(t, text, c.from)
		_, te := runeSpan(t, text, c.to)
		drag(v, inside(v, fs), inside(v, te), 0)
		s, e := v.Selection()
		if got := v.doc.slice(s, e); got != c.want {
			t.Errorf("drag %q..%q selected %q, want %q", c.from, c.to, got, c.want)
		}
	}
	// On the real article: from the opening to the closing quote.
	art := readCorpus(t, "ceasefire-call.txt")
	v.SetText(art)
	qs, qe := runeSpan(t, art, "“infrastructure and energy ceasefire”")
	drag(v, inside(v, qs), inside(v, qe), 0)
	s, e := v.Selection()
	if got := v.doc.slice(s, e); got != "infrastructure and energy ceasefire" {
		t.Errorf("quoted phrase selected %q", got)
	}
}

func TestHitTestGraphemesAndCRLF(t *testing.T) {
	text := "a👍🏽b e\u0301x 🇺🇦! 中文字\r\nsecond line\r\n\r\nthird"
	v := newTestView(t, text, 500, 300)
	if n := v.LineCount(); n != 4 {
		t.Fatalf("lines = %d, want 4", n)
	}
	first := v.lay.lines[0]
	bounds := map[int]bool{}
	for _, b := range v.doc.graphemeBounds(int(first.start), int(first.end)) {
		bounds[b] = true
		if got := v.OffsetAt(inside(v, b)); got != b {
			t.Errorf("OffsetAt(PositionOf(%d)) = %d", b, got)
		}
	}
	// Sweep the line: every hit is a cluster boundary, never inside 👍🏽, é or 🇺🇦.
	y := v.LineHeight()/2 + marginY
	for x := float32(0); x < v.Size().Width; x += 0.5 {
		if got := v.OffsetAt(fyne.NewPos(x, y)); !bounds[got] {
			t.Fatalf("OffsetAt(x=%v) = %d splits a grapheme cluster", x, got)
		}
	}
	// \r\n counts two code points; the next line starts after both.
	ss, _ := runeSpan(t, text, "second")
	if int(v.lay.lines[1].start) != ss {
		t.Errorf("second line starts at %d, want %d", v.lay.lines[1].start, ss)
	}
	if p := v.PositionOf(ss); p.X != marginX || p.Y != marginY+v.LineHeight() {
		t.Errorf("PositionOf(second) = %v", p)
	}
	if got := v.OffsetAt(inside(v, ss+3)); got != ss+3 {
		t.Errorf("hit on line 2 = %d, want %d", got, ss+3)
	}
	ts, _ := runeSpan(t, text, "third")
	if got := v.OffsetAt(inside(v, ts+2)); got != ts+2 {
		t.Errorf("hit on line 4 = %d, want %d", got, ts+2)
	}
	if got := v.OffsetAt(fyne.NewPos(5, 290)); got != utf8.RuneCountInString(text) {
		t.Errorf("below the text = %d", got)
	}
	// Snapped drag across the emoji keeps whole clusters.
	es, ee := runeSpan(t, text, "👍🏽")
	drag(v, inside(v, es), inside(v, ee), fyne.KeyModifierAlt)
	if s, e := v.Selection(); s != es || e != ee {
		t.Errorf("emoji selection = %d..%d want %d..%d", s, e, es, ee)
	}
}

func TestWrapBreaksLongRunsByGrapheme(t *testing.T) {
	text := strings.Repeat("🇺🇦", 40) + " " + strings.Repeat("x", 200) + "\r\n" + readCorpus(t, "synthetic-frontline-report.txt")
	v := newTestView(t, text, 200, 300)
	width := v.Size().Width - 2*marginX
	n := v.LineCount()
	if n < 10 {
		t.Fatalf("only %d lines", n)
	}
	for i, ln := range v.lay.lines {
		s := v.doc.slice(int(ln.start), int(ln.end))
		if strings.ContainsAny(s, "\r\n") {
			t.Errorf("line %d contains a line terminator: %q", i, s)
		}
		b := v.doc.graphemeBounds(int(ln.start), int(ln.end))
		if len(b) > 2 && v.lay.xAt(i, b[len(b)-1]) > width+1 {
			// trailing spaces may hang; the rest must fit
			if w := fyne.MeasureText(strings.TrimRight(s, " "), v.textSize(), fyne.TextStyle{}).Width; w > width+1 {
				t.Errorf("line %d is %v wide > %v: %q", i, w, width, s)
			}
		}
		if i > 0 && ln.start < v.lay.lines[i-1].end {
			t.Errorf("line %d overlaps the previous one", i)
		}
	}
	// Flags are never split: each line of the flag run holds whole pairs.
	for _, ln := range v.lay.lines[:2] {
		if (ln.end-ln.start)%2 != 0 && !strings.Contains(v.doc.slice(int(ln.start), int(ln.end)), " ") {
			t.Errorf("flag split at %d..%d", ln.start, ln.end)
		}
	}
}

func TestTapCyclesNestedHighlights(t *testing.T) {
	text := "The White House said Trump and Putin agreed to an infrastructure ceasefire."
	v := newTestView(t, text, 800, 200)
	os, oe := runeSpan(t, text, "Trump and Putin agreed")
	is, ie := runeSpan(t, text, "Putin")
	red, blue := color.NRGBA{R: 0xe0, A: 0xff}, color.NRGBA{B: 0xe0, A: 0xff}
	v.SetHighlights([]Highlight{
		{ID: "outer", Start: os, End: oe, Color: red, Tooltip: "PARTIES"},
		{ID: "inner", Start: is, End: ie, Color: blue, Tooltip: "PERSON"},
	})
	var picked []string
	v.OnHighlightSelected = func(id string) { picked = append(picked, id) }
	p := inside(v, is+2)
	test.TapAt(v, p)
	test.TapAt(v, p)
	test.TapAt(v, p)
	test.TapAt(v, inside(v, os+1)) // only the outer covers this point
	test.TapAt(v, inside(v, 1))    // plain text
	want := []string{"inner", "outer", "inner", "outer", ""}
	if strings.Join(picked, ",") != strings.Join(want, ",") {
		t.Fatalf("picked %v, want %v", picked, want)
	}

	// Hover shows the covering tooltips, innermost first.
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
	if got := v.Tooltip(); got != "PERSON\nPARTIES" {
		t.Errorf("tooltip = %q", got)
	}
	v.MouseOut()

	countColour := func(c color.NRGBA) int {
		n := 0
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == color.Color(spanEdge(c)) {
				n++
			}
		}
		return n
	}
	if countColour(blue) != 1 {
		t.Fatalf("inner span drawn %d times, want 1 underline", countColour(blue))
	}
	v.RemoveHighlight("inner")
	if countColour(blue) != 0 {
		t.Errorf("inner span still drawn after RemoveHighlight")
	}
	picked = nil
	test.TapAt(v, p)
	if strings.Join(picked, ",") != "outer" {
		t.Errorf("after removal picked %v", picked)
	}
	v.AddHighlight(Highlight{ID: "inner", Start: is, End: ie, Color: blue})
	if countColour(blue) != 1 {
		t.Errorf("re-added inner span not drawn")
	}
}

func TestBoundaryDragAndDoubleTap(t *testing.T) {
	text := "Kyiv has proposed a ceasefire along the current line of contact."
	v := newTestView(t, text, 800, 200)
	hs, he := runeSpan(t, text, "ceasefire")
	v.SetHighlights([]Highlight{{ID: "h", Start: hs, End: he, Color: color.NRGBA{G: 0xa0, A: 0xff}}})
	v.SelectHighlight("h")
	var got []int
	v.OnBoundaryDrag = func(id string, s, e int) { got = []int{s, e} }
	ns, _ := runeSpan(t, text, "proposed")
	lh := v.LineHeight()
	drag(v, v.PositionOf(hs).Add(fyne.NewPos(1, lh/2)), inside(v, ns+3), 0)
	if len(got) != 2 || got[0] != ns || got[1] != he {
		t.Errorf("start edge drag reported %v, want [%d %d]", got, ns, he)
	}
	if s, e := v.Selection(); s != e {
		t.Errorf("edge drag made a selection %d..%d", s, e)
	}
	_, ce := runeSpan(t, text, "current")
	drag(v, v.endPositionOf(he).Add(fyne.NewPos(-1, lh/2)), inside(v, ce-2), 0)
	if len(got) != 2 || got[0] != hs || got[1] != ce {
		t.Errorf("end edge drag reported %v, want [%d %d]", got, hs, ce)
	}

	ws, we := runeSpan(t, text, "contact")
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	v.clock = func() time.Time { return now }
	click(v, inside(v, ws+2))
	if s, e := v.Selection(); s != e {
		t.Errorf("one click selected %d..%d", s, e)
	}
	now = now.Add(250 * time.Millisecond)
	click(v, inside(v, ws+2).Add(fyne.NewPos(2, 1)))
	if s, e := v.Selection(); s != ws || e != we {
		t.Errorf("double-click selected %d..%d, want %d..%d", s, e, ws, we)
	}
	// Too slow, or too far apart: two clicks.
	for _, gap := range []struct {
		d    time.Duration
		move float32
	}{{600 * time.Millisecond, 0}, {100 * time.Millisecond, 40}} {
		now = now.Add(time.Second)
		click(v, inside(v, ws+2))
		now = now.Add(gap.d)
		click(v, inside(v, ws+2).Add(fyne.NewPos(gap.move, 0)))
		if s, e := v.Selection(); s != e {
			t.Errorf("clicks %v and %vpx apart selected %d..%d", gap.d, gap.move, s, e)
		}
	}
	v.clock = time.Now
	// Shift+click extends from the anchor.
	ls, le := runeSpan(t, text, "line of contact")
	v.anchor = ls
	mouseDown(v, inside(v, we-1), fyne.KeyModifierShift)
	if s, e := v.Selection(); s != ls || e != le {
		t.Errorf("shift-click selected %d..%d, want %d..%d", s, e, ls, le)
	}
}

func TestKeysAndVirtualisation(t *testing.T) {
	text := strings.Repeat(readCorpus(t, "ceasefire-call.txt"), 40)
	v := newTestView(t, text, 600, 400)
	var runes []rune
	v.OnRune = func(r rune) bool { runes = append(runes, r); return true }
	v.OnKey = func(ev *fyne.KeyEvent) bool { return ev.Name == fyne.KeyReturn }
	test.Type(v, "12")
	if string(runes) != "12" {
		t.Errorf("OnRune got %q", string(runes))
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if v.ScrollOffset() <= 0 {
		t.Errorf("PageDown did not scroll")
	}
	texts := 0
	for _, o := range test.WidgetRenderer(v).Objects() {
		if _, ok := o.(*canvas.Text); ok {
			texts++
		}
	}
	if max := int(400/v.LineHeight()) + 2; texts > max || texts == 0 {
		t.Errorf("%d text objects for a 400px view (max %d)", texts, max)
	}
	off := utf8.RuneCountInString(text) - 10
	v.ScrollToOffset(off)
	if p := v.PositionOf(off); p.Y < 0 || p.Y > 400 {
		t.Errorf("ScrollToOffset left offset at y=%v", p.Y)
	}
	v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 1e9)})
	if v.ScrollOffset() != 0 {
		t.Errorf("scroll up did not reach the top: %v", v.ScrollOffset())
	}
}

func TestRenderNestedSpans(t *testing.T) {
	test.NewTempApp(t)
	text := "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks for a ceasefire in the Black Sea."
	v := New()
	v.SetText(text)
	v.Resize(fyne.NewSize(380, 150))
	span := func(sub string) (int, int) { return runeSpan(t, text, sub) }
	a, b := span("Trump and Putin agreed")
	c, d := span("Putin")
	e, f := span("agreed to an “infrastructure")
	g, h := span("energy ceasefire")
	m1, m2 := span("Black Sea")
	v.SetHighlights([]Highlight{
		{ID: "parties", Start: a, End: b, Color: color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}},
		{ID: "putin", Start: c, End: d, Color: color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}},
		{ID: "overlap", Start: e, End: f, Color: color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff}},
		{ID: "term", Start: g, End: h, Color: color.NRGBA{R: 0x8e, G: 0x24, B: 0xaa, A: 0xff}},
	})
	v.SelectHighlight("term")
	v.SetMatches([][2]int{{m1, m2}})
	s1, s2 := span("talks for")
	v.SetSelection(s1, s2)
	test.AssertObjectRendersToImage(t, "nested_spans.png", v)
}

func TestDragWithoutMouseDown(t *testing.T) {
	text := "Delegations from Kyiv and Moscow held separate technical talks."
	v := newTestView(t, text, 800, 200)
	s, _ := runeSpan(t, text, "Kyiv")
	_, e := runeSpan(t, text, "Moscow")
	from, to := inside(v, s+1), inside(v, e-1)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	v.DragEnd()
	if gs, ge := v.Selection(); gs != s || ge != e {
		t.Errorf("selection %d..%d want %d..%d", gs, ge, s, e)
	}
}

func TestScrollTargetSurvivesFirstLayout(t *testing.T) {
	test.NewTempApp(t)
	text := strings.Repeat(readCorpus(t, "ceasefire-call.txt"), 10)
	v := New()
	v.SetText(text)
	n := utf8.RuneCountInString(text)
	v.SetHighlights([]Highlight{{ID: "far", Start: n / 2, End: n/2 + 10}})
	v.SelectHighlight("far") // no size yet
	win := test.NewWindow(v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(150, 100)) // provisional size
	win.Resize(fyne.NewSize(600, 400))
	if p := v.PositionOf(n / 2); p.Y < 0 || p.Y > 400-v.LineHeight() {
		t.Errorf("selected span at y=%v, outside the view", p.Y)
	}
	v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -50)})
	y := v.ScrollOffset()
	win.Resize(fyne.NewSize(600, 300)) // user scrolled: a resize keeps their place
	if v.ScrollOffset() != y {
		t.Errorf("height change moved the scroll from %v to %v", y, v.ScrollOffset())
	}
}
