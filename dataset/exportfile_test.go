package dataset

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/storage"
)

// exportProject is an open project with one imported document and its path.
func exportProject(t *testing.T) (*storage.DB, string) {
	t.Helper()
	db, dir := doccanoProject(t, `{"text": "EU talks in Київ resumed 👍🏽", "label": [[0, 2, "ORG"], [12, 16, "GPE"]]}`+"\n")
	return db, filepath.Join(dir, "p.margin")
}

// doccanoProject is a new project p.margin in a temporary folder (also
// returned) with the doccano JSONL lines imported as ana's.
func doccanoProject(t *testing.T, lines string) (*storage.DB, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Create(ctx, filepath.Join(dir, "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(lines), 0o644)
	if _, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, false); err != nil {
		t.Fatal(err)
	}
	return db, dir
}

func fileDigest(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestExportFileRefusesProjectSidecarsAndBackups: even told to replace,
// the export writer never writes the open project, its -wal or -shm (also
// under another name: a hard link), a sidecar name not created yet, or a
// backup; the project keeps working with its data.
func TestExportFileRefusesProjectSidecarsAndBackups(t *testing.T) {
	ctx := context.Background()
	db, p := exportProject(t)
	dir := filepath.Dir(p)
	backup := filepath.Join(dir, "p-backup.margin")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(dir, "alias.jsonl")
	if err := os.Link(p, alias); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{p, p + "-wal", p + "-shm", p + "-journal", alias, backup} {
		var before [32]byte
		_, statErr := os.Stat(target)
		if statErr == nil && !strings.HasSuffix(target, "-shm") && !strings.HasSuffix(target, "-wal") {
			before = fileDigest(t, target)
		}
		_, err := ExportFile(ctx, db, "jsonl", "", "", FileTarget{Path: target, Project: p, Replace: true}, nil)
		if !errors.Is(err, ErrTargetIsProject) && !errors.Is(err, ErrTargetIsDatabase) {
			t.Errorf("export to %s: %v, want a refusal", filepath.Base(target), err)
		}
		_, afterErr := os.Stat(target)
		if (statErr == nil) != (afterErr == nil) {
			t.Errorf("export to %s created or removed it", filepath.Base(target))
		}
		if before != ([32]byte{}) && fileDigest(t, target) != before {
			t.Errorf("export to %s changed it", filepath.Base(target))
		}
	}
	if docs, err := db.Documents(ctx); err != nil || len(docs) != 1 {
		t.Fatalf("the project after the refused exports: %v %v", docs, err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check after the refused exports: %v %v", problems, err)
	}
}

// TestExportFileFailureLeavesTargetUntouched: a cancelled export leaves an
// existing target as it was, creates no file where there was none, and
// leaves no temporary file behind.
func TestExportFileFailureLeavesTargetUntouched(t *testing.T) {
	db, p := exportProject(t)
	dir := filepath.Dir(p)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	old := filepath.Join(dir, "old.jsonl")
	os.WriteFile(old, []byte("colleague's file\n"), 0o644)
	if _, err := ExportFile(cancelled, db, "jsonl", "", "", FileTarget{Path: old, Project: p, Replace: true}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "colleague's file\n" {
		t.Fatalf("a cancelled export changed the existing target: %q", b)
	}
	fresh := filepath.Join(dir, "fresh.jsonl")
	if _, err := ExportFile(cancelled, db, "jsonl", "", "", FileTarget{Path: fresh, Project: p}, nil); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Fatalf("a cancelled export left %s: %v", fresh, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}
}

// TestExportFileReplacesOnlyWhenConfirmed: an existing file is refused
// without Replace and replaced whole with it.
func TestExportFileReplacesOnlyWhenConfirmed(t *testing.T) {
	ctx := context.Background()
	db, p := exportProject(t)
	out := filepath.Join(filepath.Dir(p), "out.jsonl")
	os.WriteFile(out, []byte("older export\n"), 0o644)
	if _, err := ExportFile(ctx, db, "jsonl", "", "", FileTarget{Path: out, Project: p}, nil); !errors.Is(err, ErrTargetExists) {
		t.Fatalf("export over an existing file without Replace: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "older export\n" {
		t.Fatalf("refused export changed the file: %q", b)
	}
	if _, err := ExportFile(ctx, db, "jsonl", "", "", FileTarget{Path: out, Project: p, Replace: true}, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Київ") || strings.Contains(string(b), "older export") {
		t.Fatalf("replaced export: %q", b)
	}
}
