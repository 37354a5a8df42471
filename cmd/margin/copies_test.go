package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/storage"
)

// twoDocProject is a project made with the CLI from two text files, and
// the ids 'margin docs' lists.
func twoDocProject(t *testing.T, dir, name string) (string, []int64) {
	t.Helper()
	p := filepath.Join(dir, name)
	mustRun(t, "init", p)
	for _, n := range []string{"first", "second"} {
		f := filepath.Join(dir, n+".txt")
		os.WriteFile(f, []byte("The "+n+" article says Kyiv talks resumed."), 0o644)
		mustRun(t, "import", p, f)
	}
	var docs []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "docs", p, "--json")), &docs); err != nil || len(docs) != 2 {
		t.Fatalf("docs: %v %+v", err, docs)
	}
	return p, []int64{docs[0].ID, docs[1].ID}
}

// TestExportDocsFlag: margin export --docs writes only those documents
// (read back with the jsonl reader) and refuses an id the project lacks.
func TestExportDocsFlag(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	p, ids := twoDocProject(t, dir, "p.margin")
	out := filepath.Join(dir, "second.jsonl")
	mustRun(t, "export", p, "--format", "jsonl", "--all", "--docs", strconv.FormatInt(ids[1], 10), "-o", out)
	f, _ := all.Lookup("jsonl")
	imp, err := f.Import(out, formats.ImportOptions{Annotator: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 1 || imp.Docs[0].Doc.Name != "second" {
		t.Fatalf("--docs %d exported %+v, want only \"second\"", ids[1], imp.Docs)
	}
	if _, err := run(t, "export", p, "--format", "jsonl", "--docs", "99999", "-o", filepath.Join(dir, "none.jsonl")); err == nil || !strings.Contains(err.Error(), "99999") {
		t.Fatalf("--docs of an unknown id: %v", err)
	}
}

// TestCopyAndMergeLeaveNoTraces: 'margin check' on a backup taken while a
// window has the project open does not say a window has the copy open;
// merging a colleague's file leaves no -wal or -shm beside it.
func TestCopyAndMergeLeaveNoTraces(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	ctx := context.Background()
	dir := t.TempDir()
	p, _ := twoDocProject(t, dir, "p.margin")
	win, err := storage.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer win.Close()
	unregister, err := win.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	defer unregister()
	cp := filepath.Join(dir, "p-copy.margin")
	if err := win.Backup(ctx, cp); err != nil { // what Save a copy does
		t.Fatal(err)
	}
	if out := mustRun(t, "check", cp); strings.Contains(out, "has this project open") || !strings.Contains(out, "ok: 2 documents") {
		t.Fatalf("check on the copy: %s", out)
	}

	bobDir := filepath.Join(dir, "bob")
	os.Mkdir(bobDir, 0o755)
	bob, _ := twoDocProject(t, bobDir, "bob.margin")
	before, _ := os.ReadFile(bob)
	mustRun(t, "merge", p, bob)
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(bob + side); !os.IsNotExist(err) {
			t.Errorf("merge left %s (%v)", filepath.Base(bob+side), err)
		}
	}
	if after, _ := os.ReadFile(bob); string(after) != string(before) {
		t.Error("merge changed the colleague's file")
	}
}
