package articleview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestLayoutAtTheSameSizeBuildsNoPage: Fyne lays a widget out again, at
// the size it has, when an object of its renderer changed its minimum
// size, which every line text does that a scroll or Tab changed; the
// page the Refresh built is current then, and building it again was a
// second page per key in the real window (issue 14). A new size, or a
// Refresh, builds it.
func TestLayoutAtTheSameSizeBuildsNoPage(t *testing.T) {
	text := strings.Repeat(readCorpus(t, "ceasefire-call.txt"), 20)
	v := newTestView(t, text, 600, 400)
	s, e := runeSpan(t, text, "ceasefire")
	v.SetHighlights([]Highlight{{ID: "a", Start: s, End: e}})
	r := test.WidgetRenderer(v).(*renderer)
	v.SelectHighlight("a")
	n := r.pages
	r.Layout(v.Size())
	r.Layout(v.Size())
	if r.pages != n {
		t.Fatalf("Layout at the view's size built %d pages again", r.pages-n)
	}
	v.ScrollToOffset(len([]rune(text)) / 2)
	if r.pages != n+1 {
		t.Fatalf("a scroll built %d pages, want 1", r.pages-n)
	}
	v.Resize(fyne.NewSize(500, 400))
	if r.pages != n+2 {
		t.Fatalf("a new width built %d pages, want 1", r.pages-n-1)
	}
	if len(r.Objects()) == 0 {
		t.Fatal("no page drawn")
	}
}
