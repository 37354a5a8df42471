package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestEscapeClosesTheToolWindows: Esc closes Statistics (nothing focused)
// and Search all documents (its search box focused), as it closes a
// dialog; neither had a way to close but the title bar.
func TestEscapeClosesTheToolWindows(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	// As ShowStatistics opens it, without its reading goroutine (whose
	// drawing, posted with the test driver's fyne.Do, would run off the
	// test's goroutine).
	w.stats = w.newStatsWindow(w.toolWindow("Statistics", statsWindowSize, func() { w.stats = nil }))
	w.stats.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.stats != nil {
		t.Fatal("Esc left the Statistics window open")
	}
	w.ShowSearchAcrossDocuments()
	if w.searchAll == nil || w.searchAll.win.Canvas().Focused() != w.searchAll.entry {
		t.Fatal("Search all documents did not open with its box focused")
	}
	w.searchAll.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.searchAll != nil {
		t.Fatal("Esc in the search box left Search all documents open")
	}
}
