package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestWindowKeysWorkWithTheCursorInSearch: the desktop driver gives a
// focused text box every shortcut, so the Search box passes the window's
// on (Ctrl+, preferences, Ctrl+Q quit) and keeps its own (Ctrl+A).
func TestWindowKeysWorkWithTheCursorInSearch(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	w.win.Canvas().Focus(w.search.entry)
	w.search.entry.SetText("ceasefire")
	// What the desktop driver does with a shortcut while the box is focused.
	w.search.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := w.search.entry.SelectedText(); got != "ceasefire" {
		t.Fatalf("Ctrl+A in Search selected %q, want the box's text", got)
	}
	w.search.entry.TypedShortcut(shortcutKey(fyne.KeyComma, ctrl))
	if w.shell.prefs == nil {
		t.Fatal("Ctrl+, in Search did not open the preferences")
	}
	w.shell.prefs.Hide()
	w.search.entry.TypedShortcut(shortcutKey(fyne.KeyQ, ctrl))
	select {
	case <-closedChan(w):
	default:
		t.Fatal("Ctrl+Q in Search did not close the window")
	}
}

// TestEscapeClearsTheSearch: Esc in Search empties it, drops its marks and
// gives the keys back to the article.
func TestEscapeClearsTheSearch(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	w.win.Canvas().Focus(w.search.entry)
	w.search.entry.SetText("ceasefire")
	if len(w.matches) == 0 {
		t.Fatal("no matches of ceasefire in the demo article")
	}
	w.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.search.entry.Text != "" || len(w.matches) != 0 {
		t.Fatalf("after Esc the search holds %q with %d matches", w.search.entry.Text, len(w.matches))
	}
	if w.win.Canvas().Focused() != w.View() {
		t.Fatalf("after Esc the focus is on %T, want the article", w.win.Canvas().Focused())
	}
}
