package offlinequeue

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// TestQueueFileIsSyncedAndHeldByOneWindow: the queue file commits with
// synchronous=FULL (an edit said "queued" survives a power cut), and it
// is held by one window: a second window on the same project and role
// gets a file of its own instead of sharing (and reordering) the queue.
func TestQueueFileIsSyncedAndHeldByOneWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "offline", "x.queue")
	q, err := OpenQueue(path)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var sync int
	var mode string
	if err := q.db.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("synchronous = %d (%v), want 2 (FULL)", sync, err)
	}
	if err := q.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q (%v)", mode, err)
	}
	if err := q.push(edit{ID: "e1", Op: opSetStatus, DocID: 1, Annotator: "ann", Status: model.StatusDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := openFile(path); !errors.Is(err, ErrInUse) {
		t.Fatalf("second open of the file: %v, want ErrInUse", err)
	}
	// A second window gets a queue file of its own.
	q2, err := OpenQueue(path)
	if err != nil {
		t.Fatal(err)
	}
	defer q2.Close()
	if q2.Path() == path {
		t.Fatalf("the second window shares %s", path)
	}
	if n, err := q2.Count(context.Background()); err != nil || n != 0 {
		t.Fatalf("the second window's queue holds %d edits (%v)", n, err)
	}
}

// TestFileKeysServerDatabaseAndRole: one queue per server, database and
// role; the password is not part of the key (a changed password keeps
// the queue).
func TestFileKeysServerDatabaseAndRole(t *testing.T) {
	f := func(u string) string {
		p, err := File("/d", u)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := f("postgres://corpus_ann:pw1@db.lab:5432/corpus")
	if a != f("postgres://corpus_ann:other@db.lab:5432/corpus") {
		t.Fatal("the password changed the queue file")
	}
	for _, u := range []string{"postgres://corpus_bob:pw1@db.lab:5432/corpus", "postgres://corpus_ann:pw1@db.lab:5432/pilot", "postgres://corpus_ann:pw1@db2.lab:5432/corpus"} {
		if f(u) == a {
			t.Fatalf("%s shares ann's queue file", u)
		}
	}
}

// TestRefusedEditIsKeptAndReported: a queued edit the server refuses
// when it is sent (here: a relabel of a span deleted meanwhile) is not
// dropped: it stays in the file as refused, the state reports it once,
// and the edits after it are sent.
func TestRefusedEditIsKeptAndReported(t *testing.T) {
	ctx := context.Background()
	srv, _, annURL, doc := project(t)
	s := wrapped(t, annURL, t.TempDir())
	defer s.Close()
	refused := make(chan error, 10)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.WatchState(wctx, func(st State) {
		if st.Refused != nil {
			refused <- st.Refused
		}
	})
	srv.Stop(t)
	gone := &model.Annotation{ID: "0190a000-0000-7000-8000-0000000000d1", DocID: doc, Annotator: "ann", Label: "CLAIM", Fragments: at("Gaza")}
	queuedErr(t, "relabel of a span that is not there", s.UpdateAnnotationAs(ctx, gone, "ann"))
	queuedErr(t, "status", s.SetStatus(ctx, doc, "ann", model.StatusDone))
	srv.Start(t)
	select {
	case err := <-refused:
		if !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("refusal reported: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the refusal was not reported")
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.State().Waiting > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	list, err := s.Queue().Refused(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("refused edits in the file: %v %v", list, err)
	}
	st, err := s.Store.Statuses(ctx)
	if err != nil || st[doc]["ann"] != model.StatusDone {
		t.Fatalf("the edit after the refused one: %v %v", st, err)
	}
}
