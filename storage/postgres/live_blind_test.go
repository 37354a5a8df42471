package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// eavesdrop is bob trying everything his role can to hear colleagues:
// his own connection (psql would do the same), LISTENing on the shared
// channel and on every channel the server tells him of.
func eavesdrop(t *testing.T, bobURL string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, bobURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	var channels []string
	if err := conn.QueryRow(ctx, `SELECT margin_listen_channels()`).Scan(&channels); err != nil {
		t.Fatal(err)
	}
	channels = append(channels, "margin_changes")
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			t.Fatal(err)
		}
	}
	// The secret the private channels' names come from is not his to
	// read, nor is the function that makes them his to call.
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM margin_listen_key`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("bob reads %d rows of margin_listen_key (%v)", n, err)
	}
	var ch string
	err = conn.QueryRow(ctx, `SELECT margin_channel('team')`).Scan(&ch)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
		t.Fatalf("bob calling margin_channel('team'): %q, %v; want permission denied", ch, err)
	}
	return conn
}

// firstHeard is the first notification conn receives within d.
func firstHeard(t *testing.T, conn *pgx.Conn, d time.Duration) *pgconn.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	n, err := conn.WaitForNotification(ctx)
	if err != nil {
		t.Fatalf("no notification within %v: %v", d, err)
	}
	return n
}

// TestBlindModeTellsAnnotatorsNothingOfColleagues: with blind mode on,
// ann's edits and status and the curator's gold span and verdict reach
// the curator within a second, and ann's own second window, but bob (an
// annotator) hears nothing of them, neither through his window's
// listener nor on his own connection LISTENing on every channel he can
// name: the first thing he hears is the lead's new document, which
// everyone may read. Off again, bob hears ann by name.
func TestBlindModeTellsAnnotatorsNothingOfColleagues(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator, "cur": KindCurator})
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	ann2, err := Open(ctx, urls["ann"]) // ann's second window
	if err != nil {
		t.Fatal(err)
	}
	defer ann2.Close()
	bobCh, curCh, ann2Ch := watch(t, as["bob"]), watch(t, as["cur"]), watch(t, ann2)
	raw := eavesdrop(t, urls["bob"])

	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["ann"].CreateAnnotations(model.WithEditID(ctx, "7d1f0a4e-2222-4e4e-9a9a-000000000001"), []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	waitChange(t, curCh, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "ann"}, time.Second)
	waitChange(t, ann2Ch, model.Change{DocID: doc, Kind: model.ChangeAnnotation, Layer: "ann"}, time.Second)
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	waitChange(t, curCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "ann"}, time.Second)
	gold := &model.Annotation{Label: "ACTOR", Fragments: span("Hamas")}
	v := &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur", Sources: []model.SourceRef{{ID: a.ID}}}
	if err := as["cur"].Curate(ctx, v, gold); err != nil {
		t.Fatal(err)
	}
	ownerCh := watch(t, owner)
	if err := as["cur"].SetStatus(ctx, doc, "cur", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	waitChange(t, ownerCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "cur"}, time.Second)

	// Nor can he read the channels off the curator's or ann's sessions:
	// others' query text is hidden from him.
	var shown []string
	if err := raw.QueryRow(ctx, `SELECT COALESCE(array_agg(query), '{}') FROM pg_stat_activity WHERE usename <> current_user AND query ILIKE '%margin\_%'`).Scan(&shown); err != nil || len(shown) != 0 {
		t.Fatalf("bob reads others' sessions' statements: %q (%v)", shown, err)
	}
	// The edit ids, which tell when each role wrote, are ann's only.
	var n int
	if err := raw.QueryRow(ctx, `SELECT count(*) FROM margin_edits`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("bob reads %d of the team's edit ids (%v)", n, err)
	}
	if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "second", Text: "Talks resumed in Doha."}}}); err != nil {
		t.Fatal(err)
	}
	heard := firstHeard(t, raw, 5*time.Second)
	var p payload
	if err := json.Unmarshal([]byte(heard.Payload), &p); err != nil || p != (payload{Kind: "document"}) || heard.Channel != "margin_changes" {
		t.Fatalf("bob's first notification is %s on %s; want the new document (nothing of ann's or cur's before it)", heard.Payload, heard.Channel)
	}
	seen := waitChange(t, bobCh, model.Change{Kind: model.ChangeDocument}, 5*time.Second)
	if len(seen) != 0 {
		t.Fatalf("bob's window heard of colleagues in blind mode: %+v", seen)
	}

	// Blind mode off: everyone reloads (what they may read changed), and
	// ann's edits are heard by name again.
	if err := owner.SetBlind(ctx, false); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{Kind: model.ChangeAll}, time.Second)
	if err := as["ann"].SetStatus(ctx, doc, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	waitChange(t, bobCh, model.Change{DocID: doc, Kind: model.ChangeStatus, Layer: "ann"}, time.Second)
}
