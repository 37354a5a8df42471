package articleview

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// bigText repeats the sample corpora (curly quotes, emoji, CJK, \r\n) to ~1 MB.
func bigText(b testing.TB) string {
	var sb strings.Builder
	parts := []string{
		readCorpus(b, "ceasefire-call.txt"),
		readCorpus(b, "synthetic-black-sea-talks.txt"),
		readCorpus(b, "synthetic-frontline-report.txt"),
	}
	for i := 0; sb.Len() < 1<<20; i++ {
		sb.WriteString(parts[i%len(parts)])
		sb.WriteString("\n")
	}
	return sb.String()
}

func benchView(b *testing.B, hl int) (*View, *renderer) {
	b.Helper()
	test.NewTempApp(b)
	v := New()
	text := bigText(b)
	v.SetText(text)
	n := utf8.RuneCountInString(text)
	if hl > 0 {
		hs := make([]Highlight, 0, hl)
		step := n / hl
		for i := 0; i < hl; i++ {
			s := i * step
			hs = append(hs, Highlight{ID: fmt.Sprint("h", i), Start: s, End: s + 15 + i%40,
				Color: color.NRGBA{R: uint8(i * 37), G: 0x80, B: uint8(i * 11), A: 0xff}, Tooltip: "LABEL"})
		}
		v.SetHighlights(hs)
	}
	w := test.NewWindow(v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 900))
	b.Cleanup(w.Close)
	v.ensureLayout()
	return v, test.WidgetRenderer(v).(*renderer)
}

// BenchmarkLayout1MB wraps ~1 MB from scratch (cold word-width cache).
func BenchmarkLayout1MB(b *testing.B) {
	v, _ := benchView(b, 0)
	doc, width, size := v.doc, v.lay.width, v.lay.size
	b.SetBytes(int64(len(doc.text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var l layout
		l.reflow(doc, width, size)
	}
}

// BenchmarkRewrap1MB re-wraps at a new width with warm word widths (a resize).
func BenchmarkRewrap1MB(b *testing.B) {
	v, _ := benchView(b, 0)
	b.SetBytes(int64(len(v.doc.text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.lay.reflow(v.doc, v.lay.width-float32(i%2)*37, v.lay.size)
	}
}

// BenchmarkHitTest maps points on the visible page to offsets.
func BenchmarkHitTest(b *testing.B) {
	v, _ := benchView(b, 10000)
	v.SetScrollOffset(v.contentHeight() / 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.OffsetAt(fyne.NewPos(float32(20+i*13%700), float32(20+i*7%850)))
	}
}

// BenchmarkRenderPage builds the visible page while scrolling one line per
// frame through the 1 MB document with 10,000 highlights.
func BenchmarkRenderPage(b *testing.B) {
	v, r := benchView(b, 10000)
	benchScrollPages(b, v, r)
}

// BenchmarkAddHighlight10k adds one span (and redraws) with 10,000 present.
func BenchmarkAddHighlight10k(b *testing.B) {
	v, _ := benchView(b, 10000)
	v.SetScrollOffset(v.contentHeight() / 2)
	off := v.OffsetAt(fyne.NewPos(100, 100))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprint("new", i)
		v.AddHighlight(Highlight{ID: id, Start: off + i%50, End: off + 20 + i%50, Color: color.NRGBA{R: 0xff, A: 0xff}})
		b.StopTimer()
		v.hl.remove(id)
		b.StartTimer()
	}
}

// BenchmarkRenderPageCold builds a page whose lines were never measured
// (a jump to an unseen part of the document).
func BenchmarkRenderPageCold(b *testing.B) {
	v, r := benchView(b, 10000)
	lh := v.lineHeight()
	maxY := v.contentHeight() - v.Size().Height
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.scrollY = float32(i%100000) * lh * 53
		for v.scrollY > maxY {
			v.scrollY -= maxY
		}
		v.lay.geoms = make(map[int]*lineGeom)
		r.Refresh()
	}
}

// BenchmarkRenderPageTags is BenchmarkRenderPage with label tags on: every
// span's label drawn above its start.
func BenchmarkRenderPageTags(b *testing.B) {
	v, r := benchView(b, 10000)
	for _, e := range v.hl.items {
		e.Tag = "LABEL"
	}
	v.hlVersion++
	v.SetShowLabelTags(true)
	v.ensureLayout()
	benchScrollPages(b, v, r)
}

// BenchmarkAddHighlight10kTags is BenchmarkAddHighlight10k with tags on:
// the new span's line gets a tag row (rows rebuilt, no reflow).
func BenchmarkAddHighlight10kTags(b *testing.B) {
	v, _ := benchView(b, 10000)
	v.SetShowLabelTags(true)
	v.SetScrollOffset(v.contentHeight() / 2)
	off := v.OffsetAt(fyne.NewPos(100, 100))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprint("new", i)
		v.AddHighlight(Highlight{ID: id, Start: off + i%50, End: off + 20 + i%50, Color: color.NRGBA{R: 0xff, A: 0xff}, Tag: "LABEL"})
		b.StopTimer()
		v.hl.remove(id)
		b.StartTimer()
	}
}

// benchScrollPages is the render benchmarks' timed loop: b.N pages drawn
// at scroll offsets seven lines apart, wrapping at the document's end, so
// every benchmark draws the same sequence of pages.
func benchScrollPages(b *testing.B, v *View, r *renderer) {
	b.Helper()
	lh := v.lineHeight()
	maxY := v.contentHeight() - v.Size().Height
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.scrollY = float32(i%100000) * lh * 7
		for v.scrollY > maxY {
			v.scrollY -= maxY
		}
		r.Refresh()
	}
}
