package dataset

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// meanwhile commits a schema change (a colleague's window adding label
// MEANWHILE) just before the import's own write starts: after the input
// was parsed, before the transaction that stores it.
type meanwhile struct {
	*storage.DB
	t *testing.T
}

func (m meanwhile) addLabel() {
	ctx := context.Background()
	sc, err := m.DB.Schema(ctx)
	if err != nil {
		m.t.Fatal(err)
	}
	sc.Labels = append(sc.Labels, model.Label{Name: "MEANWHILE", Color: "#123456"})
	if _, err := m.DB.ChangeSchema(ctx, sc, "lead", nil, false); err != nil {
		m.t.Fatal(err)
	}
}

func (m meanwhile) Import(ctx context.Context, docs []model.DocumentImport, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	m.addLabel()
	return m.DB.Import(ctx, docs, grow, by)
}

func (m meanwhile) ImportStream(ctx context.Context, produce func(put func(*model.DocumentImport) error) error, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	m.addLabel()
	return m.DB.ImportStream(ctx, produce, grow, by)
}

// notStreaming hides ImportStream, so Import takes its parse-then-store path.
type notStreaming struct{ Store }

// TestImportKeepsASchemaChangeMadeMeanwhile: an import that adds labels
// grows the schema in force when it writes, not the copy it read before
// parsing, so a label added meanwhile survives (both import paths).
func TestImportKeepsASchemaChangeMadeMeanwhile(t *testing.T) {
	for _, streaming := range []bool{false, true} {
		ctx := context.Background()
		dir := t.TempDir()
		db, err := storage.Create(ctx, filepath.Join(dir, "p.margin"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// doccano JSONL as doccano 1.x exports it (one {"text", "label"} object a line).
		in := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(in, []byte(`{"text": "Kyiv agreed to talks.", "label": [[0, 4, "GPE"]]}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var st Store = meanwhile{db, t}
		if !streaming {
			st = notStreaming{st}
		}
		sum, err := Import(ctx, st, "doccano", in, formats.ImportOptions{Annotator: "ana"}, false)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := db.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, kept := sc.Label("MEANWHILE")
		_, added := sc.Label("GPE")
		if !kept || !added {
			t.Fatalf("streaming %v: schema after the import has MEANWHILE %v, GPE %v (added %v)", streaming, kept, added, sum.AddedLabels)
		}
	}
}
