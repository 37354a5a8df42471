package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// PreviewHistory says what the actor's next undo (or redo) would do,
// changing nothing: per document, kind and label, how many items go,
// come back or change (as storage/history_preview.go).
func (s *DB) PreviewHistory(ctx context.Context, actor string, undo bool) (*model.HistoryPreview, error) {
	var p *model.HistoryPreview
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		grp, err := nextGroup(ctx, tx, actor, undo)
		if err != nil || grp == "" {
			return err
		}
		rows, err := loadGroup(ctx, tx, grp, actor, undo)
		if err != nil {
			return err
		}
		p = &model.HistoryPreview{Group: grp, Undo: undo}
		c := &effects{}
		for _, r := range rows {
			p.AddAction(r.action)
			target, other := r.after, r.before
			if undo {
				target, other = r.before, r.after
			}
			switch r.entity {
			case entSchema:
				p.Schema = true
			case entImported:
				p.Bulk = true
				if err := c.imported(ctx, tx, r, undo); err != nil {
					return err
				}
			default:
				if err := c.row(r, target, other); err != nil {
					return err
				}
			}
		}
		return c.finish(ctx, tx, p)
	})
	if err != nil {
		return nil, s.wrap(err)
	}
	return p, nil
}

// effects counts a step's effects (model.HistoryCounter) from this
// store's history rows.
type effects struct {
	model.HistoryCounter
}

func (c *effects) row(r historyRow, target, other []byte) error {
	kinds := map[string]string{entAnnotation: "annotation", entRelation: "relation", entDocLabel: "document label", entVerdict: "verdict"}
	kind, ok := kinds[r.entity]
	if !ok {
		return fmt.Errorf("history %d: unknown entity %q", r.seq, r.entity)
	}
	src := target
	if src == nil {
		src = other
	}
	if src == nil {
		return nil
	}
	var v struct {
		Label, Type, Set, Value, Verdict string
	}
	if err := json.Unmarshal(src, &v); err != nil {
		return fmt.Errorf("history %d: %w", r.seq, err)
	}
	label := map[string]string{entAnnotation: v.Label, entRelation: v.Type, entDocLabel: v.Set + "=" + v.Value, entVerdict: v.Verdict}[r.entity]
	switch {
	case target == nil:
		c.Add(r.docID, kind, label, 1, 0, 0)
	case other == nil:
		c.Add(r.docID, kind, label, 0, 1, 0)
	default:
		c.Add(r.docID, kind, label, 0, 0, 1)
	}
	return nil
}

// imported counts an import row's annotations by label: those in the
// project for an undo, those kept in the row for a redo.
func (c *effects) imported(ctx context.Context, tx pgx.Tx, r historyRow, undo bool) error {
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
	rows, err := tx.Query(ctx, `SELECT label, count(*) FROM annotations WHERE doc_id = $1 AND hist = $2 GROUP BY label`, r.docID, r.seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var label string
		var n int
		if err := rows.Scan(&label, &n); err != nil {
			return err
		}
		c.Add(r.docID, "annotation", label, n, 0, 0)
	}
	return rows.Err()
}

// finish completes p with the counted effects (model.HistoryPreview.Finish),
// naming their documents.
func (c *effects) finish(ctx context.Context, tx pgx.Tx, p *model.HistoryPreview) error {
	return p.Finish(&c.HistoryCounter, func(id int64) (string, error) {
		var name string
		err := tx.QueryRow(ctx, `SELECT name FROM documents WHERE id = $1`, id).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			err = nil
		}
		return name, err
	})
}
