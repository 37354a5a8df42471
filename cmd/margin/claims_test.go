package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
)

func TestClaimsRelationsDocLabelsRoundTrip(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Putin agreed to an “energy ceasefire” 👍🏽, the Kremlin said."), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	claim := strings.TrimSpace(mustRun(t, "annotate", p, "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "20", "--end", "36",
		"--attr", "status=agreed", "--attr", "certainty=asserted", "--note", "energy only"))
	actor := strings.TrimSpace(mustRun(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "5", "--attr", "side=russia"))
	if _, err := run(t, "relate", p, "--from", actor, "--to", claim, "--type", "claimed_by"); err == nil {
		t.Fatal("relation from ACTOR to a claim accepted")
	}
	if _, err := run(t, "relate", p, "--from", claim, "--to", actor, "--type", "supports"); err == nil {
		t.Fatal("unknown relation type accepted")
	}
	mustRun(t, "relate", p, "--from", claim, "--to", actor, "--type", "claimed_by")
	mustRun(t, "label-doc", p, "--doc", "1", "--set", "relevance", "--value", "relevant")
	if _, err := run(t, "label-doc", p, "--doc", "1", "--set", "relevance", "--value", "maybe"); err == nil {
		t.Fatal("document label outside the set accepted")
	}

	out := filepath.Join(dir, "out.jsonl")
	mustRun(t, "export", p, "--format", "jsonl", "-o", out)
	data, _ := os.ReadFile(out)
	for _, want := range []string{`"claimed_by"`, `"relevance"`, `"energy only"`, `"status":"agreed"`, `"text":"energy ceasefire"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	p2 := filepath.Join(dir, "p2.margin")
	mustRun(t, "init", p2)
	mustRun(t, "import", p2, "--format", "jsonl", out)
	again := filepath.Join(dir, "again.jsonl")
	mustRun(t, "export", p2, "--format", "jsonl", "-o", again)
	data2, _ := os.ReadFile(again)
	if !bytes.Equal(data, data2) {
		t.Fatalf("round trip differs:\n%s\n%s", data, data2)
	}
}

func TestSchemaSetRenameForceAndUndo(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Putin agreed to an energy ceasefire."), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	mustRun(t, "annotate", p, "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "19", "--end", "35")
	mustRun(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "5")

	// A schema without ACTOR, CEASEFIRE_TERM renamed to TERM.
	text := strings.Replace(string(assets.DefaultSchemaTOML()), `name = "CEASEFIRE_TERM"`, `name = "TERM"`, 1)
	i := strings.Index(text, "[[labels]]\nname = \"ACTOR\"")
	j := strings.Index(text, "[[labels]]\nname = \"NEGOTIATION_EVENT\"")
	text = text[:i] + text[j:]
	text = strings.Replace(text, `from = ["CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "PRECONDITION"]`+"\nto = [\"ACTOR\"]", `from = ["TERM"]`+"\nto = [\"TERM\"]", 1)
	f := filepath.Join(dir, "new.toml")
	os.WriteFile(f, []byte(text), 0o644)

	if _, err := run(t, "schema", p, "--set", f, "--rename", "CEASEFIRE_TERM=TERM"); err == nil || !strings.Contains(err.Error(), "ACTOR") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("dropping a used label without --force: %v", err)
	}
	got := mustRun(t, "schema", p, "--set", f, "--rename", "CEASEFIRE_TERM=TERM", "--force")
	if !strings.Contains(got, "renamed CEASEFIRE_TERM -> TERM: 1") || !strings.Contains(got, "removed ACTOR: 1") {
		t.Fatalf("schema --set said %q", got)
	}
	exp := mustRun(t, "export", p, "--format", "jsonl")
	if !strings.Contains(exp, `"label":"TERM"`) || strings.Contains(exp, `"ACTOR"`) {
		t.Fatalf("after change: %s", exp)
	}
	// A schema change is a bulk step: undo says so and needs --yes.
	if out, err := run(t, "undo", p); err == nil || !strings.Contains(err.Error(), "--yes") || !strings.Contains(out, "puts the schema back") {
		t.Fatalf("undo of a schema change without --yes: %v\n%s", err, out)
	}
	mustRun(t, "undo", p, "--yes")
	exp = mustRun(t, "export", p, "--format", "jsonl")
	if !strings.Contains(exp, `"label":"CEASEFIRE_TERM"`) || !strings.Contains(exp, `"label":"ACTOR"`) {
		t.Fatalf("after undo: %s", exp)
	}
	if !strings.Contains(mustRun(t, "schema", p), `"ACTOR"`) {
		t.Fatal("schema not restored by undo")
	}

	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(strings.Replace(text, `hotkey = "2"`, `hotkey = "1"`, 1)), 0o644)
	if _, err := run(t, "schema", p, "--set", bad); err == nil || !strings.Contains(err.Error(), "hotkey") {
		t.Fatalf("duplicate hotkey: %v", err)
	}
}

func TestImportAddsUnknownLabelsUnlessStrict(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	f := filepath.Join(dir, "in.jsonl")
	os.WriteFile(f, []byte(`{"text": "Kyiv said no.", "annotations": [{"label": "GPE", "fragments": [{"start": 0, "end": 4}]}]}`+"\n"), 0o644)
	if _, err := run(t, "import", p, "--format", "jsonl", "--strict", f); err == nil || !strings.Contains(err.Error(), "GPE") {
		t.Fatalf("--strict: %v", err)
	}
	if strings.Contains(mustRun(t, "docs", p), "in") && strings.Contains(mustRun(t, "schema", p), "GPE") {
		t.Fatal("strict import changed the project")
	}
	mustRun(t, "import", p, "--format", "jsonl", f)
	if !strings.Contains(mustRun(t, "schema", p), `name = "GPE"`) {
		t.Fatal("GPE not added to the schema")
	}
}
