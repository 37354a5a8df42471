package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestLeadTeamAddOwnerNameAndDocsQueue follows README's team section as
// issue 17's tester did: the member added with --role lead runs `margin
// team add` (the server creates the role; a curator is refused); the
// owner's `margin assign` records the owner's database role as who
// assigned, not the computer's user; `margin docs` as the annotator lists
// her queue, --all every document.
func TestLeadTeamAddOwnerNameAndDocsQueue(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	lead := teamMember(t, u, "lea", "lead")
	cara := teamMember(t, u, "cara", "curator")

	out, err := run(t, "team", "add", lead, "--name", "ann", "--role", "annotator")
	if err != nil {
		t.Fatalf("the lead's team add: %v\n%s", err, out)
	}
	annURL, role := addedMember(t, out)
	t.Cleanup(func() { pgtest.DropRole(t, u, role) })
	if _, err := run(t, "team", "add", cara, "--name", "eve", "--role", "lead"); !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("a curator's team add: want the server's refusal, got %v", err)
	}

	mustRun(t, "assign", u, "--docs", "1,3", "--to", "ann")
	c, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var by, owner string
	if err := c.QueryRow(context.Background(), `SELECT min(assigned_by), current_user FROM assignments`).Scan(&by, &owner); err != nil {
		t.Fatal(err)
	}
	if by != owner {
		t.Fatalf("assigned_by %q, want the owner's role %q", by, owner)
	}

	ids := func(args ...string) []int64 {
		var list []struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, append([]string{"docs", annURL, "--json"}, args...)...)), &list); err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, d := range list {
			out = append(out, d.ID)
		}
		return out
	}
	if got := ids(); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Fatalf("ann's margin docs: %v, want her queue [1 3]", got)
	}
	if got := ids("--all"); len(got) != 3 {
		t.Fatalf("ann's margin docs --all: %v, want the 3 documents", got)
	}
}
