package postgres

import (
	"context"
	"fmt"
)

// LayerCounts counts each document's annotations in one layer (as the
// SQLite store's LayerCounts); documents without any are absent.
func (s *DB) LayerCounts(ctx context.Context, annotator string) (map[int64]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc_id, count(*) FROM annotations WHERE annotator = $1 GROUP BY doc_id`, annotator)
	if err != nil {
		return nil, fmt.Errorf("count the annotations of %s: %w", annotator, err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count the annotations of %s: %w", annotator, err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count the annotations of %s: %w", annotator, err)
	}
	return out, nil
}
