package editctl

import (
	"context"
	"fmt"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// queuing is a store whose writes all end in an offline queue (as
// storage/offlinequeue's do while the server is out of reach): nothing
// reaches the project file.
type queuing struct{ *storage.DB }

func (queuing) CreateAnnotations(context.Context, []*model.Annotation) error {
	return fmt.Errorf("offline: 1 edits waiting: %w", model.ErrQueued)
}

func (queuing) SetStatus(context.Context, int64, string, model.Status) error {
	return fmt.Errorf("offline: 2 edits waiting: %w", model.ErrQueued)
}

// TestQueuedWriteStaysShownAndIsNotCalledSaved: a write the store queued
// is kept on screen like a saved one, and reported as queued, never as
// saved or failed.
func TestQueuedWriteStaysShownAndIsNotCalledSaved(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, queuing{db})
	ev := u.c.ev
	ev.Queued = func(msg string) { u.log = append(u.log, "queued "+msg) }
	u.c.SetEvents(ev)
	u.open(doc)
	u.c.Create("ACTOR", frag("Officials"), "labelled ACTOR")
	var statusErr error
	u.c.Write("status done", func(s model.Store) error { return s.SetStatus(context.Background(), doc, "ana", model.StatusDone) }, func(err error) { statusErr = err })
	u.settle()
	if got := shown(u.c); len(got) != 1 || got[0] != "ACTOR Officials" {
		t.Fatalf("shown after the queued create: %v", got)
	}
	if statusErr != nil {
		t.Fatalf("the queued status reached its caller as an error: %v", statusErr)
	}
	want := "[added ACTOR queued labelled ACTOR queued status done]"
	if fmt.Sprint(u.log) != want {
		t.Fatalf("events %v, want %s", u.log, want)
	}
	if got := stored(t, db, doc); len(got) != 0 {
		t.Fatalf("in the file: %v (the queue has them)", got)
	}
}
