package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestMenuOpensTheProgressMatrix: the window's menu lists the tools
// (annotations table, search, statistics, progress) with their keys, and
// the progress matrix reads through the edit queue, not on the UI
// goroutine: nothing shows until the queue's result is posted.
func TestMenuOpensTheProgressMatrix(t *testing.T) {
	q := make(uiQueue, 256)
	postEdits = q.post
	defer func() { postEdits = nil }()
	ctx := context.Background()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, docs[0].ID, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	q.settle(t, w)
	items := map[string]func(){}
	for _, it := range w.menu().Items {
		items[it.Label] = it.Action
	}
	for _, want := range []string{"Annotations table…", "Search all documents…", "Statistics…", "Progress per person…"} {
		if items[want] == nil {
			t.Fatalf("the menu has no %q: %v", want, items)
		}
	}
	items["Progress per person…"]()
	if w.progressView == nil {
		t.Fatal("no progress window opened")
	}
	if rows := w.progressView.Rows(); len(rows) != 0 {
		t.Fatalf("the matrix was read on the UI goroutine before the queue ran: %+v", rows)
	}
	q.settle(t, w)
	rows := w.progressView.Rows()
	if len(rows) != 1 || rows[0].Person != "ana" || rows[0].Done != 1 {
		t.Fatalf("progress rows %+v, want ana with 1 done", rows)
	}
	w.progressWin.Close()
}
