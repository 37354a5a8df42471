package articleview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// deferQueue stands in for the app's Defer (a goroutine's fyne.Do): the
// test runs the deferred steps itself.
type deferQueue []func()

func (q *deferQueue) run() int {
	n := 0
	for len(*q) > 0 {
		f := (*q)[0]
		*q = (*q)[1:]
		f()
		n++
	}
	return n
}

func progressiveView(t *testing.T) (*View, *deferQueue) {
	t.Helper()
	test.NewTempApp(t)
	q := &deferQueue{}
	Defer = func(f func()) { *q = append(*q, f) }
	t.Cleanup(func() { Defer = nil })
	v := New()
	w := test.NewWindow(v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 600))
	t.Cleanup(w.Close)
	return v, q
}

// A long text is drawn once its first pages are wrapped; the deferred
// steps wrap the rest, and the lines are then exactly a whole reflow's.
func TestLongTextShowsBeforeItIsWrappedWhole(t *testing.T) {
	v, q := progressiveView(t)
	text := bigText(t)
	v.SetText(text)
	if v.lay.done {
		t.Fatal("a 1 MB text was wrapped whole before its first page was drawn")
	}
	page := int(v.Size().Height/v.lineHeight()) + 1
	if n := len(v.lay.lines); n < page || n > 20*page {
		t.Fatalf("%d lines wrapped before the first frame (a page is %d)", n, page)
	}
	// The page drawn is the text's start.
	if r := test.WidgetRenderer(v).(*renderer); r.nt == 0 || r.texts[0].Text != v.lay.geom(0).text {
		t.Fatal("the first line is not drawn")
	}
	// Hovering the first page (the pointer is over the view as it opens)
	// needs no more than is wrapped.
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 60)}})
	if v.OffsetAt(fyne.NewPos(100, 60)) <= 0 || v.lay.done {
		t.Fatal("hovering the first page wrapped the whole text")
	}
	if steps := q.run(); steps < 2 {
		t.Fatalf("wrapped in %d deferred steps", steps)
	}
	if !v.lay.done {
		t.Fatal("the deferred steps did not finish the layout")
	}
	var whole layout
	whole.reflow(v.doc, v.lay.width, v.lay.size)
	if !slices.Equal(whole.lines, v.lay.lines) {
		t.Fatalf("progressive layout has %d lines, a whole reflow %d (or they differ)", len(v.lay.lines), len(whole.lines))
	}
}

// Anything that needs a line beyond the part wrapped so far (scrolling to
// the end, the line count, a position) finishes the layout first.
func TestLongTextLayoutFinishesWhenAnOffsetNeedsIt(t *testing.T) {
	v, q := progressiveView(t)
	text := bigText(t)
	v.SetText(text)
	if v.lay.done {
		t.Fatal("not progressive")
	}
	end := v.doc.runes()
	v.ScrollToOffset(end)
	if !v.lay.done {
		t.Fatal("ScrollToOffset to the end left the layout unfinished")
	}
	if got, want := v.lay.lineOf(end), len(v.lay.lines)-1; got != want {
		t.Fatalf("the end is on line %d of %d", got, want)
	}
	if v.ScrollOffset() <= 0 {
		t.Fatal("did not scroll")
	}
	q.run() // the pending step finds the layout done and stops
	if len(*q) != 0 {
		t.Fatal("steps went on after the layout was done")
	}
}

// A short text, or no Defer (tests, the test driver), is wrapped at once.
func TestShortTextIsWrappedAtOnce(t *testing.T) {
	v, _ := progressiveView(t)
	v.SetText(readCorpus(t, "ceasefire-call.txt"))
	if !v.lay.done {
		t.Fatal("a short text was wrapped in steps")
	}
	Defer = nil
	v.SetText(bigText(t))
	if !v.lay.done {
		t.Fatal("without Defer a long text was wrapped in steps")
	}
}

// BenchmarkSetTextProgressive1MB is what the UI goroutine spends before a
// 1 MB text's first frame: the text's index and its first pages.
func BenchmarkSetTextProgressive1MB(b *testing.B) {
	test.NewTempApp(b)
	Defer = func(func()) {}
	b.Cleanup(func() { Defer = nil })
	v := New()
	w := test.NewWindow(v)
	w.Resize(fyne.NewSize(800, 600))
	b.Cleanup(w.Close)
	text := bigText(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.SetText(text)
	}
}
