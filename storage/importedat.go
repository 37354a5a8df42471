package storage

import (
	"context"
	"database/sql"
	"errors"
)

// annotationRawCols are annotationCols with created_at as stored and the
// hist column, for the export's reader: createdAtCol's correlated
// subquery looked up the import's history row once per annotation (a
// million B-tree searches in a million-span export, a sixth of its
// SQLite time), where histTimes looks it up once per document (annotationFromValues).
const annotationRawCols = `id, doc_id, annotator, label, start, end, fragments, text, attributes, note, created_at, updated_at, hist`

// annotationLayerCols are annotationRawCols for a query of one layer: the
// annotator, known already, is not read (and allocated) once per row.
const annotationLayerCols = `id, doc_id, NULL, label, start, end, fragments, text, attributes, note, created_at, updated_at, hist`

// histTimes resolves the empty created_at of bulk-imported annotations to
// the time of their import history row, as createdAtCol does in SQL. One
// per reading goroutine: it is not safe for concurrent use, the statement
// it shares is.
type histTimes struct {
	ctx   context.Context
	layer string    // the annotator of a query of annotationLayerCols
	at    *sql.Stmt // SELECT at FROM history WHERE seq = ?
	seq   int64
	last  string
	memo  timeMemo
}

// resolve returns created_at for a row with the stored created and hist.
func (h *histTimes) resolve(created string, hist sql.NullInt64) (string, error) {
	if created != importedAt {
		return created, nil
	}
	if !hist.Valid {
		return "", nil
	}
	if hist.Int64 == h.seq && h.last != "" {
		return h.last, nil
	}
	var at string
	err := h.at.QueryRowContext(h.ctx, hist.Int64).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) { // as createdAtCol's COALESCE
		at, err = "", nil
	}
	if err != nil {
		return "", err
	}
	h.seq, h.last = hist.Int64, at
	return at, nil
}
