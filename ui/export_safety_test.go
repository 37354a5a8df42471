package ui

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/dataset"
)

// TestWindowExportRefusesTheProject: the window's export, even with the
// overwrite confirmed, refuses the open project and its -wal, and a
// refused export leaves an existing file and the project as they were.
func TestWindowExportRefusesTheProject(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	for _, target := range []string{db.Path(), db.Path() + "-wal"} {
		done := make(chan error, 1)
		w.runExport("jsonl", "", target, "", true, func(_ []string, err error) { done <- err })
		if err := wait(t, done); !errors.Is(err, dataset.ErrTargetIsProject) {
			t.Fatalf("export to %s: %v, want ErrTargetIsProject", filepath.Base(target), err)
		}
	}
	if docs, err := db.Documents(w.ctx); err != nil || len(docs) != 2 {
		t.Fatalf("the project after the refused export: %d documents, %v", len(docs), err)
	}
	// A confirmed export over a colleague's file that fails (a format that
	// cannot be written there) leaves that file untouched.
	old := filepath.Join(dir, "old.conll")
	os.WriteFile(old, []byte("keep\n"), 0o644)
	done := make(chan error, 1)
	w.runExport("conll", "ana", old, "no-such-scheme", true, func(_ []string, err error) { done <- err })
	if err := wait(t, done); err == nil {
		t.Fatal("export with an unknown tag scheme succeeded")
	}
	if b, _ := os.ReadFile(old); string(b) != "keep\n" {
		t.Fatalf("a failed export changed the existing file: %q", b)
	}
}
