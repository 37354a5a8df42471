package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// History entities.
const (
	entAnnotation = "annotation"
	entRelation   = "relation"
	entDocLabel   = "doc_label"
	entSchema     = "schema"
	entVerdict    = "verdict"
	// entImported is one row per imported document and annotator; the
	// annotations it created carry its seq (see applyImported in bulk.go).
	entImported = "import"
)

// record writes one history row in the caller's transaction. actor is who
// made the change (for annotations that is the layer's owner, except for
// schema-wide changes such as a label rename); before/after are the entity's
// states as JSON (nil: absent).
func (s *DB) record(ctx context.Context, tx *sql.Tx, grp, actor, action, entity, id string, docID int64, before, after any) error {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		switch x := v.(type) {
		case *model.Annotation:
			if x == nil {
				return nil, nil
			}
		case *model.Relation:
			if x == nil {
				return nil, nil
			}
		case *model.DocLabel:
			if x == nil {
				return nil, nil
			}
		}
		b, err := json.Marshal(v)
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
	_, err = tx.ExecContext(ctx, `INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		grp, s.stamp(), actor, action, entity, id, docID, b, a)
	if err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

// dropRedo makes the actor's undone steps unredoable: a new change starts
// a new branch, as in every editor. The rows stay for the audit trail.
func (s *DB) dropRedo(ctx context.Context, tx *sql.Tx, actor string) error {
	_, err := tx.ExecContext(ctx, `UPDATE history SET state = 'dropped', state_at = ? WHERE annotator = ? AND state = 'undone'`, s.stamp(), actor)
	return err
}

type historyRow struct {
	seq                int64
	action, entity, id string
	docID              int64
	before, after      sql.NullString
}

func loadGroup(ctx context.Context, tx *sql.Tx, grp string, order string) ([]historyRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, action, entity, entity_id, doc_id, before, after FROM history WHERE grp = ? ORDER BY seq `+order, grp)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var r historyRow
		if err := rows.Scan(&r.seq, &r.action, &r.entity, &r.id, &r.docID, &r.before, &r.after); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Undo reverts the actor's most recent change group. It returns nil, nil
// when there is nothing to undo.
func (s *DB) Undo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, true)
}

// Redo re-applies the actor's most recently undone change group.
func (s *DB) Redo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, false)
}

func (s *DB) step(ctx context.Context, actor string, undo bool) (*model.HistoryStep, error) {
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
		if err := tx.QueryRowContext(ctx, q, actor).Scan(&grp); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		rows, err := loadGroup(ctx, tx, grp, order)
		if err != nil {
			return err
		}
		// Count is the items the user sees change: one per row, except that
		// an import's row stands for every annotation it brought.
		step = &model.HistoryStep{Group: grp}
		for _, r := range rows {
			if r.entity != entSuggestion { // a suggestion's status rides along with what accepting made
				step.Count++
			}
			step.DocID = r.docID
			if r.entity == entAnnotation {
				step.Changed = append(step.Changed, r.id)
			}
			if r.entity == entImported {
				ids, err := s.importedIDs(ctx, tx, r)
				if err != nil {
					return err
				}
				step.Changed = append(step.Changed, ids...)
				step.Count += len(ids) - 1
			}
			if step.Action == "" {
				step.Action = r.action
			} else if step.Action != r.action {
				step.Action = "mixed"
			}
			target := r.after // the state to reach
			if undo {
				target = r.before
			}
			if err := s.applyState(ctx, tx, actor, r, target); err != nil {
				verb := "redo"
				if undo {
					verb = "undo"
				}
				return fmt.Errorf("%s %s of %s %s: %w", verb, r.action, r.entity, r.id, err)
			}
		}
		if step.Count == 0 { // a reject: only a suggestion's status changed
			step.Count = len(rows)
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

// applyState makes the row's entity look like target (invalid: absent).
func (s *DB) applyState(ctx context.Context, tx *sql.Tx, actor string, r historyRow, target sql.NullString) error {
	switch r.entity {
	case entImported:
		return s.applyImported(ctx, tx, r, target)
	case entAnnotation:
		var a *model.Annotation
		var hist int64
		if target.Valid {
			var rec annotationRecord
			if err := json.Unmarshal([]byte(target.String), &rec); err != nil {
				return fmt.Errorf("history %d: %w", r.seq, err)
			}
			a, hist = &rec.Annotation, rec.Hist
			a.DocID = r.docID
		}
		return s.applyAnnotation(ctx, tx, r.id, a, hist)
	case entRelation:
		if !target.Valid {
			_, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE id = ?`, r.id)
			return err
		}
		var rel model.Relation
		if err := json.Unmarshal([]byte(target.String), &rel); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		rel.DocID = r.docID
		return s.insertRelation(ctx, tx, &rel)
	case entDocLabel:
		src := target
		if !src.Valid {
			src = r.before
			if !src.Valid {
				src = r.after
			}
		}
		var l model.DocLabel
		if err := json.Unmarshal([]byte(src.String), &l); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		if !target.Valid {
			_, err := tx.ExecContext(ctx, `DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value = ?`, r.docID, l.Annotator, l.Set, l.Value)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`, r.docID, l.Annotator, l.Set, l.Value, s.stamp())
		return err
	case entVerdict:
		if !target.Valid {
			_, err := tx.ExecContext(ctx, `DELETE FROM verdicts WHERE id = ?`, r.id)
			return err
		}
		var v model.Verdict
		if err := json.Unmarshal([]byte(target.String), &v); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		v.DocID = r.docID
		return s.insertVerdict(ctx, tx, &v)
	case entSuggestion:
		return applySuggestionStatus(ctx, tx, r, target)
	case entSchema:
		if !target.Valid {
			return nil // the project had no schema before; keep the current one
		}
		var text string
		if err := json.Unmarshal([]byte(target.String), &text); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, text, s.stamp(), actor)
		return err
	}
	return fmt.Errorf("unknown history entity %q", r.entity)
}

// applyAnnotation makes annotation id look like target (nil: absent).
// A re-created annotation that a bulk import made gets its hist back.
func (s *DB) applyAnnotation(ctx context.Context, tx *sql.Tx, id string, target *model.Annotation, hist int64) error {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations WHERE id = ?`, idKey(id)).Scan(&exists); err != nil {
		return err
	}
	switch {
	case target == nil && exists > 0:
		_, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, idKey(id))
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
		if err := s.insertAnnotation(ctx, tx, ix, target); err != nil {
			return err
		}
		if hist == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE annotations SET hist = ? WHERE id = ?`, hist, idKey(target.ID))
		return err
	}
}
