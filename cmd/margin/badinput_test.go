package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/text"
)

// badDir is the bad-input corpus (see testdata/bad/README.md).
var badDir = filepath.Join("..", "..", "testdata", "bad")

// snapshot is everything a refused import must leave as it was.
func snapshot(t *testing.T, p string) string {
	t.Helper()
	return mustRun(t, "export", p, "--format", "jsonl", "--all") + mustRun(t, "docs", p, "--json") + mustRun(t, "schema", p)
}

// Every file of the bad-input corpus is refused through the CLI with a
// message naming the file and the line or offset, a non-zero exit (run
// returns the error; main prints "margin: ..." and exits 1, see
// TestMainExitStatusAndMessage), and the project exactly as it was.
func TestBadInputCorpusRefusedProjectUnchanged(t *testing.T) {
	dir := t.TempDir()
	p := projectWithWork(t, dir)
	before := snapshot(t, p)

	// A file over the size limit (formats/text.MaxSize, 64 MiB), made sparse
	// so it costs no disk or time: the size is refused before reading.
	if text.MaxSize >= 100<<20 {
		t.Fatal("the size limit grew: make huge.txt larger")
	}
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	bad := func(name string) string { return filepath.Join(badDir, name) }
	cases := []struct {
		format, path string
		want         []string // besides the file name
	}{
		{"text", bad("invalid-utf8.txt"), []string{"line 2", "byte 30", "invalid UTF-8"}},
		{"text", bad("binary.txt"), []string{"line 3", "byte 8", "binary"}},
		{"text", bad("empty.txt"), []string{"empty"}},
		{"text", bad("whitespace-only.txt"), []string{"empty"}},
		{"text", bad("nul.txt"), []string{"line 2", "byte 23", "NUL"}},
		{"text", huge, []string{"100 MB", "64 MB limit"}},
		{"jsonl", bad("broken-deep.jsonl"), []string{":151:", "JSON"}},
		{"jsonl", bad("span-past-end.jsonl"), []string{":2:", "40-500"}},
		{"jsonl", bad("overlapping-fragments.jsonl"), []string{":2:", "overlap"}},
		{"jsonl", bad("wrong-covered-text.jsonl"), []string{":1:", "Ducument"}},
		{"jsonl", bad("nul.jsonl"), []string{":2:", "NUL"}},
		{"jsonl", bad("invalid-utf8.jsonl"), []string{":2:", "UTF-8"}},
		{"jsonl", bad("empty.txt"), []string{"empty"}},
		{"brat", bad("zip-slip.zip"), []string{"../../evil.txt", "outside"}},
		{"brat", bad("zip-slip-absolute.zip"), []string{"/tmp/margin-evil.txt", "absolute"}},
		{"brat", bad("brat-span-past-end"), []string{"doc.ann", "10"}},
	}
	for _, c := range cases {
		_, err := run(t, "import", p, "--format", c.format, c.path)
		if err == nil {
			t.Errorf("%s (%s): accepted", filepath.Base(c.path), c.format)
			continue
		}
		msg := err.Error()
		t.Logf("%s: %s", filepath.Base(c.path), msg)
		if !strings.Contains(msg, filepath.Base(c.path)) {
			t.Errorf("%s: message does not name the file: %s", filepath.Base(c.path), msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message lacks %q: %s", filepath.Base(c.path), w, msg)
			}
		}
	}
	for _, evil := range []string{filepath.Join(badDir, "..", "..", "evil.txt"), filepath.Join(dir, "..", "evil.txt"), "/tmp/margin-evil.txt"} {
		if _, err := os.Stat(evil); err == nil {
			t.Errorf("zip slip wrote %s", evil)
		}
	}
	if after := snapshot(t, p); after != before {
		t.Fatal("a refused import changed the project")
	}
	if out := mustRun(t, "check", p); !strings.HasPrefix(out, "ok:") {
		t.Fatal(out)
	}

	// HTML with scripts: the article is imported, the scripts are not.
	mustRun(t, "import", p, "--format", "html", bad("script.html"))
	exp := mustRun(t, "export", p, "--format", "jsonl")
	for _, bad := range []string{"injected", "evil.example", "alert(", "<script"} {
		if strings.Contains(exp, bad) {
			t.Errorf("HTML import kept script content %q", bad)
		}
	}
}

// A UTF-8 byte-order mark is handled, not refused: the document is stored
// without it and offsets count from the first real character.
func TestBOMImportedWithoutBOM(t *testing.T) {
	dir := t.TempDir()
	p := projectWithWork(t, dir)
	mustRun(t, "import", p, filepath.Join(badDir, "bom.txt"))
	mustRun(t, "import", p, "--format", "jsonl", filepath.Join(badDir, "bom.jsonl"))
	exp := mustRun(t, "export", p, "--format", "jsonl", "--all")
	if strings.Contains(exp, "\ufeff") {
		t.Fatal("a BOM was stored")
	}
	found := 0
	for _, line := range strings.Split(strings.TrimSpace(exp), "\n") {
		var rec struct {
			Name        string
			Text        string
			Annotations []struct {
				Text      string
				Fragments []formatsFragment
			}
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		switch {
		case rec.Name == "bom" && strings.HasPrefix(rec.Text, "Putin agreed"):
			found++
			if rec.Text != "Putin agreed." || len(rec.Annotations) != 1 || rec.Annotations[0].Text != "Putin" || rec.Annotations[0].Fragments[0].Start != 0 {
				t.Errorf("bom.jsonl imported as %+v", rec)
			}
		case rec.Name == "bom" && strings.HasPrefix(rec.Text, "Putin and Trump agreed to an energy"):
			found++
		}
	}
	if found != 2 {
		t.Fatalf("found %d of the 2 BOM documents:\n%s", found, exp)
	}
	if out := mustRun(t, "check", p); !strings.HasPrefix(out, "ok:") {
		t.Fatal(out)
	}
}

type formatsFragment struct{ Start, End int }

// Every registered import format refuses each corpus file that is not its
// own kind cleanly (an error, never a panic or a half import).
func TestEveryFormatSurvivesTheCorpus(t *testing.T) {
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range formats.Names() {
		f, _ := formats.Lookup(name)
		if f.Import == nil {
			continue
		}
		for _, e := range entries {
			path := filepath.Join(badDir, e.Name())
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s import of %s panicked: %v", name, e.Name(), r)
					}
				}()
				imp, err := f.Import(path, formats.ImportOptions{Annotator: "ana"})
				if err == nil && imp == nil {
					t.Errorf("%s import of %s: no error and no result", name, e.Name())
				}
			}()
		}
	}
}
