package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// PreviewHistory says what the actor's next undo (undo) or redo would do,
// without doing it (storecore.Preview).
func (s *DB) PreviewHistory(ctx context.Context, actor string, undo bool) (*model.HistoryPreview, error) {
	return storecore.Preview(ctx, func(fn func(storecore.PreviewTx) error) error {
		return s.tx(ctx, func(tx *sql.Tx) error { return fn(s.core(tx)) })
	}, actor, undo)
}

// imported counts the annotations an import row brought, by label: those
// in the project now for an undo, those kept in the row for a redo.
func (t coreTx) CountImported(ctx context.Context, c *model.HistoryCounter, cr storecore.HistoryRow, undo bool) error {
	tx, r := t.tx, nativeRow(cr)
	var state importedState
	if r.after.Valid && r.after.String != "{}" {
		if err := json.Unmarshal([]byte(r.after.String), &state); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	if !undo {
		for _, a := range state.Annotations {
			c.Add(r.docID, "annotation", a.Label, 0, 1, 0)
		}
		return nil
	}
	// Undo deletes what the row kept (after an earlier undo and redo), or
	// the annotations it created that are still there.
	if state.Annotations != nil || len(state.IDs) > 0 {
		anns := state.Annotations
		if anns == nil {
			var err error
			if anns, err = importedNow(ctx, tx, r, state); err != nil {
				return err
			}
		}
		for _, a := range anns {
			c.Add(r.docID, "annotation", a.Label, 1, 0, 0)
		}
		return nil
	}
	return storecore.CountImportedNow(ctx, t, c, cr)
}
