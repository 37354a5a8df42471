package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoLayers is one document in Margin's own jsonl form (as `margin export
// --format jsonl --all` of this version writes it) with three spans of
// ana's and one of bo's.
const twoLayers = `{"id":1,"name":"a","text":"Putin agreed to an energy ceasefire.","annotations":[` +
	`{"id":"a-1","annotator":"ana","label":"ACTOR","fragments":[{"start":0,"end":5}],"text":"Putin","attributes":{},"note":""},` +
	`{"id":"a-2","annotator":"ana","label":"ACTOR","fragments":[{"start":6,"end":12}],"text":"agreed","attributes":{},"note":""},` +
	`{"id":"a-3","annotator":"ana","label":"CEASEFIRE_TERM","fragments":[{"start":19,"end":35}],"text":"energy ceasefire","attributes":{},"note":""},` +
	`{"id":"b-1","annotator":"bo","label":"CEASEFIRE_TERM","fragments":[{"start":19,"end":35}],"text":"energy ceasefire","attributes":{},"note":""}` +
	`],"relations":[],"doc_labels":[]}` + "\n"

// TestUndoOfAnImportSaysWhatGoesAndNeedsYes: `margin undo` after an
// import prints what it would remove per label, refuses without --yes
// (nothing changes), and with --yes removes only the annotator's layer;
// the colleague undoes their own part (issue 12, item 4).
func TestUndoOfAnImportSaysWhatGoesAndNeedsYes(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	in := filepath.Join(dir, "layers.jsonl")
	os.WriteFile(in, []byte(twoLayers), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, "--format", "jsonl", in)
	spans := func() string { return mustRun(t, "export", p, "--format", "jsonl", "--all") }

	out, err := run(t, "undo", p)
	if err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("undo of an import without --yes: %v\n%s", err, out)
	}
	for _, want := range []string{"removes 3 annotations", "a: ACTOR −2, CEASEFIRE_TERM −1"} {
		if !strings.Contains(out, want) {
			t.Fatalf("undo did not say %q:\n%s", want, out)
		}
	}
	if got := spans(); strings.Count(got, `"annotator":"`) != 4 {
		t.Fatalf("a refused undo changed the project:\n%s", got)
	}

	mustRun(t, "undo", p, "--yes")
	got := spans()
	if strings.Contains(got, `"annotator":"ana"`) || !strings.Contains(got, `"id":"b-1"`) {
		t.Fatalf("after ana's undo: want bo's span only:\n%s", got)
	}
	if out := mustRun(t, "undo", p, "--annotator", "bo", "--yes"); !strings.Contains(out, "removes 1 annotation") {
		t.Fatalf("bo's undo said %q", out)
	}
	if got := spans(); strings.Contains(got, `"annotator":"`) {
		t.Fatalf("after both undid the import:\n%s", got)
	}

	// One span is not a bulk step: undone at once.
	mustRun(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "5")
	if out := mustRun(t, "undo", p); !strings.Contains(out, "removes 1 annotation") {
		t.Fatalf("undo of one span said %q", out)
	}
}
