package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
)

// projectWithWork makes a project with the demo article and one annotation.
func projectWithWork(t *testing.T, dir string) string {
	t.Helper()
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "ceasefire-call.txt")
	os.WriteFile(article, []byte(assets.DemoArticle), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	mustRun(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "5")
	return p
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	p := projectWithWork(t, dir)
	want := mustRun(t, "export", p, "--format", "jsonl")

	out := mustRun(t, "backup", p)
	m := strings.TrimSpace(out[strings.LastIndex(out, " to ")+4:])
	if !strings.HasPrefix(filepath.Base(m), "p-") || !strings.HasSuffix(m, ".margin") || filepath.Dir(m) != dir {
		t.Fatalf("default backup name: %s", out)
	}
	if got := mustRun(t, "export", m, "--format", "jsonl"); got != want {
		t.Fatal("backup differs from the project")
	}
	if out := mustRun(t, "check", m); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check backup: %s", out)
	}
	// A second default backup in the same second gets a new name.
	if out2 := mustRun(t, "backup", p); strings.Contains(out2, m+"\n") {
		t.Fatalf("second backup reused the name: %s", out2)
	}

	o := filepath.Join(dir, "copy.margin")
	mustRun(t, "backup", p, "-o", o)
	os.WriteFile(filepath.Join(dir, "precious.margin"), []byte("precious"), 0o644)
	_, err := run(t, "backup", p, "-o", filepath.Join(dir, "precious.margin"))
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "precious.margin")); string(b) != "precious" {
		t.Fatal("existing file overwritten")
	}
}

// Hostile project files: each is refused with a clear message by every
// command, and is not modified in any way.
func TestHostileProjectFilesRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	p := projectWithWork(t, dir)
	good, _ := os.ReadFile(p)

	future := filepath.Join(dir, "future.margin")
	os.WriteFile(future, good, 0o644)
	db, err := sql.Open("sqlite3", future)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	text := filepath.Join(dir, "notes.margin")
	os.WriteFile(text, []byte(strings.Repeat("my notes\n", 100)), 0o644)
	png := filepath.Join(dir, "image.margin")
	os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 500)...), 0o644)
	empty := filepath.Join(dir, "empty.margin")
	os.WriteFile(empty, nil, 0o644)
	truncated := filepath.Join(dir, "truncated.margin")
	os.WriteFile(truncated, good[:len(good)/2], 0o644)

	other := filepath.Join(dir, "other.margin")
	odb, _ := sql.Open("sqlite3", other)
	odb.Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
	odb.Close()

	article := filepath.Join(dir, "ceasefire-call.txt")
	cases := []struct {
		path, want string
	}{
		{future, "newer version of Margin"},
		{text, "not a Margin project"},
		{png, "not a Margin project"},
		{empty, "not a Margin project"},
		{truncated, "truncated"},
		{other, "another application"},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		for _, args := range [][]string{
			{"docs", c.path},
			{"check", c.path},
			{"export", c.path, "--format", "jsonl"},
			{"import", c.path, article},
			{"annotate", c.path, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "3"},
			{"backup", c.path, "-o", filepath.Join(dir, "should-not-exist.margin")},
		} {
			_, err := run(t, args...)
			if err == nil {
				t.Errorf("%s %s: accepted", args[0], filepath.Base(c.path))
				continue
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("%s %s: message %q should name the file and say %q", args[0], filepath.Base(c.path), err, c.want)
			}
		}
		if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
			t.Errorf("%s was modified", filepath.Base(c.path))
		}
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if st, err := os.Stat(c.path + side); err == nil && st.Size() > 0 && c.path != future {
				t.Errorf("%s: %s written", filepath.Base(c.path), side)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "should-not-exist.margin")); err == nil {
		t.Error("a backup of a refused file was written")
	}
}

// A project without write permission opens read-only: reading commands
// work, writing ones fail with "read-only" and change nothing. (As root,
// chmod does not stop writes; Margin checks the permission bits itself, so
// this test means the same as root and as a normal user.)
func TestReadOnlyProjectViaCLI(t *testing.T) {
	dir := t.TempDir()
	p := projectWithWork(t, dir)
	want := mustRun(t, "export", p, "--format", "jsonl")
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(p, 0o644) })
	before, _ := os.ReadFile(p)

	if got := mustRun(t, "export", p, "--format", "jsonl"); got != want {
		t.Fatal("export of a read-only project differs")
	}
	mustRun(t, "docs", p)
	if out := mustRun(t, "check", p); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check: %s", out)
	}
	mustRun(t, "backup", p, "-o", filepath.Join(dir, "copy.margin")) // the way out
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("Another article."), 0o644)
	for _, args := range [][]string{
		{"annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "6", "--end", "9"},
		{"import", p, other},
		{"undo", p},
	} {
		_, err := run(t, args...)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s on a read-only project: %v", args[0], err)
		}
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Fatal("read-only project modified")
	}
	if got := mustRun(t, "export", p, "--format", "jsonl"); got != want {
		t.Fatal("read-only project changed")
	}
	// The copy is writable.
	mustRun(t, "annotate", filepath.Join(dir, "copy.margin"), "--doc", "1", "--label", "ACTOR", "--start", "6", "--end", "9")
}
