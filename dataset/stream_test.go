package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/storage"
)

func writeLines(t *testing.T, path string, n int, bad int) {
	t.Helper()
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if i == bad {
			sb.WriteString(`{"text": "broken", "label": [[0, 99, "X"]]}` + "\n")
			continue
		}
		fmt.Fprintf(&sb, `{"text": "Line %d: Kyiv agreed %s", "label": [[0, 4, "L%d"], [8, 12, "GPE"]]}`+"\n", i, strings.Repeat("talks ", 200), i%3)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStreamedImportIsAllOrNothing: a streamed import that fails late
// (a bad line after hundreds of good documents were stored) or is
// cancelled midway leaves the project exactly as it was, schema included;
// the error names the file and line.
func TestStreamedImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Create(ctx, filepath.Join(dir, "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, _ := db.Schema(ctx)

	bad := filepath.Join(dir, "bad.jsonl")
	writeLines(t, bad, 600, 577)
	_, err = Import(ctx, db, "doccano", bad, formats.ImportOptions{Annotator: "ana"}, false)
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:577") {
		t.Fatalf("bad line 577: %v", err)
	}
	if docs, _ := db.Documents(ctx); len(docs) != 0 {
		t.Fatalf("%d documents stored by a failed import", len(docs))
	}

	good := filepath.Join(dir, "good.jsonl")
	writeLines(t, good, 2000, 0)
	cctx, cancel := context.WithCancel(ctx)
	calls := 0
	_, err = Import(cctx, db, "doccano", good, formats.ImportOptions{Annotator: "ana", Progress: func(done, total int64) {
		if calls++; calls == 2 { // about 2 MB in
			cancel()
		}
	}}, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v", err)
	}
	if docs, _ := db.Documents(ctx); len(docs) != 0 {
		t.Fatalf("%d documents stored by a cancelled import", len(docs))
	}
	after, _ := db.Schema(ctx)
	if len(after.Labels) != len(before.Labels) {
		t.Fatalf("schema grew from %d to %d labels", len(before.Labels), len(after.Labels))
	}

	sum, err := Import(ctx, db, "doccano", good, formats.ImportOptions{Annotator: "ana"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents() != 2000 || sum.Annotations() != 4000 || strings.Join(sum.AddedLabels, ",") != "GPE,L0,L1,L2" {
		t.Fatalf("good import: %d docs, %d spans, added %v", sum.Documents(), sum.Annotations(), sum.AddedLabels)
	}
}
