package main

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// layerCount is how many annotations `margin export` writes for one
// annotator's layer of project (CSV: a header line, then a line each).
func layerCount(t *testing.T, project, who string) int {
	t.Helper()
	out := mustRun(t, "export", project, "--format", "csv", "--annotator", who)
	return strings.Count(strings.TrimSpace(out), "\n")
}

// TestMergeWithServerProjects: `margin merge` takes a server project on
// either side, with the merge's rules. A lead merges a colleague's file
// (real brat documents pulled from the server, annotated offline) into
// the server: the colleague's new spans arrive, the lead's own layer in
// that file is left out, and a second merge changes nothing. An
// annotator merging a colleague's layer is refused by the server and
// nothing is written. A server project merges into a file, and a server
// project into itself is refused.
func TestMergeWithServerProjects(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	leaURL := teamMember(t, u, "lea", "lead")
	annURL := teamMember(t, u, "ann", "annotator")

	cara := filepath.Join(t.TempDir(), "cara.margin")
	mustRun(t, "pull", u, cara)
	mustRun(t, "annotate", cara, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "cara")
	mustRun(t, "annotate", cara, "--doc", "2", "--label", "Protein", "--start", "4", "--end", "8", "--annotator", "cara")
	// What cara's copy holds "in lea's layer" never reaches lea's layer.
	mustRun(t, "annotate", cara, "--doc", "1", "--label", "Protein", "--start", "10", "--end", "14", "--annotator", "lea")

	out := mustRun(t, "merge", leaURL, cara)
	if !strings.Contains(out, "0 new documents, 2 new annotations, 0 updated") || !strings.Contains(out, "Your layer (lea) is kept as it is: 1 item of it in cara.margin not copied.") {
		t.Fatalf("lead merges cara's file into the server:\n%s", out)
	}
	if n := layerCount(t, u, "cara"); n != 2 {
		t.Fatalf("cara's layer on the server has %d spans, want 2", n)
	}
	if n := layerCount(t, u, "lea"); n != 0 {
		t.Fatalf("lea's own layer on the server has %d spans after her merge, want 0 (never changed)", n)
	}
	if out := mustRun(t, "merge", leaURL, cara); !strings.Contains(out, "0 new documents, 0 new annotations, 0 updated, 0 relations, 0 document labels") {
		t.Fatalf("the same merge again:\n%s", out)
	}

	// An annotator may not write cara's layer: the server refuses the
	// whole merge, ann's own new span in the file included.
	mustRun(t, "annotate", cara, "--doc", "3", "--label", "Protein", "--start", "0", "--end", "3", "--annotator", "cara")
	mustRun(t, "annotate", cara, "--doc", "3", "--label", "Protein", "--start", "5", "--end", "9", "--annotator", "bob")
	before := annotationCount(t, u)
	if _, err := run(t, "merge", annURL, cara); !errors.Is(err, postgres.ErrRefused) {
		t.Fatalf("annotator merging colleagues' layers: %v, want refused by the server", err)
	}
	if n := annotationCount(t, u); n != before {
		t.Fatalf("a refused merge changed the server: %d annotations, want %d", n, before)
	}

	// The server into a file: every layer but the merging person's.
	mine := filepath.Join(t.TempDir(), "mine.margin")
	mustRun(t, "init", mine)
	out = mustRun(t, "merge", mine, leaURL, "--annotator", "bob")
	if !strings.Contains(out, "3 new documents, 2 new annotations") {
		t.Fatalf("server merged into a file as bob (bob's 31 spans kept out, cara's 2 in):\n%s", out)
	}
	if strings.Contains(out, password(t, leaURL)) {
		t.Fatalf("merge prints lea's password:\n%s", out)
	}
	if n := layerCount(t, mine, "bob"); n != 0 {
		t.Fatalf("bob's layer in his file has %d spans after merging the server, want 0", n)
	}

	if _, err := run(t, "merge", leaURL, annURL); !errors.Is(err, storage.ErrSameProject) {
		t.Fatalf("a server project merged into itself: %v, want ErrSameProject", err)
	} else if pw := password(t, annURL); strings.Contains(err.Error(), pw) {
		t.Fatalf("the refusal shows ann's password: %v", err)
	}
	// The same database by another name of its host: still itself.
	if other := otherHostName(t, annURL); other != "" {
		if _, err := run(t, "merge", leaURL, other); !errors.Is(err, storage.ErrSameProject) {
			t.Fatalf("the server project merged into itself as %s: %v, want ErrSameProject", postgres.Redact(other), err)
		}
	}
	if help := mustRun(t, "merge", "--help"); !strings.Contains(help, "postgres://") {
		t.Fatalf("merge --help does not say a server project is taken:\n%s", help)
	}
}

// password is the password in a server URL.
func password(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	pw, ok := p.User.Password()
	if !ok || pw == "" {
		t.Fatalf("%s has no password", postgres.Redact(u))
	}
	return pw
}

