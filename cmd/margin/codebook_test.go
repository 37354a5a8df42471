package main

import (
	"errors"
	"github.com/margin-app/margin/internal/xwin"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/internal/version"
)

// codebookProject is a project whose schema gives ACTOR a Markdown
// guideline with an example, a pipe in a value and raw HTML.
func codebookProject(t *testing.T) string {
	t.Helper()
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "study.margin")
	mustRun(t, "init", p)
	schema := `allow_overlap = true
[[labels]]
name = "ACTOR"
color = "#76b041"
hotkey = "4"
description = """
A **party** to the conflict.

> Example: "*Kyiv* said" marks Kyiv.

<script>alert(1)</script>
"""
  [[labels.attributes]]
  name = "side"
  type = "enum"
  values = ["russia", "ukraine|other"]
[[labels]]
name = "CLAIM"
color = "#e4572e"
[[relations]]
name = "claimed_by"
from = ["CLAIM"]
to = ["ACTOR"]
[[doc_label_sets]]
name = "relevance"
values = ["relevant", "irrelevant"]
`
	f := filepath.Join(dir, "schema.toml")
	if err := os.WriteFile(f, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "schema", p, "--set", f, "--force")
	return p
}

// TestCodebookCommandMarkdown: the codebook on standard output, in the
// project's schema order, with the guideline as written.
func TestCodebookCommandMarkdown(t *testing.T) {
	p := codebookProject(t)
	md := mustRun(t, "codebook", p)
	at := 0
	for _, want := range []string{"# Codebook: study\n", "## Labels", "### ACTOR", "- Colour: `#76b041`", "- Hotkey: `4`",
		"A **party** to the conflict.", "> Example: \"*Kyiv* said\" marks Kyiv.",
		"| side | enum | russia, ukraine\\|other |  |", "### CLAIM", "*No guideline yet.*",
		"## Relation types", "### claimed\\_by", "- From: CLAIM", "- To: ACTOR",
		"## Document label sets", "### relevance", "- Values: relevant, irrelevant"} {
		k := strings.Index(md[at:], want)
		if k < 0 {
			t.Fatalf("codebook lacks %q (in order):\n%s", want, md)
		}
		at += k + len(want)
	}
}

// TestCodebookCommandHTMLFile: -o FILE.html writes the HTML page (the
// format follows the extension), refuses to replace it without --force,
// replaces it with --force, and never writes the project or its journal.
func TestCodebookCommandHTMLFile(t *testing.T) {
	p := codebookProject(t)
	out := filepath.Join(filepath.Dir(p), "codebook.html")
	if msg := mustRun(t, "codebook", p, "-o", out); !strings.Contains(msg, out) {
		t.Errorf("output %q does not name the file", msg)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "<h1>Codebook: study</h1>", "A <strong>party</strong> to the conflict.",
		"<blockquote>", "<td>russia, ukraine|other</td>", "<h2>Relation types</h2>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(string(page), "<script") {
		t.Error("raw HTML from the guideline reached the page")
	}
	if _, err := run(t, "codebook", p, "-o", out); !errors.Is(err, dataset.ErrTargetExists) {
		t.Errorf("existing file without --force: %v", err)
	}
	os.WriteFile(out, []byte("old"), 0o644)
	mustRun(t, "codebook", p, "-o", out, "--force", "--format", "md")
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "# Codebook: study") {
		t.Errorf("--force --format md wrote %q", data)
	}
	before, _ := os.ReadFile(p)
	for _, target := range []string{p, p + "-wal"} {
		if _, err := run(t, "codebook", p, "-o", target, "--force"); !errors.Is(err, dataset.ErrTargetIsProject) {
			t.Errorf("codebook onto %s: %v", target, err)
		}
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Error("the project file changed")
	}
	if _, err := run(t, "codebook", p, "--format", "pdf"); err == nil || !strings.Contains(err.Error(), "md or html") {
		t.Errorf("--format pdf: %v", err)
	}
}

// TestVersionFlag: margin --version prints the version; a build with the
// Makefile's -X flag prints the one it was given, any other build "dev".
func TestVersionFlag(t *testing.T) {
	if out := mustRun(t, "--version"); out != "margin version "+version.String()+"\n" {
		t.Errorf("--version printed %q", out)
	}
	if version.String() != "dev" {
		t.Errorf("a test build reports %q, want dev", version.String())
	}
	bin := filepath.Join(t.TempDir(), "margin")
	build := exec.Command("go", "build", "-tags", xwin.BuildTags, "-ldflags", "-X github.com/margin-app/margin/internal/version.Version=v9.8.7-3-gabc", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "margin version v9.8.7-3-gabc\n" {
		t.Errorf("built with -X: %q, %v", out, err)
	}
}
