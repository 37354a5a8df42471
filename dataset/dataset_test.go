package dataset

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func TestImportGrowsSchemaAndExportStreams(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Create(ctx, filepath.Join(dir, "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"text": "EU rejects German call 👍🏽 in Київ", "label": [[0, 2, "ORG"], [29, 33, "GPE"]]}`+"\n"), 0o644)

	if _, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, true); err == nil || !strings.Contains(err.Error(), "GPE, ORG") {
		t.Fatalf("strict import: %v", err)
	}
	if docs, _ := db.Documents(ctx); len(docs) != 0 {
		t.Fatal("strict import stored a document")
	}
	sum, err := Import(ctx, db, "doccano", in, formats.ImportOptions{Annotator: "ana"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Annotations() != 2 || strings.Join(sum.AddedLabels, ",") != "GPE,ORG" {
		t.Fatalf("summary: %+v", sum)
	}
	sc, _ := db.Schema(ctx)
	if l, ok := sc.Label("GPE"); !ok || !strings.HasPrefix(l.Color, "#") {
		t.Fatalf("GPE not in schema: %+v", sc)
	}
	anns, _ := db.Annotations(ctx, sum.Results[0].DocID, "ana")
	if len(anns) != 2 || anns[1].Text != "Київ" {
		t.Fatalf("annotations: %+v", anns)
	}

	var buf bytes.Buffer
	var calls int
	report, err := Export(ctx, db, "doccano", "ana", &buf, "", "", func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || !strings.Contains(buf.String(), `[29,33,"GPE"]`) {
		t.Fatalf("export (%d progress calls, report %v): %s", calls, report, buf.String())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Export(cancelled, db, "doccano", "ana", &bytes.Buffer{}, "", "", nil); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	_ = model.GoldAnnotator
}
