package articleview

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"
	"weak"

	"fyne.io/fyne/v2/test"
)

// A window that reopens a long document all day must not keep the old
// texts: Fyne caches measured and drawn strings by value for a while, and
// a slice of the document given to it kept the whole document alive
// (issue 14's soak: a megabyte more per reopening of a 1 MB document).
func TestReplacedTextIsNotKeptAlive(t *testing.T) {
	v := newTestView(t, "", 600, 400)
	old := strings.Repeat("The ceasefire holds in Kyiv, officials said on Tuesday. ", 2000)
	gone := weak.Make(unsafe.StringData(old))
	v.SetText(old)
	v.SetHighlights([]Highlight{{ID: "a", Start: 4, End: 13}})
	r := test.WidgetRenderer(v)
	r.Refresh()
	v.ScrollToOffset(60000)
	r.Refresh()
	v.OffsetAt(v.PositionOf(60010)) // hit-testing measures line prefixes
	old = ""
	v.SetText(strings.Repeat("Another text entirely. ", 100))
	r.Refresh()
	for i := 0; i < 3 && gone.Value() != nil; i++ {
		runtime.GC()
	}
	if gone.Value() != nil {
		t.Fatal("the replaced text is still reachable (a cache keeps a slice of it)")
	}
}
