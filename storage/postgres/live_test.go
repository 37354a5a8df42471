package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// watch subscribes to s's changes for the rest of the test.
func watch(t *testing.T, s *DB) <-chan model.ChangeEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan model.ChangeEvent, 100)
	if err := s.WatchChanges(ctx, func(ev model.ChangeEvent) { ch <- ev }); err != nil {
		t.Fatal(err)
	}
	// The first event says the listener is connected.
	select {
	case ev := <-ch:
		if !ev.Online || len(ev.Changes) != 0 {
			t.Fatalf("first event: %+v", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the listener did not connect within 5 s")
	}
	return ch
}

// waitChange waits up to within for a change matching want and returns
// the events seen before it.
func waitChange(t *testing.T, ch <-chan model.ChangeEvent, want model.Change, within time.Duration) []model.ChangeEvent {
	t.Helper()
	var seen []model.ChangeEvent
	deadline := time.After(within)
	for {
		select {
		case ev := <-ch:
			// The connection is not lost meanwhile (a wait for the next
			// notification that times out must keep it).
			if !ev.Online {
				t.Fatalf("the listener went offline while waiting for %s; saw %+v", changeString(want), seen)
			}
			for _, c := range ev.Changes {
				if c == want {
					return seen
				}
			}
			seen = append(seen, ev)
		case <-deadline:
			t.Fatalf("no %s within %v; saw %+v", changeString(want), within, seen)
		}
	}
}

// TestColleaguesEditArrivesWithinASecond: ann and bob, each connected as
// their own role, watch the project; what one commits reaches the other
// within a second, kind by kind, and neither hears of their own writes.
func TestColleaguesEditArrivesWithinASecond(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	sc := &model.Schema{AllowOverlap: true,
		Labels:       []model.Label{{Name: "ACTOR", Color: "#3366cc"}, {Name: "CLAIM", Color: "#cc6633"}},
		Relations:    []model.RelationType{{Name: "claimed_by", From: []string{"CLAIM"}, To: []string{"ACTOR"}}},
		DocLabelSets: []model.DocLabelSet{{Name: "topic", Values: []string{"ceasefire", "aid"}}}}
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	annCh, bobCh := watch(t, as["ann"]), watch(t, as["bob"])

	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "ann"}, time.Second)
	b := &model.Annotation{DocID: doc, Annotator: "ann", Label: "CLAIM", Fragments: span("Israel agreed")}
	if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	if err := as["ann"].CreateRelation(ctx, &model.Relation{DocID: doc, Annotator: "ann", Type: "claimed_by", From: b.ID, To: a.ID}); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeRelation, Layer: "ann"}, time.Second)
	if err := as["bob"].SetStatus(ctx, doc, "bob", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	// ann hears bob's status; her own two creates, committed before it,
	// would have come first (notifications arrive in commit order).
	seen := waitChange(t, annCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "bob"}, time.Second)
	for _, ev := range seen {
		for _, c := range ev.Changes {
			if c.Layer == "ann" {
				t.Fatalf("ann was told of her own write: %+v", seen)
			}
		}
	}
	if err := as["bob"].SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: "bob", Set: "topic", Value: "ceasefire"}); err != nil {
		t.Fatal(err)
	}
	waitChange(t, annCh, model.Change{DocID: doc, Kind: model.ChangeDocLabel, Layer: "bob"}, time.Second)
	// The lead's (here the owner's) schema and documents.
	sc.Labels[0].Color = "#3366dd"
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	waitChange(t, annCh, model.Change{Kind: model.ChangeSchema}, time.Second)
	if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "second", Text: "Talks resumed in Doha."}}}); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{Kind: model.ChangeDocument}, time.Second)
}

// TestListenerReconnects: the server ends the listener's session (as a
// restart does); subscribers hear "offline", then "online" with a
// ChangeAll, and changes arrive again.
func TestListenerReconnects(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	bobCh := watch(t, as["bob"])
	admin, err := pgx.Connect(ctx, pgtest.ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var role string
	for _, m := range mustMembers(t, owner) {
		if m.Person == "bob" {
			role = m.Role
		}
	}
	var n int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1 AND query ILIKE 'LISTEN%'`, role).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminate bob's listener: %d sessions, %v", n, err)
	}
	offline := false
	deadline := time.After(10 * time.Second)
	for {
		var ev model.ChangeEvent
		select {
		case ev = <-bobCh:
		case <-deadline:
			t.Fatalf("no reconnection within 10 s (offline seen: %v)", offline)
		}
		if !ev.Online {
			offline = true
			continue
		}
		if offline && len(ev.Changes) == 1 && ev.Changes[0].Kind == model.ChangeAll {
			break
		}
	}
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "ann"}, time.Second)
}

func mustMembers(t *testing.T, s *DB) []Member {
	t.Helper()
	ms, err := s.Members(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestEditIDAppliesOnce: an edit sent twice with its id (a replay after a
// commit whose answer was lost) is written once; the second send says it
// was applied.
func TestEditIDAppliesOnce(t *testing.T) {
	ctx := context.Background()
	_, doc, as, _ := team(t, map[string]string{"ann": KindAnnotator})
	ectx := model.WithEditID(ctx, "7d1f0a4e-1111-4e4e-9a9a-000000000001")
	a := &model.Annotation{ID: "0190a000-0000-7000-8000-000000000001", DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(ectx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	again := &model.Annotation{ID: "0190a000-0000-7000-8000-000000000001", DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(ectx, []*model.Annotation{again}); !errors.Is(err, model.ErrAlreadyApplied) {
		t.Fatalf("second send: %v", err)
	}
	if err := as["ann"].SetStatus(model.WithEditID(ctx, "7d1f0a4e-1111-4e4e-9a9a-000000000002"), doc, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := as["ann"].SetStatus(model.WithEditID(ctx, "7d1f0a4e-1111-4e4e-9a9a-000000000002"), doc, "ann", model.StatusTodo); !errors.Is(err, model.ErrAlreadyApplied) {
		t.Fatalf("second send of the status: %v", err)
	}
	anns, err := as["ann"].Annotations(ctx, doc, "ann")
	if err != nil || len(anns) != 1 {
		t.Fatalf("annotations: %d, %v", len(anns), err)
	}
	st, _ := as["ann"].Statuses(ctx)
	if st[doc]["ann"] != model.StatusDone {
		t.Fatalf("status after the replay: %v", st[doc]["ann"])
	}
}
