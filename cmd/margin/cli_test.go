package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/assets"
)

// run executes the CLI in-process and returns stdout and the error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetIn(strings.NewReader("")) // not a terminal: nothing waits for an answer
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("margin %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestInitImportAnnotateExportRoundTrip(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "ceasefire-call.txt")
	os.WriteFile(article, []byte(assets.DemoArticle), 0o644)

	mustRun(t, "init", p)
	if _, err := run(t, "init", p); err == nil {
		t.Fatal("init overwrote an existing project")
	}
	mustRun(t, "import", p, article)

	var docs []struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		SHA256      string `json:"sha256"`
		Length      int    `json:"length"`
		Annotations int    `json:"annotations"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "docs", p, "--json")), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Name != "ceasefire-call" || docs[0].Length != utf8.RuneCountInString(assets.DemoArticle) {
		t.Fatalf("docs = %+v", docs)
	}

	phrase := "infrastructure and energy ceasefire"
	i := strings.Index(assets.DemoArticle, phrase)
	start := utf8.RuneCountInString(assets.DemoArticle[:i])
	end := start + utf8.RuneCountInString(phrase)
	id := strings.TrimSpace(mustRun(t, "annotate", p, "--doc", strconv.FormatInt(docs[0].ID, 10), "--label", "CEASEFIRE_TERM",
		"--start", strconv.Itoa(start), "--end", strconv.Itoa(end), "--attr", "status=agreed", "--attr", "scope=energy"))
	if len(id) != 36 {
		t.Fatalf("annotate printed %q, want a UUID", id)
	}
	if _, err := run(t, "annotate", p, "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "0", "--end", "5", "--attr", "status=maybe"); err == nil {
		t.Fatal("enum value outside the schema accepted")
	}
	if _, err := run(t, "annotate", p, "--doc", "1", "--label", "NOPE", "--start", "0", "--end", "5"); err == nil {
		t.Fatal("unknown label accepted")
	}
	if _, err := run(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "99999"); err == nil {
		t.Fatal("span past the end accepted")
	}

	out := filepath.Join(dir, "out.jsonl")
	mustRun(t, "export", p, "--format", "jsonl", "-o", out)
	if _, err := run(t, "export", p, "--format", "jsonl", "-o", out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("export over an existing file: %v", err)
	}
	os.WriteFile(out+".old", []byte("keep"), 0o644)
	mustRun(t, "export", p, "--format", "jsonl", "-o", out+".old", "--force")
	if b, _ := os.ReadFile(out + ".old"); bytes.Equal(b, []byte("keep")) {
		t.Fatal("--force did not replace the file")
	}
	data, _ := os.ReadFile(out)
	var rec struct {
		Text        string `json:"text"`
		Annotations []struct {
			ID, Label, Text, Annotator string
			Fragments                  []struct{ Start, End int }
			Attributes                 map[string]any
		} `json:"annotations"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(data), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Annotations) != 1 {
		t.Fatalf("exported %d annotations", len(rec.Annotations))
	}
	a := rec.Annotations[0]
	if a.ID != id || a.Label != "CEASEFIRE_TERM" || a.Text != phrase || a.Annotator != "ana" ||
		a.Fragments[0].Start != start || a.Fragments[0].End != end || a.Attributes["status"] != "agreed" {
		t.Fatalf("exported %+v", a)
	}

	// Round trip: import the export into a new project, export again.
	p2 := filepath.Join(dir, "p2.margin")
	mustRun(t, "init", p2)
	mustRun(t, "import", p2, "--format", "jsonl", out)
	again := filepath.Join(dir, "again.jsonl")
	mustRun(t, "export", p2, "--format", "jsonl", "-o", again)
	data2, _ := os.ReadFile(again)
	if !bytes.Equal(data, data2) {
		t.Fatalf("round trip differs:\n%s\n%s", data, data2)
	}
	// Importing it again is idempotent.
	mustRun(t, "import", p2, "--format", "jsonl", out)
	if got := mustRun(t, "check", p2); !strings.Contains(got, "1 annotations") {
		t.Fatalf("check after re-import: %s", got)
	}
}

func TestImportRefusesBadInputLeavingProjectUnchanged(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("A ceasefire was agreed.\n"), 0o644)
	mustRun(t, "import", p, good)
	before := mustRun(t, "export", p, "--format", "jsonl")

	cases := map[string]struct {
		format, name string
		data         []byte
		want         string
	}{
		"invalid utf8":  {"text", "bad.txt", []byte("Kyiv\n\xff\xfe talks"), "line 2"},
		"binary":        {"text", "bin.txt", []byte("PK\x03\x04\x00\x00data"), "binary"},
		"empty":         {"text", "empty.txt", []byte(""), "empty"},
		"broken jsonl":  {"jsonl", "broken.jsonl", []byte(`{"text": "one"}` + "\n" + `{"text": "two"}` + "\n" + `{"text": "thr`), ":3:"},
		"span past end": {"jsonl", "span.jsonl", []byte(`{"text": "short", "annotations": [{"label": "ACTOR", "fragments": [{"start": 0, "end": 50}]}]}`), ":1:"},
		"unknown field": {"jsonl", "unk.jsonl", []byte(`{"text": "x", "labels": []}`), "unknown field"},
	}
	for name, c := range cases {
		f := filepath.Join(dir, c.name)
		os.WriteFile(f, c.data, 0o644)
		_, err := run(t, "import", p, "--format", c.format, f)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), c.name) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: message %q should name the file and %q", name, err, c.want)
		}
	}
	if after := mustRun(t, "export", p, "--format", "jsonl"); after != before {
		t.Fatal("a refused import changed the project")
	}
}

func TestCheckAndSchema(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	if out := mustRun(t, "check", p); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check: %s", out)
	}
	sc := mustRun(t, "schema", p)
	for _, want := range []string{"CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "PRECONDITION", "ACTOR", "claimed_by", "relevance"} {
		if !strings.Contains(sc, want) {
			t.Errorf("schema lacks %s", want)
		}
	}
	notProject := filepath.Join(dir, "x.margin")
	os.WriteFile(notProject, []byte("not sqlite"), 0o644)
	if _, err := run(t, "check", notProject); err == nil || !strings.Contains(err.Error(), "not a Margin project") {
		t.Fatalf("check on a text file: %v", err)
	}
}
