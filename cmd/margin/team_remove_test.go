package main

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestLeadTeamRemoveKeepsTheLayer follows README's team section: lead
// lea removes annotator bob with `margin team remove`; bob's next command
// is refused at login, in words; the team list no longer has him, and
// his imported layer is all still there. lea changes cara's role with
// `margin team role`, and is refused the removal of the owner and
// `margin team harden`, which the superuser runs.
func TestLeadTeamRemoveKeepsTheLayer(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	bob := teamMember(t, u, "bob", "annotator")
	lea := teamMember(t, u, "lea", "lead")
	teamMember(t, u, "cara", "curator")
	docs, spans := docCounts(t, u)
	if spans == 0 {
		t.Fatal("the import gave bob no spans")
	}
	if _, got := docCounts(t, bob); got != spans {
		t.Fatalf("bob reads %d spans, want %d", got, spans)
	}

	out := mustRun(t, "team", "remove", lea, "--name", "bob")
	if !strings.Contains(out, "removed bob (annotator)") || !strings.Contains(out, "dropped; bob's layer is kept") {
		t.Fatalf("team remove printed:\n%s", out)
	}
	_, err := run(t, "docs", bob)
	if !errors.Is(err, postgres.ErrLoginRefused) || !strings.Contains(err.Error(), "the member was removed from the team") || strings.Contains(err.Error(), "SQLSTATE") {
		t.Fatalf("bob's command after his removal: %v", err)
	}
	if d, got := docCounts(t, u); d != docs || got != spans {
		t.Fatalf("after bob's removal: %d documents, %d spans; want %d, %d", d, got, docs, spans)
	}
	list := mustRun(t, "team", "list", lea)
	if strings.Contains(list, "bob") || !strings.Contains(list, "cara") {
		t.Fatalf("team list after the removal:\n%s", list)
	}

	mustRun(t, "team", "role", lea, "--name", "cara", "--role", "annotator")
	if list := mustRun(t, "team", "list", u); !listed(list, "cara", "annotator") {
		t.Fatalf("team list after cara's role change:\n%s", list)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	owner := parsed.User.Username()
	if _, err := run(t, "team", "remove", lea, "--name", owner); !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("the lead removing the owner %s: want the server's refusal, got %v", owner, err)
	}
	if _, err := run(t, "team", "harden", lea); !errors.Is(err, postgres.ErrNeedsSuperuser) {
		t.Fatalf("the lead's team harden: want ErrNeedsSuperuser, got %v", err)
	}
	if out := mustRun(t, "team", "harden", u); !strings.Contains(out, "revoked from the team") {
		t.Fatalf("team harden printed:\n%s", out)
	}
}

// listed says whether team list's output has a row for name with role.
func listed(list, name, role string) bool {
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name && f[1] == role {
			return true
		}
	}
	return false
}
