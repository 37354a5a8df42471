package dataset

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/storage"
)

// subsetProject is a project with three documents imported from doccano
// JSONL (as doccano 1.x writes it: one {"text","label"} object a line).
func subsetProject(t *testing.T) (*storage.DB, string) {
	t.Helper()
	return doccanoProject(t, `{"text": "first talks", "label": [[0, 5, "ORG"]]}
{"text": "second talks in Київ", "label": [[16, 20, "GPE"]]}
{"text": "third talks", "label": []}
`)
}

func readBackTexts(t *testing.T, format, path string) []string {
	t.Helper()
	f, err := all.Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := f.Import(path, formats.ImportOptions{Annotator: "x"})
	if err != nil {
		t.Fatalf("read back %s: %v", path, err)
	}
	var texts []string
	for _, d := range imp.Docs {
		texts = append(texts, d.Doc.Text)
	}
	sort.Strings(texts)
	return texts
}

// TestExportDocsWritesOnlyTheSubset: an export of two of three documents
// holds those two, read back with each format's own reader (a JSONL file
// through ExportFileDocs, a brat folder through ExportDocs); an id the
// project lacks and an empty subset are refused with typed errors.
func TestExportDocsWritesOnlyTheSubset(t *testing.T) {
	ctx := context.Background()
	db, dir := subsetProject(t)
	docs, err := db.Documents(ctx)
	if err != nil || len(docs) != 3 {
		t.Fatalf("documents %v %v", docs, err)
	}
	only := []int64{docs[2].ID, docs[1].ID}
	out := filepath.Join(dir, "subset.jsonl")
	if _, err := ExportFileDocs(ctx, db, "jsonl", "", "", only, FileTarget{Path: out, Project: db.Path()}, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"second talks in Київ", "third talks"}
	if got := readBackTexts(t, "jsonl", out); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("jsonl subset read back %q, want %q", got, want)
	}
	bratDir := filepath.Join(dir, "brat")
	if _, err := ExportDocs(ctx, db, "brat", "ana", []int64{docs[1].ID}, nil, bratDir, "", nil); err != nil {
		t.Fatal(err)
	}
	if got := readBackTexts(t, "brat", bratDir); len(got) != 1 || got[0] != want[0] {
		t.Fatalf("brat subset read back %q, want %q", got, want[:1])
	}
	if got := readBackTexts(t, "jsonl", writeAll(t, db, dir)); len(got) != 3 {
		t.Fatalf("nil subset exported %d documents, want every one (3)", len(got))
	}

	missing := filepath.Join(dir, "missing.jsonl")
	_, err = ExportFileDocs(ctx, db, "jsonl", "", "", []int64{docs[0].ID, 999999}, FileTarget{Path: missing, Project: db.Path()}, nil)
	if !errors.Is(err, ErrNoSuchDocument) {
		t.Fatalf("unknown id: %v, want ErrNoSuchDocument", err)
	}
	_, err = ExportFileDocs(ctx, db, "jsonl", "", "", []int64{}, FileTarget{Path: missing, Project: db.Path()}, nil)
	if !errors.Is(err, ErrNoDocuments) {
		t.Fatalf("empty subset: %v, want ErrNoDocuments", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused export left %s: %v", missing, err)
	}
}

func writeAll(t *testing.T, db *storage.DB, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "every.jsonl")
	if _, err := ExportFile(context.Background(), db, "jsonl", "", "", FileTarget{Path: out, Project: db.Path()}, nil); err != nil {
		t.Fatal(err)
	}
	return out
}
