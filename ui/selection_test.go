package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestSearchAfterARelationLeavesOneSelection is issue 15's ambiguous
// Delete: a relation was clicked, then a search match stepped to; the
// status bar showed both the text selection and the relation, and Delete
// removed the relation. Now the match replaces the relation as the
// selection, and Delete leaves the relation alone.
func TestSearchAfterARelationLeavesOneSelection(t *testing.T) {
	db, r := relProject(t, "ana")
	w := openWindow(t, db)
	clickConnectorLabel(t, w, r.Type)
	if w.View().SelectedConnector() != r.ID {
		t.Fatal("the relation was not selected by the click")
	}
	w.search.entry.SetText("ceasefire")
	w.search.step(1)
	if s, e := w.View().Selection(); e <= s {
		t.Fatal("the match was not selected")
	}
	if strings.Contains(w.status.Text, "relation") || w.View().SelectedConnector() != "" {
		t.Fatalf("status %q, connector %q: the relation is still selected beside the match", w.status.Text, w.View().SelectedConnector())
	}
	w.typedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := nRels(t, db); n != 1 {
		t.Fatalf("Delete with a text selection removed the relation (%d left)", n)
	}
}

// TestEscapeClearsTheAnnotationListSelection: after Esc no row of the
// annotation list stays selected (it kept the span's row).
func TestEscapeClearsTheAnnotationListSelection(t *testing.T) {
	db, _ := relProject(t, "ana")
	w := openWindow(t, db)
	w.nextAnnotation(1)
	if w.annList.selected < 0 {
		t.Fatal("Tab selected no row of the annotation list")
	}
	w.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.annList.selected >= 0 {
		t.Fatalf("after Esc row %d of the annotation list is still selected", w.annList.selected)
	}
	if w.View().SelectedHighlight() != "" || w.inspector.cur != nil {
		t.Fatal("after Esc a span is still selected")
	}
}

// TestClickingASpanDropsTheTextSelection: selecting a span while text is
// selected leaves only the span selected.
func TestClickingASpanDropsTheTextSelection(t *testing.T) {
	db, _ := relProject(t, "ana")
	w := openWindow(t, db)
	w.search.entry.SetText("Russia")
	w.search.step(1)
	w.nextAnnotation(1)
	if s, e := w.View().Selection(); e > s || strings.Contains(w.status.Text, "selection ") {
		t.Fatalf("text selection %d–%d (status %q) kept beside the span", s, e, w.status.Text)
	}
}
