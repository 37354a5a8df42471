package ui

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// lockProject holds SQLite's write lock on the project file from a second
// connection, as `sqlite3 p.margin` with BEGIN EXCLUSIVE does; the store's
// writes fail once its busy timeout (5 s) runs out, its reads go on (WAL).
// The returned func releases it.
func lockProject(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=rw&_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
		db.Close()
	}
	t.Cleanup(release)
	return release
}

// asyncDemoWindow is the demo project in a window whose edit controller
// posts to a queue the test runs (as TestWindowEditsOffTheUIGoroutine),
// so that a write's result comes back after the code that queued it.
func asyncDemoWindow(t *testing.T) (*Window, uiQueue, *storage.DB, string) {
	t.Helper()
	q := make(uiQueue, 256)
	postEdits = q.post
	t.Cleanup(func() { postEdits = nil })
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	t.Cleanup(func() { db.Close() })
	w := openWindow(t, db)
	q.settle(t, w)
	return w, q, db, path
}

// labelTwo labels the demo's phrase first and "The White House" second,
// and waits for both writes.
func labelTwo(t *testing.T, w *Window, q uiQueue, first, second string) (a, b *model.Annotation) {
	t.Helper()
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel(first)
	a = w.annotation(w.View().SelectedHighlight())
	s, e = span(assets.DemoArticle, "The White House")
	w.View().SetSelection(s, e)
	w.applyLabel(second)
	b = w.annotation(w.View().SelectedHighlight())
	q.settle(t, w)
	return a, b
}

