package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestRawInsertsRollBackWithTheImport: the batch INSERTs bound through the
// driver (rawInserts) run inside the import's transaction, so an import
// that fails after hundreds of documents leaves no annotation, document
// or history row behind, and a later import of the same documents stores
// every span.
func TestRawInsertsRollBackWithTheImport(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	late := errors.New("the input ends in a bad line")
	produce := func(fail bool) func(put func(*model.DocumentImport) error) error {
		return func(put func(*model.DocumentImport) error) error {
			for _, d := range bulkDocs(300, 150) { // 150 spans: a full batch and a partial one per document
				if err := put(&d); err != nil {
					return err
				}
			}
			if fail {
				return late
			}
			return nil
		}
	}
	if _, err := db.ImportStream(ctx, produce(true), nil, "ana"); !errors.Is(err, late) {
		t.Fatalf("failing import: %v", err)
	}
	queries := map[string]string{
		"annotations": `SELECT count(*) FROM annotations`,
		"documents":   `SELECT count(*) FROM documents`,
		"history":     `SELECT count(*) FROM history`,
	}
	count := func(table string) int {
		var n int
		if err := db.db.QueryRow(queries[table]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, table := range []string{"annotations", "documents", "history"} {
		if n := count(table); n != 0 {
			t.Fatalf("%d rows in %s after a failed import", n, table)
		}
	}
	res, err := db.ImportStream(ctx, produce(false), nil, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if n := count("annotations"); len(res) != 300 || n != 300*150+2 {
		t.Fatalf("%d documents, %d annotations after the import; want 300, %d", len(res), n, 300*150+2)
	}
}
