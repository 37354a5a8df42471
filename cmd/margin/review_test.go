package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMergeAndStatusCommands(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Putin agreed to an energy ceasefire."), 0o644)
	ana, ben := filepath.Join(dir, "ana.margin"), filepath.Join(dir, "ben.margin")
	for _, p := range []string{ana, ben} {
		mustRun(t, "init", p)
		mustRun(t, "import", p, article)
	}
	mustRun(t, "annotate", ana, "--annotator", "ana", "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "5")
	mustRun(t, "annotate", ben, "--annotator", "ben", "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "19", "--end", "35")
	before, _ := os.ReadFile(ben)
	out := mustRun(t, "merge", ana, ben, "--annotator", "ana")
	if !strings.Contains(out, "0 new documents, 1 new annotations") {
		t.Fatalf("merge said %q", out)
	}
	if again := mustRun(t, "merge", ana, ben, "--annotator", "ana"); !strings.Contains(again, "0 new documents, 0 new annotations, 0 updated") {
		t.Fatalf("second merge said %q", again)
	}
	if after, _ := os.ReadFile(ben); string(after) != string(before) {
		t.Fatal("merge modified the colleague's file")
	}
	exp := mustRun(t, "export", ana, "--format", "jsonl")
	if !strings.Contains(exp, `"annotator":"ben"`) || !strings.Contains(exp, `"annotator":"ana"`) {
		t.Fatalf("merged export: %s", exp)
	}
	mustRun(t, "status", ana, "--annotator", "ana", "--doc", "1", "--set", "done")
	if _, err := run(t, "status", ana, "--annotator", "ana", "--doc", "1", "--set", "finished"); err == nil {
		t.Fatal("unknown status accepted")
	}
	if st := mustRun(t, "status", ana); !strings.Contains(st, "ana=done") {
		t.Fatalf("status: %q", st)
	}
}
