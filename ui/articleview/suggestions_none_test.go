package articleview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestNoSuggestionsAgainBuildsNothing: the window sets the suggestions
// after each undo and redo (one may have gone back to pending); for a
// document that has none, setting none again built every line's rows and
// the page again (issue 14). Setting some, and then none, still does.
func TestNoSuggestionsAgainBuildsNothing(t *testing.T) {
	text := strings.Repeat(readCorpus(t, "ceasefire-call.txt"), 20)
	v := newTestView(t, text, 600, 400)
	r := test.WidgetRenderer(v).(*renderer)
	r.Layout(v.Size())
	n, k := r.pages, v.rowsKey()
	v.SetSuggestions(nil)
	v.SetSuggestions([]Suggestion{})
	r.Layout(v.Size())
	if r.pages != n || v.rowsKey() != k {
		t.Fatalf("setting no suggestions twice on a view without any built %d pages and changed the rows' key: %v", r.pages-n, v.rowsKey() != k)
	}
	s, e := runeSpan(t, text, "ceasefire")
	v.SetSuggestions([]Suggestion{{ID: "s1", Start: s, End: e}})
	if got := len(v.Suggestions()); got != 1 {
		t.Fatalf("%d suggestions drawn, want 1", got)
	}
	n = r.pages
	v.SetSuggestions(nil)
	if r.pages == n || len(v.Suggestions()) != 0 {
		t.Fatalf("taking the last suggestion away built %d pages and left %d drawn", r.pages-n, len(v.Suggestions()))
	}
}
