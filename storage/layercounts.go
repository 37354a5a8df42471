package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// LayerCounts counts each document's annotations in one layer (the
// window's document list shows the annotator's own count, the same number
// its status bar gives for the open document). Documents without any are
// absent.
func (s *DB) LayerCounts(ctx context.Context, annotator string) (map[int64]int, error) {
	out := map[int64]int{}
	err := eachRow(ctx, s.db, `SELECT doc_id, count(*) FROM annotations WHERE annotator = ? GROUP BY doc_id`, []any{annotator}, func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count the annotations of %s: %w", annotator, err)
	}
	return out, nil
}