// TestPulledFileIsTheMembersCopy: a file pulled for a member (as their
// role, or with --annotator) writes that member's layer without
// --annotator, whatever MARGIN_ANNOTATOR says, so that the push carries
// the work back; the helper's walk found it written as the computer's
// user, which a push left behind ("0 new annotations") or the server
// refused. A file pulled by the owner for every layer is nobody's copy.
func TestPulledFileIsTheMembersCopy(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "zed")
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	annURL := teamMember(t, u, "ann", "annotator")

	for _, pull := range [][]string{{"pull", annURL}, {"pull", u, "--annotator", "ann"}} {
		file := filepath.Join(t.TempDir(), "ann.margin")
		args := append(append([]string{}, pull[:2]...), file)
		args = append(args, pull[2:]...)
		if out := mustRun(t, args...); !strings.Contains(out, "is ann's copy") {
			t.Fatalf("margin %v:\n%s", args, out)
		}
		had := layerCount(t, file, "ann")
		mustRun(t, "annotate", file, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3")
		if n := layerCount(t, file, "ann"); n != had+1 {
			t.Fatalf("after margin %v, ann's layer has %d spans after annotate without --annotator, want %d (zed's: %d)", args, n, had+1, layerCount(t, file, "zed"))
		}
		before := layerCount(t, u, "ann")
		if out := mustRun(t, "push", file, annURL, "--annotator", "ann"); !strings.Contains(out, "1 new annotations") {
			t.Fatalf("push of ann's copy:\n%s", out)
		}
		if n := layerCount(t, u, "ann"); n != before+1 {
			t.Fatalf("ann's layer on the server: %d spans after the push, want %d", n, before+1)
		}
	}

	all := filepath.Join(t.TempDir(), "all.margin")
	if out := mustRun(t, "pull", u, all); strings.Contains(out, "copy") {
		t.Fatalf("the owner's pull of every layer made the file someone's copy:\n%s", out)
	}
	mustRun(t, "annotate", all, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3")
	if n := layerCount(t, all, "zed"); n != 1 {
		t.Fatalf("annotate in nobody's copy wrote %d spans as $MARGIN_ANNOTATOR, want 1", n)
	}
}

// TestBlindModeIsSaidToAnnotators: in blind mode an annotator's export
// of a colleague's layer is empty and agreement is over no one; the
// command says why on standard error (the walk read it as "bob has no
// spans"). The owner, a command that writes, and blind mode off say
// nothing of it.
func TestBlindModeIsSaidToAnnotators(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	mustRun(t, "init", u)
	mustRun(t, "import", u, realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), "--format", "brat", "--annotator", "bob")
	annURL := teamMember(t, u, "ann", "annotator")
	teamMember(t, u, "lea", "lead")
	const note = "blind mode is on: your colleagues' layers, statuses and gold are hidden from you"
	mustRun(t, "team", "blind", u, "on")
	if out := mustRun(t, "progress", annURL, "--json"); strings.Contains(out, `"bob"`) || !strings.Contains(out, `"ann"`) {
		t.Fatalf("in blind mode ann's progress lists bob (his statuses are hidden, so his row reads as nothing done):\n%s", out)
	}
	if out := mustRun(t, "progress", u, "--json"); !strings.Contains(out, `"bob"`) {
		t.Fatalf("in blind mode the owner's progress lacks bob:\n%s", out)
	}
	for _, args := range [][]string{
		{"export", annURL, "--format", "csv", "--annotator", "bob"},
		{"agreement", annURL},
		{"progress", annURL},
		{"pull", annURL, filepath.Join(t.TempDir(), "ann.margin")},
	} {
		if out := mustRun(t, args...); !strings.Contains(out, note) {
			t.Fatalf("margin %s in blind mode, as ann:\n%s", args[0], out)
		}
	}
	if out := mustRun(t, "annotate", annURL, "--doc", "1", "--label", "Protein", "--start", "0", "--end", "3"); strings.Contains(out, note) {
		t.Fatalf("annotate says blind mode, which changes nothing of it:\n%s", out)
	}
	if out := mustRun(t, "export", u, "--format", "csv", "--annotator", "bob"); strings.Contains(out, note) {
		t.Fatalf("the owner's export says blind mode hides layers from them:\n%s", out)
	}
	mustRun(t, "team", "blind", u, "off")
	if out := mustRun(t, "export", annURL, "--format", "csv", "--annotator", "bob"); strings.Contains(out, note) || !strings.Contains(out, ",bob,") {
		t.Fatalf("blind mode off, ann's export of bob's layer:\n%s", out)
	}
}

// otherHostName is u with 127.0.0.1 and localhost swapped ("" when it
// names neither).
func otherHostName(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	switch p.Hostname() {
	case "127.0.0.1":
		p.Host = strings.Replace(p.Host, "127.0.0.1", "localhost", 1)
	case "localhost":
		p.Host = strings.Replace(p.Host, "localhost", "127.0.0.1", 1)
	default:
		return ""
	}
	return p.String()
}
