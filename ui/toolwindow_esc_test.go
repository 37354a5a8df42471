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

// TestEscapeClosesTheTableAndSearchFromTheirBoxes: Esc closes the
// annotations table with its text filter focused (as it opens) or a
// filter box, and search across documents with its label box focused (a
// click on it focuses it): a focused plain Entry or Select kept Esc from
// the window, which stayed open.
func TestEscapeClosesTheTableAndSearchFromTheirBoxes(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	w.ShowAnnotationsTable()
	if w.annTable == nil || w.annTable.win.Canvas().Focused() != w.annTable.text {
		t.Fatal("the table did not open with its text filter focused")
	}
	w.annTable.text.TypedKey(esc)
	if w.annTable != nil {
		t.Fatal("Esc in the text filter left the table open")
	}
	w.ShowAnnotationsTable()
	w.annTable.win.Canvas().Focus(w.annTable.annotator)
	w.annTable.annotator.TypedKey(esc)
	if w.annTable != nil {
		t.Fatal("Esc on the annotator filter left the table open")
	}
	w.ShowSearchAcrossDocuments()
	w.searchAll.win.Canvas().Focus(w.searchAll.labelAs)
	w.searchAll.labelAs.TypedKey(esc)
	if w.searchAll != nil {
		t.Fatal("Esc on the label box left Search all documents open")
	}
}
