package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// PreviewHistory says what the actor's next undo (or redo) would do,
// changing nothing (storecore.Preview), in a read-only snapshot.
func (s *DB) PreviewHistory(ctx context.Context, actor string, undo bool) (*model.HistoryPreview, error) {
	return storecore.Preview(ctx, func(fn func(storecore.PreviewTx) error) error {
		return s.wrap(pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error { return fn(s.core(tx)) }))
	}, actor, undo)
}

// imported counts an import row's annotations by label: those in the
// project for an undo, those kept in the row for a redo.
func (t coreTx) CountImported(ctx context.Context, c *model.HistoryCounter, cr storecore.HistoryRow, undo bool) error {
	r := nativeRow(cr)
	state, err := parseImported(r)
	if err != nil {
		return err
	}
	if !undo {
		for _, a := range state.Annotations {
			c.Add(r.docID, "annotation", a.Label, 0, 1, 0)
		}
		return nil
	}
	if state.Annotations != nil {
		for _, a := range state.Annotations {
			c.Add(r.docID, "annotation", a.Label, 1, 0, 0)
		}
		return nil
	}
	return storecore.CountImportedNow(ctx, t, c, cr)
}