// A create that fails after the user already clicked the next document
// is taken back in the document list's count of the document it was made
// in, and the status keeps saying "not saved" once the next document
// shows (the tester saw "saved · second · …" and a count of 19 for 18).
func TestFailedSaveBeforeSwitchingDocuments(t *testing.T) {
	w, q, db, path := asyncDemoWindow(t)
	ctx := context.Background()
	first := w.CurrentDocument().ID
	row := w.docRow[first]

	// One saved edit first: the document is then in progress, so the
	// failing edit is the only write queued.
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	q.settle(t, w)
	if w.docs[row].Annotations != 1 {
		t.Fatalf("count after the first edit: %d", w.docs[row].Annotations)
	}

	release := lockProject(t, path)
	as, ae := span(assets.DemoArticle, "The White House")
	w.View().SetSelection(as, ae)
	w.applyLabel("ACTOR")
	if w.docs[row].Annotations != 2 {
		t.Fatalf("the new span is not counted at once: %d", w.docs[row].Annotations)
	}
	w.docList.Select(1 - row) // the other document, at once
	q.settle(t, w)
	release()

	stored, err := db.Annotations(ctx, first, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 {
		t.Fatalf("%d annotations stored, want 1", len(stored))
	}
	if w.CurrentDocument() == nil || w.CurrentDocument().ID == first {
		t.Fatal("the second document is not shown")
	}
	if got := w.docs[row].Annotations; got != len(stored) {
		t.Fatalf("document list shows %d annotations for %s, the file has %d", got, w.docs[row].Name, len(stored))
	}
	if !strings.HasPrefix(w.status.Text, "not saved: ") {
		t.Fatalf("status after the failed write and the switch: %q", w.status.Text)
	}

	// The next write that succeeds says "saved" again.
	text := w.CurrentDocument().Text
	ks, ke := span(text, "Kyiv")
	w.View().SetSelection(ks, ke)
	w.applyLabel("ACTOR")
	q.settle(t, w)
	if !strings.HasPrefix(w.status.Text, "saved · ") {
		t.Fatalf("status after a successful write: %q", w.status.Text)
	}
}

// relationRows are the texts of the inspector's relation buttons.
func relationRows(in *inspector) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() { // a row kept for another span (inspector_relations.go)
			return
		}
		switch v := o.(type) {
		case *widget.Label: // a relation line's text, over its button (clipButton)
			if strings.Contains(v.Text, " → ") || strings.Contains(v.Text, " ← ") {
				out = append(out, v.Text)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(in.body)
	return out
}

// A relation the store refuses disappears from the inspector and the
// view's connectors as soon as the failure comes back.
func TestRefusedRelationLeavesTheInspector(t *testing.T) {
	w, q, db, _ := asyncDemoWindow(t)
	ctx := context.Background()
	doc := w.CurrentDocument().ID
	claim, actor := labelTwo(t, w, q, "PRECONDITION", "ACTOR")

	// The target goes underneath (another window): the store refuses.
	if err := db.DeleteAnnotation(ctx, actor.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	w.focusAnnotation(claim.ID)
	w.linking, w.linkType = claim.ID, "claimed_by"
	w.highlightSelected(actor.ID)
	if rows := relationRows(w.inspector); len(rows) != 1 {
		t.Fatalf("the new relation is not listed at once: %q", rows)
	}
	q.settle(t, w)
	if rels, _ := db.Relations(ctx, doc); len(rels) != 0 {
		t.Fatalf("relations stored: %+v", rels)
	}
	if rows := relationRows(w.inspector); len(rows) != 0 {
		t.Fatalf("the inspector still lists %q after the refusal", rows)
	}
	if w.inspector.cur == nil || w.inspector.cur.ID != claim.ID {
		t.Fatal("the inspector no longer shows the source span")
	}
	if cs := w.View().Connectors(); len(cs) != 0 {
		t.Fatalf("connectors after the refusal: %+v", cs)
	}
}

// The link picker refuses a target the schema does not allow before any
// write: nothing is queued and nothing is shown as linked.
func TestLinkPickerRefusesDisallowedTarget(t *testing.T) {
	w, q, db, _ := asyncDemoWindow(t)
	ctx := context.Background()
	pre, term := labelTwo(t, w, q, "PRECONDITION", "CEASEFIRE_TERM")
	writes := w.writeFailures

	w.focusAnnotation(pre.ID)
	w.linking, w.linkType = pre.ID, "claimed_by"
	w.highlightSelected(term.ID)
	if !w.ctl.Idle() {
		t.Fatal("a write was queued for a relation the schema forbids")
	}
	if len(w.ctl.Relations()) != 0 || len(relationRows(w.inspector)) != 0 || len(w.View().Connectors()) != 0 {
		t.Fatalf("forbidden relation shown: %+v, rows %q", w.ctl.Relations(), relationRows(w.inspector))
	}
	if w.linking != "" {
		t.Fatal("still picking a target after the refusal")
	}
	if !strings.Contains(w.status.Text, "claimed_by may not point to a CEASEFIRE_TERM (allowed: ACTOR)") {
		t.Fatalf("status %q does not say why", w.status.Text)
	}
	q.settle(t, w)
	if w.writeFailures != writes {
		t.Fatal("the store was asked")
	}
	if rels, _ := db.Relations(ctx, w.doc.ID); len(rels) != 0 {
		t.Fatalf("relations stored: %+v", rels)
	}
}

// The inspector's ✕ of a relation linked a moment ago removes it: the
// row is redrawn with the id the store gave the relation at the commit
// (the provisional one it was drawn with matches nothing afterwards).
func TestRelationRowDeletesAfterTheCommit(t *testing.T) {
	w, q, db, _ := asyncDemoWindow(t)
	ctx := context.Background()
	claim, actor := labelTwo(t, w, q, "PRECONDITION", "ACTOR")
	w.focusAnnotation(claim.ID)
	w.linking, w.linkType = claim.ID, "claimed_by"
	w.highlightSelected(actor.ID)
	q.settle(t, w)
	if rels, _ := db.Relations(ctx, w.doc.ID); len(rels) != 1 {
		t.Fatalf("relations stored: %+v", rels)
	}
	var del *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == "✕" {
				del = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(w.inspector.body)
	if del == nil {
		t.Fatal("no ✕ beside the relation")
	}
	del.OnTapped()
	q.settle(t, w)
	if rels, _ := db.Relations(ctx, w.doc.ID); len(rels) != 0 {
		t.Fatalf("✕ left %+v in the file", rels)
	}
}
