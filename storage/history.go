package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// record writes one history row in the caller's transaction.
func (s *DB) record(ctx context.Context, tx *sql.Tx, grp, annotator, action, id string, docID int64, before, after *model.Annotation) error {
	enc := func(a *model.Annotation) (any, error) {
		if a == nil {
			return nil, nil
		}
		b, err := json.Marshal(a)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES (?, ?, ?, ?, 'annotation', ?, ?, ?, ?)`,
		grp, s.stamp(), annotator, action, id, docID, b, a)
	if err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

// dropRedo makes the annotator's undone steps unredoable: a new change
// starts a new branch, as in every editor. The rows stay for the audit.
func (s *DB) dropRedo(ctx context.Context, tx *sql.Tx, annotator string) error {
	_, err := tx.ExecContext(ctx, `UPDATE history SET state = 'dropped', state_at = ? WHERE annotator = ? AND state = 'undone'`, s.stamp(), annotator)
	return err
}

type historyRow struct {
	seq           int64
	action, id    string
	docID         int64
	before, after *model.Annotation
}

func loadGroup(ctx context.Context, tx *sql.Tx, grp string, order string) ([]historyRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, action, entity_id, doc_id, before, after FROM history WHERE grp = ? ORDER BY seq `+order, grp)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var r historyRow
		var b, a sql.NullString
		if err := rows.Scan(&r.seq, &r.action, &r.id, &r.docID, &b, &a); err != nil {
			return nil, err
		}
		dec := func(v sql.NullString) (*model.Annotation, error) {
			if !v.Valid {
				return nil, nil
			}
			var an model.Annotation
			if err := json.Unmarshal([]byte(v.String), &an); err != nil {
				return nil, fmt.Errorf("history %d: %w", r.seq, err)
			}
			an.DocID = r.docID
			return &an, nil
		}
		if r.before, err = dec(b); err != nil {
			return nil, err
		}
		if r.after, err = dec(a); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Undo reverts the annotator's most recent change group. It returns nil,
// nil when there is nothing to undo.
func (s *DB) Undo(ctx context.Context, annotator string) (*model.HistoryStep, error) {
	return s.step(ctx, annotator, true)
}

// Redo re-applies the annotator's most recently undone change group.
func (s *DB) Redo(ctx context.Context, annotator string) (*model.HistoryStep, error) {
	return s.step(ctx, annotator, false)
}

func (s *DB) step(ctx context.Context, annotator string, undo bool) (*model.HistoryStep, error) {
	var step *model.HistoryStep
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Undo takes the newest done group; redo the oldest undone one,
		// which is the one undone last.
		q := `SELECT grp FROM history WHERE annotator = ? AND state = 'done' ORDER BY seq DESC LIMIT 1`
		order := "DESC"
		if !undo {
			q = `SELECT grp FROM history WHERE annotator = ? AND state = 'undone' ORDER BY seq ASC LIMIT 1`
			order = "ASC"
		}
		var grp string
		if err := tx.QueryRowContext(ctx, q, annotator).Scan(&grp); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		rows, err := loadGroup(ctx, tx, grp, order)
		if err != nil {
			return err
		}
		step = &model.HistoryStep{Group: grp, Count: len(rows)}
		for _, r := range rows {
			step.DocID = r.docID
			step.Changed = append(step.Changed, r.id)
			if step.Action == "" {
				step.Action = r.action
			} else if step.Action != r.action {
				step.Action = "mixed"
			}
			target := r.after // the state to reach
			if undo {
				target = r.before
			}
			if err := s.applyState(ctx, tx, r.id, target); err != nil {
				return fmt.Errorf("%s %s of annotation %s: %w", map[bool]string{true: "undo", false: "redo"}[undo], r.action, r.id, err)
			}
		}
		newState := "undone"
		if !undo {
			newState = "done"
		}
		_, err = tx.ExecContext(ctx, `UPDATE history SET state = ?, state_at = ? WHERE grp = ?`, newState, s.stamp(), grp)
		return err
	})
	if err != nil {
		return nil, err
	}
	return step, nil
}

// applyState makes annotation id look like target (nil: absent).
func (s *DB) applyState(ctx context.Context, tx *sql.Tx, id string, target *model.Annotation) error {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations WHERE id = ?`, id).Scan(&exists); err != nil {
		return err
	}
	switch {
	case target == nil && exists > 0:
		_, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, id)
		return err
	case target == nil:
		return nil
	case exists > 0:
		return s.writeAnnotation(ctx, tx, target)
	default:
		ix, err := docIndex(ctx, tx, target.DocID)
		if err != nil {
			return err
		}
		return s.insertAnnotation(ctx, tx, ix, target)
	}
}
