package postgres

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// lastHistoryBefore is the before state of the newest history row of id.
func lastHistoryBefore(t *testing.T, owner *DB, id string) (action string, before *annotationRecord) {
	t.Helper()
	var b []byte
	err := owner.pool.QueryRow(context.Background(), `SELECT action, before::text FROM history WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, id).Scan(&action, &b)
	if err != nil {
		t.Fatal(err)
	}
	if b == nil {
		return action, nil
	}
	before = &annotationRecord{}
	if err := json.Unmarshal(b, before); err != nil {
		t.Fatal(err)
	}
	return action, before
}

// stored is annotation id as the server holds it, with its hist.
func stored(t *testing.T, owner *DB, id string) annotationRecord {
	t.Helper()
	ctx := context.Background()
	var rec annotationRecord
	err := pgx.BeginFunc(ctx, owner.pool, func(tx pgx.Tx) error {
		a, hist, err := lockAnnotation(ctx, tx, id)
		if err != nil {
			return err
		}
		rec.Annotation = *a
		if hist != nil {
			rec.Hist = *hist
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestOneTripEditsRecordTheRowAsItWas: ann's relabel, note and deletion
// of her span go in one round trip each, from the state her handle wrote
// last; every history row holds the row exactly as the server had it
// before the edit, even after the row was changed behind her handle's
// back (then the edit goes the long way), and bob hears of each edit.
// Undoing all of them brings back each state in turn.
func TestOneTripEditsRecordTheRowAsItWas(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	ann := as["ann"]
	bobCh := watch(t, as["bob"])
	heard := func(what string) {
		t.Helper()
		waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "ann"}, 2*time.Second)
	}
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas"), Attributes: map[string]any{"certainty": 2}}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	heard("create")
	var states []annotationRecord // each state before an edit, oldest first
	edit := func(what string, oneTrip bool, do func() error) {
		t.Helper()
		if _, known := ann.states.get(a.ID); known != oneTrip {
			t.Fatalf("%s: ann's handle knows the stored state: %v, want %v", what, known, oneTrip)
		}
		was := stored(t, owner, a.ID)
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		_, before := lastHistoryBefore(t, owner, a.ID)
		kept := was
		kept.DocID = 0 // not in the JSON: the history row has a column of its own
		if before == nil || !reflect.DeepEqual(*before, kept) {
			t.Fatalf("%s: history before state\n %+v\nwant the stored row\n %+v", what, before, was)
		}
		states = append(states, was)
		heard(what)
	}
	edit("relabel", true, func() error {
		a.Label = "CLAIM"
		return ann.UpdateAnnotation(ctx, a)
	})
	edit("note", true, func() error {
		a.Note = "check the source"
		return ann.UpdateAnnotation(ctx, a)
	})
	// The owner changes the label with plain SQL, keeping updated_at:
	// ann's handle does not know, and its guarded write must not take its
	// remembered state for the row's.
	if _, err := owner.pool.Exec(ctx, `UPDATE annotations SET label = 'EVENT' WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	edit("relabel after a change behind the handle", true, func() error {
		a.Label = "ACTOR"
		return ann.UpdateAnnotation(ctx, a)
	})
	if got := states[len(states)-1].Label; got != "EVENT" {
		t.Fatalf("the row before the last relabel: %q, want the owner's EVENT", got)
	}
	edit("delete", true, func() error { return ann.DeleteAnnotation(ctx, a.ID, "ann") })
	if _, err := ann.Annotation(ctx, a.ID); err == nil {
		t.Fatal("the annotation is still there after its deletion")
	}
	// Undo, newest first: each step restores the state before it.
	for i := len(states) - 1; i >= 0; i-- {
		if _, err := ann.Undo(ctx, "ann"); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		got := stored(t, owner, a.ID)
		want := states[i]
		// Undo stamps the row anew; the rest is the state before.
		want.UpdatedAt = got.UpdatedAt
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after undo %d:\n %+v\nwant\n %+v", i, got, want)
		}
	}
}

// TestOneTripMissKeepsTheConnection: a one-trip edit whose guarded write
// finds the row changed is undone on the server and done the long way,
// on the same connection (a pool of one): the failed transaction was
// ended, not left for the pool to close.
func TestOneTripMissKeepsTheConnection(t *testing.T) {
	ctx := context.Background()
	owner, doc, _, urls := team(t, map[string]string{"ann": KindAnnotator})
	ann, err := Open(ctx, urls["ann"]+"&pool_max_conns=1")
	if err != nil {
		t.Fatal(err)
	}
	defer ann.Close()
	pid := func() uint32 {
		var p uint32
		if err := ann.pool.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	first := pid()
	if _, err := owner.pool.Exec(ctx, `UPDATE annotations SET note = 'owner' WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	a.Label = "CLAIM"
	if err := ann.UpdateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	// The long way writes the caller's copy (its updated_at is still the
	// stored one), and its history row keeps the owner's note.
	if got := stored(t, owner, a.ID); got.Label != "CLAIM" {
		t.Fatalf("after the relabel: label %q, want CLAIM", got.Label)
	}
	if _, before := lastHistoryBefore(t, owner, a.ID); before == nil || before.Note != "owner" || before.Label != "ACTOR" {
		t.Fatalf("the relabel's history row: before %+v, want ACTOR with the owner's note", before)
	}
	if p := pid(); p != first {
		t.Fatalf("the connection changed (server process %d, then %d): the failed one-trip transaction was left open", first, p)
	}
}

// TestDeferredNotificationsWaitForTheFlush: in a transaction that defers
// its notifications (as one-trip edits do), a listener hears nothing at
// the commit, and exactly the committed change once margin_flush_changes
// runs; a rolled-back transaction's change is never sent.
func TestDeferredNotificationsWaitForTheFlush(t *testing.T) {
	ctx := context.Background()
	_, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	bobCh := watch(t, as["bob"])
	c, err := pgx.Connect(ctx, urls["ann"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	insert := func(tx pgx.Tx, id string) {
		t.Helper()
		if _, err := tx.Exec(ctx, `SET LOCAL margin.defer_changes = 'on'`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO annotators (name, created_at) VALUES ('ann', now()) ON CONFLICT DO NOTHING`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO annotations (id, doc_id, annotator, label, start_cp, end_cp, text, created_at, updated_at)
			VALUES ($1, $2, 'ann', 'ACTOR', 0, 5, 'Hamas', now(), now())`, id, doc); err != nil {
			t.Fatal(err)
		}
	}
	flush := func() int {
		t.Helper()
		var n int
		if err := c.QueryRow(ctx, `SELECT margin_flush_changes()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	insert(tx, newID())
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n := flush(); n != 0 {
		t.Fatalf("flush after a rollback sent %d notifications, want 0", n)
	}
	if err := pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error { insert(tx, newID()); return nil }); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-bobCh:
		t.Fatalf("bob heard %+v before the flush", ev)
	case <-time.After(300 * time.Millisecond):
	}
	if n := flush(); n != 1 {
		t.Fatalf("flush after the commit sent %d notifications, want 1", n)
	}
	waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "ann"}, 2*time.Second)
	if n := flush(); n != 0 {
		t.Fatalf("a second flush sent %d notifications, want 0", n)
	}
}
