package postgres

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestUpgradeGivesExistingMembersTheTeamRights: a project made before
// the team migration (assignments, blind mode), with a lead and an
// annotator added then, is upgraded by its owner's next open; the
// members added before then read assignments and blind mode, the lead
// assigns and turns blind mode on, and the annotator may do neither.
func TestUpgradeGivesExistingMembersTheTeamRights(t *testing.T) {
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var db string
	if err := c.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	// The migrations before the team one only, as an older Margin left
	// the project (found by name: numbers change when branches merge).
	if _, err := c.Exec(ctx, `CREATE TABLE margin_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names := migrationNames()
	team := -1
	for i, name := range names {
		if strings.HasSuffix(name, "_team.sql") {
			team = i
		}
	}
	if team < 0 {
		t.Fatalf("no team migration among %v", names)
	}
	for i, name := range names[:team] {
		body, err := fs.ReadFile(migrations, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := c.Exec(ctx, `INSERT INTO margin_migrations VALUES ($1, $2, now())`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Exec(ctx, `INSERT INTO project (key, value) VALUES ('application', 'margin')`); err != nil {
		t.Fatal(err)
	}
	urls := map[string]string{}
	for person, kind := range map[string]string{"ann": KindAnnotator, "lea": KindLead} {
		m := Member{Role: db + "_" + person, Person: person, Kind: kind}
		if _, err := c.Exec(ctx, `SELECT margin_add_member($1, $2, $3, 'pw-'||$2)`, m.Role, person, kind); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pgtest.DropRole(t, u, m.Role) })
		if urls[person], err = MemberURL(u, m, "pw-"+person); err != nil {
			t.Fatal(err)
		}
	}
	owner, err := Open(ctx, u) // applies the team migration
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	res, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: rolesText}}})
	if err != nil {
		t.Fatal(err)
	}
	as := map[string]*DB{}
	for person, mu := range urls {
		if as[person], err = Open(ctx, mu); err != nil {
			t.Fatalf("%s after the upgrade: %v", person, err)
		}
		defer as[person].Close()
	}
	if n, err := as["lea"].Assign(ctx, []int64{res[0].DocID}, "ann", "lea"); err != nil || n != 1 {
		t.Fatalf("the lead assigning after the upgrade: %d %v", n, err)
	}
	if err := as["lea"].SetBlind(ctx, true); err != nil {
		t.Fatalf("the lead turning blind mode on after the upgrade: %v", err)
	}
	asg, err := as["ann"].Assignments(ctx)
	if err != nil || len(asg["ann"]) != 1 {
		t.Fatalf("ann reading her assignments after the upgrade: %v %v", asg, err)
	}
	if on, err := as["ann"].Blind(ctx); err != nil || !on {
		t.Fatalf("ann reading blind mode after the upgrade: %v %v", on, err)
	}
	// Blind mode's private channels (006) serve members added before
	// them: the lead hears ann's status live.
	leaCh := watch(t, as["lea"])
	if err := as["ann"].SetStatus(ctx, res[0].DocID, "ann", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	waitChange(t, leaCh, model.Change{DocID: res[0].DocID, Kind: model.ChangeStatus, Layer: "ann"}, time.Second)
	_, err = as["ann"].Assign(ctx, []int64{res[0].DocID}, "ann", "ann")
	refused(t, "ann assigning after the upgrade", err)
	refused(t, "ann turning blind mode off after the upgrade", as["ann"].SetBlind(ctx, false))
	// Suggestions (016) serve members added before them.
	if n, err := as["ann"].AddSuggestions(ctx, model.SuggestionBatch{DocID: res[0].DocID, Recommender: "strings", Items: []model.Suggestion{
		{Label: "ACTOR", Fragments: span("Hamas"), Score: 1}}}); err != nil || n != 1 {
		t.Fatalf("ann storing a suggestion after the upgrade: %d %v", n, err)
	}
	if err := as["lea"].SaveModel(ctx, &model.RecommenderModel{Recommender: "strings", Kind: "strings", Data: []byte("{}")}); err != nil {
		t.Fatalf("the lead saving a model after the upgrade: %v", err)
	}
}
