package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestBlindModeLeaksClosed: in blind mode, annotator bob tries on his own
// connection (as psql would) what counts ann's work. The sequences' last
// values are closed by the project itself (migration 011) and the
// planner's statistics by row-level security; the statistics views and
// size functions are open until a superuser runs Harden, then refused.
// Both annotators still open and write, and Harden refuses a
// non-superuser and may run twice.
func TestBlindModeLeaksClosed(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	owner, doc, as, urls := teamAt(t, u, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"Hamas", "Israel", "Gaza"} {
		if err := as["ann"].CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span(sub)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := owner.pool.Exec(ctx, `ANALYZE annotations`); err != nil {
		t.Fatal(err)
	}
	bob, err := pgx.Connect(ctx, urls["bob"])
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close(context.Background())

	var last *int64
	if err := bob.QueryRow(ctx, `SELECT last_value FROM pg_sequences WHERE sequencename = 'history_seq_seq'`).Scan(&last); err != nil || last != nil {
		t.Fatalf("bob reads the history sequence's last value: %v (%v)", last, err)
	}
	var n int
	if err := bob.QueryRow(ctx, `SELECT count(*) FROM pg_stats WHERE tablename IN ('annotations', 'history')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("bob reads %d rows of the planner's statistics of the layers (%v)", n, err)
	}
	// Backends report their counts when idle, up to 10 s later.
	var inserted int64
	for deadline := time.Now().Add(15 * time.Second); inserted < 3 && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if err := bob.QueryRow(ctx, `SELECT pg_stat_clear_snapshot()::text, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'annotations'`).Scan(new(string), &inserted); err != nil {
			t.Fatal(err)
		}
	}
	if inserted < 3 {
		t.Fatalf("before Harden: bob counts %d inserts; the leak Harden closes should be there", inserted)
	}

	refused := map[string]string{
		"table statistics":      `SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'annotations'`,
		"the function under it": `SELECT pg_stat_get_tuples_inserted('annotations'::regclass)`,
		"transaction counts":    `SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`,
		"function calls":        `SELECT count(*) FROM pg_stat_user_functions`,
		"sessions":              `SELECT count(*) FROM pg_stat_activity`,
		"locks":                 `SELECT count(*) FROM pg_locks`,
		"the table's size":      `SELECT pg_relation_size('annotations')`,
		"the database's size":   `SELECT pg_database_size(current_database())`,
		"the NOTIFY queue":      `SELECT pg_notification_queue_usage()::text`,
	}
	if err := Harden(ctx, urls["ann"]); !errors.Is(err, ErrNeedsSuperuser) {
		t.Fatalf("Harden as ann: want ErrNeedsSuperuser, got %v", err)
	}
	for range 2 {
		if err := Harden(ctx, u); err != nil {
			t.Fatalf("Harden as the superuser: %v", err)
		}
	}
	for what, q := range refused {
		var v any
		err := bob.QueryRow(ctx, q).Scan(&v)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("bob reading %s after Harden: %v (%v); want permission denied", what, v, err)
		}
	}
	var monitors bool
	if err := owner.pool.QueryRow(ctx, `SELECT has_table_privilege('pg_read_all_stats', 'pg_catalog.pg_stat_user_tables', 'SELECT')`).Scan(&monitors); err != nil || !monitors {
		t.Fatalf("pg_read_all_stats lost the statistics: %v %v", monitors, err)
	}
	again, err := Open(ctx, urls["bob"])
	if err != nil {
		t.Fatalf("bob opening the project after Harden: %v", err)
	}
	defer again.Close()
	if err := again.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Hamas")}}); err != nil {
		t.Fatalf("bob writing after Harden: %v", err)
	}
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatalf("ann writing after Harden: %v", err)
	}
}

// TestBlindModeHidesColleaguesStatuses: in blind mode annotator ann
// reads her own document statuses and not bob's, through the store and
// on her own connection (as psql would); a curator still reads both,
// and with blind mode off ann reads bob's again. The walk found bob's
// "done" in ann's `margin progress`, psql and person filter.
func TestBlindModeHidesColleaguesStatuses(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	owner, doc, as, urls := teamAt(t, u, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cy": KindCurator})
	for _, who := range []string{"ann", "bob"} {
		if err := as[who].SetStatus(ctx, doc, who, model.StatusDone); err != nil {
			t.Fatal(err)
		}
	}
	people := func(who string) map[string]model.Status {
		t.Helper()
		st, err := as[who].Statuses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st[doc]
	}
	if got := people("ann"); len(got) != 2 {
		t.Fatalf("outside blind mode ann reads the statuses %v, want ann's and bob's", got)
	}
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := people("ann"); len(got) != 1 || got["ann"] != model.StatusDone {
		t.Fatalf("in blind mode ann reads the statuses %v, want her own only", got)
	}
	if got := people("cy"); len(got) != 2 {
		t.Fatalf("in blind mode the curator reads the statuses %v, want both", got)
	}
	ann, err := pgx.Connect(ctx, urls["ann"])
	if err != nil {
		t.Fatal(err)
	}
	defer ann.Close(context.Background())
	var n int
	if err := ann.QueryRow(ctx, `SELECT count(*) FROM doc_status WHERE annotator = 'bob'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("in blind mode ann's own connection reads %d of bob's statuses (%v)", n, err)
	}
	// Her own status still changes (the upsert reads her row).
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if err := owner.SetBlind(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got := people("ann"); len(got) != 2 || got["ann"] != model.StatusInProgress {
		t.Fatalf("blind mode off: ann reads the statuses %v, want both, hers in progress", got)
	}
}

// TestRefusalsNameTheMember: the refusals the walk found uneven. An
// annotator switching blind mode is told that only a lead may, by her
// member name (not "margin: only a lead … margin_…_ann is annotator");
// her assignment is refused in words (not PostgreSQL's "permission
// denied for table assignments"); a curator's refused write says what
// they are, not "the lead can tell you yours".
func TestRefusalsNameTheMember(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	_, doc, as, _ := teamAt(t, u, map[string]string{"ann": KindAnnotator, "cy": KindCurator})
	check := func(what string, err error, want string, not ...string) {
		t.Helper()
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: %v, want refused with %q", what, err, want)
		}
		for _, n := range not {
			if strings.Contains(err.Error(), n) {
				t.Fatalf("%s: %v says %q", what, err, n)
			}
		}
	}
	check("ann switches blind mode", as["ann"].SetBlind(ctx, true), "only a lead may turn blind mode on or off; ann is an annotator", "margin: only", "_ann is annotator")
	_, err := as["ann"].Assign(ctx, []int64{doc}, "ann", "ann")
	check("ann assigns a document", err, "only a lead may assign documents (you are an annotator in this team", "permission denied")
	_, err = as["ann"].AssignPerDoc(ctx, 1, "ann")
	check("ann assigns per document", err, "only a lead may assign documents", "permission denied")
	err = as["cy"].CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}})
	check("the curator writes in ann's layer", err, "you are a curator in this team", "the lead can tell you yours")
	_, err = as["ann"].ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "new", Text: "A new article."}}})
	check("ann imports a document", err, "only a lead may add, change or remove documents", "permission denied")
	sc, err := as["ann"].Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("ann changes the schema", as["ann"].SetSchema(ctx, sc, "ann"), "only a lead may change the schema", "permission denied")
	_, _, err = as["ann"].AddMember(ctx, "zed", KindAnnotator)
	check("ann adds a member", err, "only a lead may add members", "permission denied")
	_, err = as["ann"].RemoveMember(ctx, "cy")
	check("ann removes a member", err, "only a lead may remove members", "permission denied")
}
