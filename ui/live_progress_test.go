package ui

import (
	"context"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestProgressWindowIsLive: the lead's Progress window (Ctrl+Shift+P)
// lists the curator, who has no layer yet, as `margin progress` does; a
// colleague's `margin status --set done` and a new assignment show in it
// without Refresh.
func TestProgressWindowIsLive(t *testing.T) {
	ctx := context.Background()
	ownerURL := pgtest.FreshDatabase(t)
	_, bobURL := liveTeam(t, ownerURL)
	lead, bob := queuedStore(t, ownerURL), openPG(t, bobURL)
	owner := openPG(t, ownerURL)
	cur, _, err := owner.AddMember(ctx, "cara", postgres.KindCurator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropRole(t, ownerURL, cur.Role) })
	w, posts := liveWindowAs(t, lead, "lead")
	listening(t, w, posts)
	w.ShowProgressMatrix()
	row := func(who string) *model.ProgressRow {
		if w.progressView == nil {
			return nil
		}
		for _, r := range w.progressView.Rows() {
			if r.Person == who {
				return &r
			}
		}
		return nil
	}
	pump(t, posts, 2*time.Second, "the matrix", func() bool { return row("bob") != nil })
	if row("cara") == nil {
		t.Fatalf("the curator has no row in the Progress window: %+v", w.progressView.Rows())
	}
	want, err := progressPeopleRows(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.progressView.Rows(); len(got) != len(want) {
		t.Fatalf("the window's rows %+v, margin progress's %+v", got, want)
	}
	if err := bob.SetStatus(ctx, w.doc.ID, "bob", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, time.Second, "bob's done in the open Progress window", func() bool {
		r := row("bob")
		return r != nil && r.Done == 1
	})
}

// progressPeopleRows is the matrix as `margin progress` reads it.
func progressPeopleRows(ctx context.Context, db *postgres.DB) ([]model.ProgressRow, error) {
	extra, err := db.ProgressPeople(ctx)
	if err != nil {
		return nil, err
	}
	return model.ProgressOf(ctx, db, extra)
}
