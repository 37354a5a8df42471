package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Curate records a reviewer's verdict on a disagreement. For accept and
// edit, gold (annotator "gold") is stored in the gold layer; for reject it
// must be nil. sources are the annotations the verdict is about. The gold
// item, the verdict and the history rows are one transaction, undoable by
// the curator (storecore.Curate).
func (s *DB) Curate(ctx context.Context, v *model.Verdict, gold *model.Annotation) error {
	return storecore.Curate(ctx, s.run(ctx), v, gold)
}

// CurateAll records the curations as Curate does, all in one transaction
// and one undo step of their curator (storecore.CurateAll).
func (s *DB) CurateAll(ctx context.Context, cs []model.Curation) error {
	return storecore.CurateAll(ctx, s.run(ctx), cs)
}

func (s *DB) insertVerdict(ctx context.Context, tx *sql.Tx, v *model.Verdict) error {
	src, gold, err := storecore.VerdictValues(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO verdicts (id, doc_id, verdict, gold_id, sources, curator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.DocID, string(v.Verdict), gold, src, v.Curator, v.CreatedAt.Format("2006-01-02T15:04:05.999999999Z07:00"))
	if err != nil {
		return fmt.Errorf("verdict: %w", err)
	}
	return nil
}

// Verdicts of a document, oldest first.
func (s *DB) Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error) {
	return storecore.Verdicts(ctx, sqlQuerier{s.db}, docID)
}

// insertVerdictIfNew stores an imported or merged verdict unless one with
// its id is already there (imports and merges are idempotent).
func (s *DB) insertVerdictIfNew(ctx context.Context, tx *sql.Tx, v *model.Verdict) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM verdicts WHERE id = ?`, v.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if v.CreatedAt.IsZero() {
		v.CreatedAt = s.now()
	}
	return s.insertVerdict(ctx, tx, v)
}
