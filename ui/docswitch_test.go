package ui

import (
	"context"
	"testing"
	"time"

	"github.com/margin-app/margin/assets"
)

// TestDocumentSwitchDoesNotWaitForAStuckWrite: a span's write is stuck
// (the store holds it, as a disk or a server that does not answer would)
// and the user opens another document: it shows at once, read beside the
// stuck write; the write is saved once the store answers, and the first
// document shows it when opened again. Before, the switch was queued
// behind the write and the window kept showing the first document
// (issue 14).
func TestDocumentSwitchDoesNotWaitForAStuckWrite(t *testing.T) {
	w, g, db, q := busyWindow(t)
	ctx := context.Background()
	first := w.CurrentDocument().ID
	g.only = "CreateAnnotations"
	g.hold()
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	other := -1
	for i, d := range w.docs {
		if d.ID != first {
			other = i
		}
	}
	if other < 0 {
		t.Fatal("the project has one document")
	}
	want := w.docs[other].ID
	w.docList.Select(other)
	deadline := time.After(3 * time.Second)
	for w.CurrentDocument().ID != want {
		select {
		case f := <-q:
			f()
		case <-deadline:
			g.release()
			t.Fatalf("the document chosen did not show while a write of the first was stuck (showing %d)", w.CurrentDocument().ID)
		}
	}
	doc, err := db.Document(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if w.View().Text() != doc.Text {
		t.Fatal("the view does not show the document chosen")
	}
	if as, _ := db.Annotations(ctx, first, "ana"); len(as) != 0 {
		t.Fatal("the write was not held")
	}
	g.release()
	q.settle(t, w)
	if as, _ := db.Annotations(ctx, first, "ana"); len(as) != 1 || as[0].Text != phrase {
		t.Fatalf("the stuck write stored %+v", as)
	}
	// Back to the first document: the span is there.
	for i, d := range w.docs {
		if d.ID == first {
			w.docList.Select(i)
		}
	}
	q.settle(t, w)
	if w.CurrentDocument().ID != first || len(w.anns) != 1 || w.anns[0].Text != phrase {
		t.Fatalf("the first document shows %d spans", len(w.anns))
	}
}
