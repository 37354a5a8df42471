package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestCommandsOnPostgresURL: a postgres:// URL works where a project
// path does: init, import (real brat files), docs, annotate, export,
// agreement, undo and check, on a fresh server database.
func TestCommandsOnPostgresURL(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	if _, err := run(t, "init", u); err == nil {
		t.Fatal("init over an existing project succeeded")
	}
	brat := realdata.Path(t, "brat/BioNLP-ST_2011_EPI")
	mustRun(t, "import", u, brat, "--format", "brat", "--annotator", "ann")
	mustRun(t, "import", u, brat, "--format", "brat", "--annotator", "bob")
	if docs, total := docCounts(t, u); docs != 3 || total != 62 {
		t.Fatalf("%d documents, %d annotations, want 3 documents and 2×31 annotations", docs, total)
	}
	id := strings.TrimSpace(mustRun(t, "annotate", u, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "cara"))
	if len(id) != 36 {
		t.Fatalf("annotate printed %q", id)
	}
	dst := t.TempDir() + "/all.jsonl"
	mustRun(t, "export", u, "--format", "jsonl", "--all", "-o", dst)
	if b, err := os.ReadFile(dst); err != nil || strings.Count(string(b), "\n") != 3 || !strings.Contains(string(b), `"annotator":"cara"`) {
		t.Fatalf("export: %v\n%s", err, b)
	}
	agr := mustRun(t, "agreement", u)
	if !strings.Contains(agr, "annotators: ann, bob, cara") {
		t.Fatalf("agreement:\n%s", agr)
	}
	undo := mustRun(t, "undo", u, "--annotator", "bob", "--yes")
	if !strings.Contains(undo, "removes 31 annotations in 3 documents") {
		t.Fatalf("undo:\n%s", undo)
	}
	if check := mustRun(t, "check", u); !strings.Contains(check, "32 annotations") {
		t.Fatalf("check after bob's undo: %s", check)
	}
	// A backup of the server project is a new project file with what the
	// server holds; an existing file is never overwritten.
	mustRun(t, "status", u, "--doc", "2", "--annotator", "ann", "--set", "done")
	copyPath := filepath.Join(t.TempDir(), "copy.margin")
	if out := mustRun(t, "backup", u, "-o", copyPath); !strings.Contains(out, "backed up") || !strings.Contains(out, "3 new documents, 32 new annotations") || !strings.Contains(out, "1 document status") {
		t.Fatalf("backup of a server project: %s", out)
	}
	if docs, total := docCounts(t, copyPath); docs != 3 || total != 32 {
		t.Fatalf("the backup has %d documents, %d annotations, want 3 and 32", docs, total)
	}
	if check := mustRun(t, "check", copyPath); !strings.Contains(check, "32 annotations") {
		t.Fatalf("check of the backup: %s", check)
	}
	before, _ := os.ReadFile(copyPath)
	if _, err := run(t, "backup", u, "-o", copyPath); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Fatalf("a backup over an existing file: %v", err)
	}
	if after, _ := os.ReadFile(copyPath); string(after) != string(before) {
		t.Fatal("a refused backup changed the existing file")
	}
	// Without -o: DATABASE-YYYYmmdd-HHMMSS.margin in the current folder.
	t.Chdir(t.TempDir())
	out := mustRun(t, "backup", u)
	name, _, _ := strings.Cut(strings.TrimPrefix(out[strings.Index(out, " to ")+4:], ""), " (")
	if _, err := os.Stat(name); err != nil || !strings.HasSuffix(name, ".margin") || filepath.Dir(name) != "." {
		t.Fatalf("backup without -o wrote %q (%v): %s", name, err, out)
	}
}

// TestTeamAddAndRefusal: `margin team add` prints a password once; the
// member connects with the printed URL, annotates their own layer, and
// the server refuses their command on a colleague's layer with a message
// that says why.
func TestTeamAddAndRefusal(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	out := mustRun(t, "team", "add", u, "--name", "ann", "--role", "annotator")
	annURL, role := addedMember(t, out)
	if !strings.Contains(out, "password (shown only now): ") {
		t.Fatalf("team add printed:\n%s", out)
	}
	t.Cleanup(func() { pgtest.DropRole(t, u, role) })
	if list := mustRun(t, "team", "list", u); !listed(list, "ann", "annotator") || !listed(list, ownerRole(t, u), "owner") {
		t.Fatalf("team list (ann, and the owner first):\n%s", list)
	}
	mustRun(t, "annotate", annURL, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "ann")
	_, err := run(t, "annotate", annURL, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "bob")
	if err == nil || !strings.Contains(err.Error(), "refused by the server") {
		t.Fatalf("ann annotating in bob's layer: %v", err)
	}
	if _, err := run(t, "undo", annURL, "--annotator", "bob", "--yes"); err == nil || !strings.Contains(err.Error(), "refused by the server") {
		t.Fatalf("ann undoing bob's import: %v", err)
	}
	if _, err := run(t, "team", "add", "p.margin", "--name", "x"); err == nil {
		t.Fatal("team add on a project file succeeded")
	}
}

// ownerRole is the role a server URL logs in as.
func ownerRole(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.User.Username()
}
