package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// teamMember adds a member with `margin team add` and returns the URL it
// printed for them (their role is dropped when the test ends).
func teamMember(t *testing.T, u, name, kind string) string {
	t.Helper()
	memberURL, role := addedMember(t, mustRun(t, "team", "add", u, "--name", name, "--role", kind))
	t.Cleanup(func() { pgtest.DropRole(t, u, role) })
	return memberURL
}

// addedMember reads what `margin team add` printed: the URL the member
// connects with and their database role.
func addedMember(t *testing.T, out string) (memberURL, role string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "they connect with: "); ok {
			memberURL = rest
		}
		if _, r, ok := strings.Cut(line, "database role "); ok {
			role = r
		}
	}
	if memberURL == "" || role == "" {
		t.Fatalf("team add printed:\n%s", out)
	}
	return memberURL, role
}

// docCounts is how many documents and annotations `margin docs` lists.
func docCounts(t *testing.T, project string) (docs, annotations int) {
	t.Helper()
	var list []struct {
		Annotations int `json:"annotations"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "docs", project, "--json")), &list); err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		annotations += d.Annotations
	}
	return len(list), annotations
}

func annotationCount(t *testing.T, project string) int {
	t.Helper()
	_, n := docCounts(t, project)
	return n
}

// TestPushPullAsTeamMember: an annotator pulls the server project into a
// new file (brat files imported on the server), annotates offline,
// pushes back (twice: the second changes nothing); a push that also
// carries a change to a colleague's layer is refused by the server and
// writes nothing, not even the annotator's own new span; arguments the
// commands do not understand are refused with what to do.
func TestPushPullAsTeamMember(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	annURL := teamMember(t, u, "ann", "annotator")
	file := filepath.Join(t.TempDir(), "train.margin")

	out := mustRun(t, "pull", annURL, file)
	if !strings.Contains(out, "3 new documents, 31 new annotations") {
		t.Fatalf("pull into a new file:\n%s", out)
	}
	if out := mustRun(t, "pull", annURL, file); !strings.Contains(out, "0 new documents, 0 new annotations, 0 updated, 0 relations, 0 document labels") {
		t.Fatalf("a second pull:\n%s", out)
	}
	mustRun(t, "annotate", file, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "ann")
	if out := mustRun(t, "push", file, annURL); !strings.Contains(out, "0 new documents, 1 new annotations, 0 updated") {
		t.Fatalf("push:\n%s", out)
	}
	if out := mustRun(t, "push", file, annURL); !strings.Contains(out, "0 new documents, 0 new annotations, 0 updated, 0 relations, 0 document labels") {
		t.Fatalf("a second push:\n%s", out)
	}
	if n := annotationCount(t, u); n != 32 {
		t.Fatalf("server has %d annotations after the push, want 31 + 1", n)
	}

	// Offline, ann also annotates "in bob's layer" (a file has no roles):
	// the server refuses that push whole.
	mustRun(t, "annotate", file, "--doc", "2", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "ann")
	mustRun(t, "annotate", file, "--doc", "2", "--label", "Protein", "--start", "4", "--end", "8", "--annotator", "bob")
	_, err := run(t, "push", file, annURL)
	if !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("pushing into bob's layer as ann: %v, want refused by the server", err)
	}
	if n := annotationCount(t, u); n != 32 {
		t.Fatalf("a refused push left %d annotations on the server, want 32", n)
	}
	// Her own layer alone goes through.
	if out := mustRun(t, "push", file, annURL, "--annotator", "ann"); !strings.Contains(out, "1 new annotations") {
		t.Fatalf("push --annotator ann:\n%s", out)
	}

	if _, err := run(t, "push", annURL, file); !errors.Is(err, ErrTransferArgs) || !strings.Contains(err.Error(), "usage: margin push FILE.margin URL") {
		t.Fatalf("push with the arguments swapped: %v", err)
	}
	if _, err := run(t, "pull", file, annURL); !errors.Is(err, ErrTransferArgs) {
		t.Fatalf("pull with the arguments swapped: %v", err)
	}
	other := filepath.Join(t.TempDir(), "none.margin")
	if _, err := run(t, "pull", annURL, other, "--annotator", "nobody"); err == nil || !strings.Contains(err.Error(), `no such layer "nobody"`) {
		t.Fatalf("pull of a layer the server lacks: %v", err)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Fatalf("a failed pull left %s: %v", other, err)
	}
	for _, c := range []string{"push", "pull"} {
		if help := mustRun(t, c, "--help"); !strings.Contains(help, "one transaction") || !strings.Contains(help, "--annotator") {
			t.Fatalf("%s --help:\n%s", c, help)
		}
	}
}

// TestAnnotatorNameFromTeamRole: connected as a member's role, a command
// writes in that member's layer without --annotator, whatever
// MARGIN_ANNOTATOR and the OS user say.
func TestAnnotatorNameFromTeamRole(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "zed")
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	annURL := teamMember(t, u, "ann", "annotator")
	id := strings.TrimSpace(mustRun(t, "annotate", annURL, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3"))
	db, err := postgres.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Annotation(context.Background(), id)
	if err != nil || a.Annotator != "ann" {
		t.Fatalf("annotation %q made as ann's role: %+v %v", id, a, err)
	}
	if db.Person() != "" {
		t.Fatalf("the owner's connection is member %q", db.Person())
	}
}

// TestPushPullCarryStatuses: statuses travel with the layers, the newer
// winning as edits do. ann pulls, marks a document done offline and
// pushes: the server (the lead's progress) says done; a second push
// carries nothing; she reopens it on the server later, and her next pull
// brings the newer "in progress" into the file. bob's status on the
// server is not hers to push.
func TestPushPullCarryStatuses(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	annURL := teamMember(t, u, "ann", "annotator")
	mustRun(t, "status", u, "--doc", "1", "--annotator", "bob", "--set", "done")
	file := filepath.Join(t.TempDir(), "train.margin")
	if out := mustRun(t, "pull", annURL, file); !strings.Contains(out, "1 document status") {
		t.Fatalf("pull: bob's status not carried:\n%s", out)
	}
	out := mustRun(t, "status", file, "--doc", "2", "--annotator", "ann", "--set", "done")
	if !strings.Contains(out, "document 2 (") || !strings.Contains(out, "ann's status is now done") {
		t.Fatalf("status --set said: %q", out)
	}
	if out := mustRun(t, "push", file, annURL, "--annotator", "ann"); !strings.Contains(out, "1 document status") {
		t.Fatalf("push did not carry ann's status:\n%s", out)
	}
	statusOn := func(project string, doc int, who string) string {
		t.Helper()
		var rows []struct {
			ID       int               `json:"id"`
			Statuses map[string]string `json:"statuses"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, "status", project, "--json")), &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.ID == doc {
				return r.Statuses[who]
			}
		}
		return ""
	}
	if got := statusOn(u, 2, "ann"); got != "done" {
		t.Fatalf("ann's status of document 2 on the server after her push: %q", got)
	}
	if out := mustRun(t, "push", file, annURL, "--annotator", "ann"); strings.Contains(out, "statuses") {
		t.Fatalf("a second push carried statuses again:\n%s", out)
	}
	if out := mustRun(t, "pull", annURL, file); strings.Contains(out, "statuses") {
		t.Fatalf("a pull right after the push carried statuses:\n%s", out)
	}
	// Reopened on the server later: the newer status wins in the file.
	mustRun(t, "status", annURL, "--doc", "2", "--set", "in_progress")
	if out := mustRun(t, "pull", annURL, file); !strings.Contains(out, "1 document status") {
		t.Fatalf("pull after reopening on the server:\n%s", out)
	}
	if got := statusOn(file, 2, "ann"); got != "in_progress" {
		t.Fatalf("the file after the pull: ann's status of document 2 is %q", got)
	}
	// An older status in the file does not overwrite the server's newer
	// one (a push of everything is refused for bob's layer anyway).
	if out := mustRun(t, "push", file, annURL, "--annotator", "ann"); strings.Contains(out, "statuses") {
		t.Fatalf("the file's older status was pushed over the server's:\n%s", out)
	}
}
