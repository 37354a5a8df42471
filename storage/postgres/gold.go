package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Curate records a verdict on a disagreement and, for accept and edit,
// the gold annotation it produced (storecore.Curate); one transaction,
// undoable by the curator.
func (s *DB) Curate(ctx context.Context, v *model.Verdict, gold *model.Annotation) error {
	return storecore.Curate(ctx, s.run(ctx), v, gold)
}

// CurateAll records the curations as Curate does, all in one transaction
// and one undo step of their curator (storecore.CurateAll).
func (s *DB) CurateAll(ctx context.Context, cs []model.Curation) error {
	return storecore.CurateAll(ctx, s.run(ctx), cs)
}

func insertVerdict(ctx context.Context, tx pgx.Tx, v *model.Verdict) error {
	src, gold, err := storecore.VerdictValues(v)
	if err != nil {
		return err
	}
	v.CreatedAt = v.CreatedAt.UTC().Truncate(time.Microsecond)
	_, err = tx.Exec(ctx, `INSERT INTO verdicts (id, doc_id, verdict, gold_id, sources, curator, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		v.ID, v.DocID, string(v.Verdict), gold, src, v.Curator, v.CreatedAt)
	if err != nil {
		return fmt.Errorf("verdict: %w", err)
	}
	return nil
}

// Verdicts of a document, oldest first.
func (s *DB) Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error) {
	return storecore.Verdicts(ctx, pgQuerier{s.pool}, docID)
}
