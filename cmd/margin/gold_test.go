package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// TestGoldExportKeepsProvenance curates a disagreement into gold, exports
// --gold in several formats, and round-trips the provenance through jsonl.
func TestGoldExportKeepsProvenance(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Putin agreed to an energy ceasefire with Kyiv."), 0o644)
	p := filepath.Join(dir, "lead.margin")
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	a := strings.TrimSpace(mustRun(t, "annotate", p, "--annotator", "ana", "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "19", "--end", "35"))
	b := strings.TrimSpace(mustRun(t, "annotate", p, "--annotator", "ben", "--doc", "1", "--label", "PRECONDITION", "--start", "19", "--end", "35"))

	ctx := context.Background()
	db, err := storage.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	gold := &model.Annotation{Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 19, End: 35}}}
	v := &model.Verdict{DocID: 1, Verdict: model.VerdictAccept, Curator: "lead", Sources: []model.SourceRef{{ID: a}, {ID: b}}}
	if err := db.Curate(ctx, v, gold); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, f := range []string{"doccano", "spacy", "conll", "labelstudio", "csv"} {
		out := mustRun(t, "export", p, "--format", f, "--gold")
		if !strings.Contains(out, "CEASEFIRE_TERM") || strings.Contains(out, "PRECONDITION") {
			t.Errorf("%s --gold:\n%s", f, out)
		}
	}
	exp := filepath.Join(dir, "gold.jsonl")
	mustRun(t, "export", p, "--format", "jsonl", "--gold", "-o", exp)
	data, _ := os.ReadFile(exp)
	if !bytes.Contains(data, []byte(`"verdict":"accept"`)) || !bytes.Contains(data, []byte(`"curator":"lead"`)) {
		t.Fatalf("gold jsonl lacks provenance: %s", data)
	}
	all := filepath.Join(dir, "all.jsonl")
	mustRun(t, "export", p, "--format", "jsonl", "-o", all)
	p2 := filepath.Join(dir, "copy.margin")
	mustRun(t, "init", p2)
	mustRun(t, "import", p2, "--format", "jsonl", all)
	again := mustRun(t, "export", p2, "--format", "jsonl")
	orig, _ := os.ReadFile(all)
	if again != string(orig) {
		t.Fatalf("round trip with verdicts differs:\n%s\n%s", orig, again)
	}
}
