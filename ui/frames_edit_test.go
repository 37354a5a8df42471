package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// editKeys are bench/gui.py's edit cycle: label a selection, step to the
// next span and back, relabel, Delete, undo, redo.
func editKeys(w *Window) []struct {
	name string
	key  func()
} {
	v := w.View()
	return []struct {
		name string
		key  func()
	}{
		{"label", func() { v.TypedRune('1') }},
		{"Tab", func() { v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) }},
		{"Shift+Tab", func() {
			v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
			v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}},
		{"relabel", func() { v.TypedRune('5') }},
		{"Delete", func() { v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) }},
		{"Ctrl+Z", w.Undo},
		{"Ctrl+Shift+Z", w.Redo},
	}
}

// TestEditsLeaveNothingForAThirdFrame counts, for each key of the edit
// cycle (at three places), the frames Fyne paints for it: the first; a second when the
// first one's layouts marked the window dirty again (nextFrame); a third
// when the second one's did too. An edit adds or removes a row of the
// annotation list (its scroll's bar is refreshed) or swaps the
// inspector's form, so a second frame remains; a third is a layout that
// did not settle in the frame after the key. Before, the label hotkey and
// undo each cost three: the list rows bound to other spans moved their
// texts, which had the texts' widths (panels_rows.go), and the
// inspector's scroll showed its bar during the first frame's layout, new
// objects to the second (inspector_form.go, setBody).
func TestEditsLeaveNothingForAThirdFrame(t *testing.T) {
	// Spans of other labels around the cycle's: Tab and Shift+Tab show
	// another attribute form, as in bench/gui.py's 1 MB document.
	w := windowWithSpans(t, "32", "Trump", "Zelensky")
	content := w.win.Canvas().Content()
	f := newNextFrame(content)
	f.paths = true // a failure names where the layout is
	f.dirtying(content)
	f.dirtying(content)
	frames := map[string]int{}
	for _, word := range []string{"Putin", "Ukraine", "Kremlin"} {
		s, e := span(assets.DemoArticle, word)
		dragSelect(w, s, e)
		f.dirtying(content)
		f.dirtying(content)
		for _, k := range editKeys(w) {
			k.key()
			n := 1
			if len(f.dirtying(content)) > 0 {
				n++
			}
			if again := f.dirtying(content); len(again) > 0 {
				n++
				t.Errorf("%s after selecting %q: the second frame laid out again: %v", k.name, word, again)
			}
			if rest := f.dirtying(content); len(rest) > 0 {
				t.Errorf("%s after selecting %q: the third frame laid out again: %v", k.name, word, rest)
			}
			frames[k.name] = max(frames[k.name], n)
		}
	}
	t.Logf("frames per key, at most: %v", frames)
	if len(w.anns) != 2 { // each cycle's span is deleted, restored and deleted again
		t.Fatalf("%d spans after three cycles, want the 2 made first", len(w.anns))
	}
}

// TestUndoWithoutSuggestionsDrawsNone: each undo and redo reads the
// document's suggestions again; when it has none, as before, nothing is
// drawn again (setList): the article view rebuilt every line's rows and
// the side list and count were refreshed, one more frame of the window
// after each undo and redo (issue 14). A suggestion that appears is drawn.
func TestUndoWithoutSuggestionsDrawsNone(t *testing.T) {
	w := windowWithSpans(t, "11", "Trump", "Putin")
	s := w.sugg
	if s == nil || !s.enabled() {
		t.Fatal("the window shows no suggestions")
	}
	before := s.draws
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	for range 3 {
		w.Undo()
		w.Redo()
	}
	if n := s.draws - before; n != 0 {
		t.Errorf("3 undos and redos in a document without suggestions drew the suggestions %d times, want 0", n)
	}
	if len(w.anns) != 1 {
		t.Fatalf("%d spans after the undos and redos of a Delete, want 1", len(w.anns))
	}
	db, ok := w.store.(*storage.DB)
	if !ok {
		t.Fatalf("the store is a %T", w.store)
	}
	addSuggestions(t, db, w.doc.ID, []model.Suggestion{sugg(assets.DemoArticle, "Russia", 0, "ACTOR", 0.9)})
	w.Undo() // the Delete redone: the span back, the suggestions read again
	if len(s.list) != 1 || len(w.View().Suggestions()) != 1 {
		t.Fatalf("a suggestion stored is listed %d times and drawn %d times after an undo", len(s.list), len(w.View().Suggestions()))
	}
}
