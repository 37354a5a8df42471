package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestWindowReopensOnTheLastDocument: a researcher who quit on the second
// document was back on the first at the next launch. The window opens on
// the document shown last in that project; another project opens on its
// first document.
func TestWindowReopensOnTheLastDocument(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindowOnApp(t, db)
	w.ctl.Drain()
	if len(w.docs) < 2 {
		t.Fatalf("%d documents, want 2", len(w.docs))
	}
	second := w.docs[1].ID
	w.docList.Select(1)
	w.ctl.Drain()
	if d := w.CurrentDocument(); d == nil || d.ID != second {
		t.Fatalf("the second document is not shown: %+v", d)
	}
	w2 := openWindowOnApp(t, db) // the next launch: same preferences
	w2.ctl.Drain()
	if d := w2.CurrentDocument(); d == nil || d.ID != second {
		t.Fatalf("the next window opens on %+v, want document %d, shown last", d, second)
	}
	other := demoProject(t, filepath.Join(dir, "q.margin"))
	defer other.Close()
	w3 := openWindowOnApp(t, other)
	w3.ctl.Drain()
	if d := w3.CurrentDocument(); d == nil || d.ID != w3.docs[0].ID {
		t.Fatalf("another project opens on %+v, want its first document", d)
	}
}
