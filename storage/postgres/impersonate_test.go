package postgres

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// TestTemporaryTablesDoNotImpersonateTheTeam: an annotator's session may
// create temporary tables, which PostgreSQL finds before the project's
// when a name is not qualified. A temporary members (the annotator a
// lead) or team_settings (blind mode off) must change nothing the server
// decides (migration 012): bob's span stays refused to ann, blind mode
// stays the lead's to switch and hides bob's layer from her, and her
// channels stay an annotator's.
func TestTemporaryTablesDoNotImpersonateTheTeam(t *testing.T) {
	ctx := context.Background()
	owner, doc, as, urls := team(t, map[string]string{"ann": KindAnnotator, "bob": KindAnnotator})
	bobs := &model.Annotation{DocID: doc, Annotator: "bob", Label: "ACTOR", Fragments: span("Hamas")}
	if err := as["bob"].CreateAnnotations(ctx, []*model.Annotation{bobs}); err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, urls["ann"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var channels []string
	if err := c.QueryRow(ctx, `SELECT margin_listen_channels()`).Scan(&channels); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TEMP TABLE members (role text, person text, kind text, created_at timestamptz)`,
		`INSERT INTO members VALUES (current_user, 'ann', 'lead', now())`,
		`CREATE TEMP TABLE team_settings (key text PRIMARY KEY, value text)`,
		`INSERT INTO team_settings VALUES ('blind', 'off')`,
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}

	refusedSQL := func(what, q string, args ...any) {
		t.Helper()
		_, err := c.Exec(ctx, q, args...)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s with a temporary members table: want the server's refusal (42501), got %v", what, err)
		}
	}
	refusedSQL("ann relabels bob's span", `UPDATE annotations SET label = 'CLAIM' WHERE id = $1`, bobs.ID)
	refusedSQL("ann deletes bob's span", `DELETE FROM annotations WHERE id = $1`, bobs.ID)
	refusedSQL("ann writes a span in bob's layer", `INSERT INTO annotations (id, doc_id, annotator, label, start_cp, end_cp, text, attributes, note, created_at, updated_at)
		VALUES ('forged', $1, 'bob', 'ACTOR', 0, 5, 'Hamas', '{}', '', now(), now())`, doc)
	if err := owner.SetBlind(ctx, true); err != nil {
		t.Fatal(err)
	}
	refusedSQL("ann turns blind mode off", `SELECT margin_set_blind(false)`)

	var kind, visible string
	if err := c.QueryRow(ctx, `SELECT margin_kind(), (SELECT count(*) FROM annotations WHERE annotator = 'bob')::text`).Scan(&kind, &visible); err != nil {
		t.Fatal(err)
	}
	if kind != KindAnnotator || visible != "0" {
		t.Errorf("ann's kind %q and bob's spans she sees in blind mode %s, want %q and 0", kind, visible, KindAnnotator)
	}
	var now []string
	if err := c.QueryRow(ctx, `SELECT margin_listen_channels()`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(now, channels) {
		t.Errorf("ann's channels with a temporary members table %v, want hers %v", now, channels)
	}
	if got, err := owner.Annotation(ctx, bobs.ID); err != nil || got.Label != "ACTOR" {
		t.Errorf("bob's span after ann's attempts: %+v, %v; want it unchanged", got, err)
	}
}
