package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// uiQueue stands in for fyne.Do in TestWindowEditsOffTheUIGoroutine: the
// controller posts its results here and the test goroutine, which is the
// UI goroutine under Fyne's test driver, runs them.
type uiQueue chan func()

func (q uiQueue) post(f func()) { q <- f }

// settle runs what the controller posts until nothing is in flight.
func (q uiQueue) settle(t *testing.T, w *Window) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !w.ctl.Idle() {
		select {
		case f := <-q:
			f()
		case <-deadline:
			t.Fatal("the window's edits did not settle in 10 s")
		}
	}
}

func TestWindowEditsOffTheUIGoroutine(t *testing.T) {
	q := make(uiQueue, 256)
	postEdits = q.post
	defer func() { postEdits = nil }()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	q.settle(t, w)
	if w.CurrentDocument() == nil || w.View().Text() != assets.DemoArticle {
		t.Fatal("the first document is not shown once loaded")
	}
	ctx := context.Background()
	stored := func() []model.Annotation {
		as, err := db.Annotations(ctx, w.doc.ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		return as
	}

	// Hold the writer: the label is on screen before the store has it.
	hold := make(chan struct{})
	w.ctl.Read(func(model.Store) error { <-hold; return nil }, nil)
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	if w.View().HighlightCount() != 1 || len(w.annList.shown) != 1 || w.ctl.Count("CEASEFIRE_TERM") != 1 {
		t.Fatalf("not shown at once: %d highlights, %d rows, count %d", w.View().HighlightCount(), len(w.annList.shown), w.ctl.Count("CEASEFIRE_TERM"))
	}
	if !strings.HasPrefix(w.status.Text, "saving · CEASEFIRE_TERM") {
		t.Fatalf("status before the commit: %q", w.status.Text)
	}
	if n := len(stored()); n != 0 {
		t.Fatalf("%d annotations stored while the writer is held", n)
	}
	close(hold)
	q.settle(t, w)
	if !strings.HasPrefix(w.status.Text, "saved · CEASEFIRE_TERM") {
		t.Fatalf("status after the commit: %q", w.status.Text)
	}
	if as := stored(); len(as) != 1 || as[0].Label != "CEASEFIRE_TERM" || as[0].ID != w.anns[0].ID {
		t.Fatalf("stored %+v", as)
	}
	if w.statuses[w.doc.ID]["ana"] != model.StatusInProgress {
		t.Fatal("the first edit did not mark the document in progress")
	}

	// A write the store refuses (the span was deleted underneath) is
	// taken back: the view and the lists show the span as it was.
	id := w.anns[0].ID
	if err := db.DeleteAnnotation(ctx, id, "ana"); err != nil {
		t.Fatal(err)
	}
	w.selectAnnotation(id)
	w.applyLabel("ACTOR")
	if w.annotation(id).Label != "ACTOR" {
		t.Fatal("the relabel is not shown at once")
	}
	q.settle(t, w)
	if a := w.annotation(id); a == nil || a.Label != "CEASEFIRE_TERM" || w.ctl.Count("ACTOR") != 0 {
		t.Fatalf("after the failed write: %+v, ACTOR count %d", a, w.ctl.Count("ACTOR"))
	}
	if w.annList.shown[0].Label != "CEASEFIRE_TERM" {
		t.Fatalf("list row shows %s", w.annList.shown[0].Label)
	}
	if !strings.Contains(w.status.Text, "not saved: could not save relabelled ACTOR") {
		t.Fatalf("status %q does not report the failure", w.status.Text)
	}
}
