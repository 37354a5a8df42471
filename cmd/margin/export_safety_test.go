package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/storage"
)

// TestExportImportMergeNeverTouchTheProject: `margin export P -o P
// --force` (issue 12 item 2) and its relatives are refused with typed
// errors, and the project keeps every document and annotation.
func TestExportImportMergeNeverTouchTheProject(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "ceasefire-call.txt")
	os.WriteFile(article, []byte(assets.DemoArticle), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	mustRun(t, "annotate", p, "--doc", "1", "--label", "ACTOR", "--start", "0", "--end", "4")
	backup := filepath.Join(dir, "p-copy.margin")
	mustRun(t, "backup", p, "-o", backup)
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}

	for _, target := range []string{p, p + "-wal", backup} {
		_, err := run(t, "export", p, "--format", "doccano", "-o", target, "--force")
		if !errors.Is(err, dataset.ErrTargetIsProject) && !errors.Is(err, dataset.ErrTargetIsDatabase) {
			t.Errorf("export -o %s --force: %v, want a refusal", filepath.Base(target), err)
		}
	}
	if after, _ := os.ReadFile(backup); string(after) != string(before) {
		t.Error("export replaced the backup")
	}
	if _, err := run(t, "import", p, p, "--format", "jsonl"); !errors.Is(err, dataset.ErrTargetIsProject) {
		t.Errorf("import of the project into itself: %v", err)
	}
	if _, err := run(t, "merge", p, p); !errors.Is(err, storage.ErrSameProject) {
		t.Errorf("merge of the project into itself: %v", err)
	}
	if out := mustRun(t, "check", p); !strings.Contains(out, "1 documents, 1 annotations") {
		t.Fatalf("the project after the refused commands: %s", out)
	}
	// The ordinary export and --force still work.
	out := filepath.Join(dir, "out.jsonl")
	mustRun(t, "export", p, "--format", "doccano", "-o", out)
	if _, err := run(t, "export", p, "--format", "doccano", "-o", out); !errors.Is(err, dataset.ErrTargetExists) {
		t.Fatalf("export over an existing file without --force: %v", err)
	}
	mustRun(t, "export", p, "--format", "doccano", "-o", out, "--force")
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "ACTOR") {
		t.Fatalf("export: %s", b)
	}
}
