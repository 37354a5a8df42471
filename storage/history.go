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
// Steps of another live window keep their redo (its own branch).
func (s *DB) dropRedo(ctx context.Context, tx *sql.Tx, actor string) error {
	var grps []string
	err := eachRow(ctx, tx, `SELECT DISTINCT grp FROM history WHERE annotator = ? AND state = 'undone'`, []any{actor}, func(rows *sql.Rows) error {
		var g string
		err := rows.Scan(&g)
		grps = append(grps, g)
		return err
	})
	if err != nil || len(grps) == 0 {
		return err
	}
	busy, err := s.busyOrigins(ctx, tx)
	if err != nil {
		return err
	}
	for _, g := range grps {
		if busy[groupOrigin(g)] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE history SET state = 'dropped', state_at = ? WHERE grp = ? AND annotator = ? AND state = 'undone'`, s.stamp(), g, actor); err != nil {
			return err
		}
	}
	return nil
}

// latestGroup is the group undo (state done, newest first) or redo (state
// undone, oldest first: the one undone last) takes for actor: the first
// not made by another live instance. Two windows of one annotator each
// undo their own steps, never the other's unknowingly; steps of closed or
// crashed windows and of commands stay undoable by anyone. A handle that
// is no window (a command) refuses with ErrUndoElsewhere when the newest
// step is a live window's, rather than undoing an older one past it.
func (s *DB) latestGroup(ctx context.Context, tx *sql.Tx, actor string, undo bool) (string, error) {
	q := `SELECT grp FROM history WHERE annotator = ? AND state = 'done' ORDER BY seq DESC`
	if !undo {
		q = `SELECT grp FROM history WHERE annotator = ? AND state = 'undone' ORDER BY seq ASC`
	}
	busy, err := s.busyOrigins(ctx, tx)
	if err != nil {
		return "", err
	}
	found := ""
	errFound := errors.New("found")
	err = eachRow(ctx, tx, q, []any{actor}, func(rows *sql.Rows) error {
		var g string
		if err := rows.Scan(&g); err != nil {
			return err
		}
		if busy[groupOrigin(g)] {
			if !s.sess.registered.Load() {
				return fmt.Errorf("%s: %w; undo it in that window, or close it first", actor, model.ErrUndoElsewhere)
			}
			return nil
		}
		found = g
		return errFound
	})
	if err != nil && !errors.Is(err, errFound) {
		return "", err
	}
	return found, nil
}

type historyRow struct {
	seq                int64
	action, entity, id string
	docID              int64
	before, after      sql.NullString
}

// loadGroup loads actor's rows of group grp. A group can hold several
// people's rows (an import or merge brings every layer of its input, each
// row recorded as the layer's owner): undo and redo are per person, so
// one annotator's undo never takes back a colleague's or the gold layer's
// part of the same import (issue 12, item 4).
func loadGroup(ctx context.Context, tx *sql.Tx, grp, actor string, order string) ([]historyRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, action, entity, entity_id, doc_id, before, after FROM history WHERE grp = ? AND annotator = ? ORDER BY seq `+order, grp, actor)
	if err != nil {
		return nil, err
	}
	var out []historyRow
	err = scanRows(rows, func(rows *sql.Rows) error {
		var r historyRow
		if err := rows.Scan(&r.seq, &r.action, &r.entity, &r.id, &r.docID, &r.before, &r.after); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// nextGroup is the group actor's undo (or redo) would take now, "" when
// there is none, and the order its rows are applied in: undo takes the
// newest done group, newest row first; redo the oldest undone one (the
// one undone last), oldest row first. Groups of another live window are
// passed over (latestGroup).
func (s *DB) nextGroup(ctx context.Context, tx *sql.Tx, actor string, undo bool) (grp, order string, err error) {
	order = "DESC"
	if !undo {
		order = "ASC"
	}
	grp, err = s.latestGroup(ctx, tx, actor, undo)
	return grp, order, err
}

// Undo reverts the actor's most recent change group. It returns nil, nil
// when there is nothing to undo.
func (s *DB) Undo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, "", true)
}

// Redo re-applies the actor's most recently undone change group.
func (s *DB) Redo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, "", false)
}

// StepHistory undoes (undo) or redoes the actor's group grp, which must
// still be the actor's next step: the window and the command line show a
// preview first, and nothing else may go instead of what was shown.
func (s *DB) StepHistory(ctx context.Context, actor, grp string, undo bool) (*model.HistoryStep, error) {
	if grp == "" {
		return nil, fmt.Errorf("history step: no group given")
	}
	return s.step(ctx, actor, grp, undo)
}

// step undoes or redoes actor's next group; want, when not "", is the
// group expected (model.ErrHistoryMoved when the next one is another).
func (s *DB) step(ctx context.Context, actor, want string, undo bool) (*model.HistoryStep, error) {
	var step *model.HistoryStep
	err := s.tx(ctx, func(tx *sql.Tx) error {
		grp, order, err := s.nextGroup(ctx, tx, actor, undo)
		if err != nil {
			return err
		}
		if want != "" && grp != want {
			return model.ErrHistoryMoved
		}
		if grp == "" {
			return nil
		}
		rows, err := loadGroup(ctx, tx, grp, actor, order)
		if err != nil {
			return err
		}
		// Count is the items the user sees change: one per row, except that
		// an import's row stands for every annotation it brought.
		step = &model.HistoryStep{Group: grp}
		for _, r := range rows {
			step.Count++
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
			target, from := r.after, r.before // the state to reach, and to leave
			if undo {
				target, from = r.before, r.after
			}
			if err := s.checkUnchanged(ctx, tx, r, from); err != nil {
				return err
			}
			if err := s.applyState(ctx, tx, actor, r, target); err != nil {
				verb := "redo"
				if undo {
					verb = "undo"
				}
				return fmt.Errorf("%s %s of %s %s: %w", verb, r.action, r.entity, r.id, err)
			}
		}
		newState := "undone"
		if !undo {
			newState = "done"
		}
		_, err = tx.ExecContext(ctx, `UPDATE history SET state = ?, state_at = ? WHERE grp = ? AND annotator = ?`, newState, s.stamp(), grp, actor)
		return err
	})
	if err != nil {
		return nil, err
	}
	return step, nil
}

// checkUnchanged refuses to undo or redo a history row whose annotation
// is no longer as the step left it (from; invalid: absent): someone
// changed it since, and applying the step would silently revert that.
// updated_at identifies an annotation's state: every change sets it anew
// (nextStamp), and undo and redo restore it with the rest.
func (s *DB) checkUnchanged(ctx context.Context, tx *sql.Tx, r historyRow, from sql.NullString) error {
	if r.entity != entAnnotation {
		return nil
	}
	cur, err := getAnnotation(ctx, tx, r.id)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	var want *annotationRecord
	if from.Valid {
		want = &annotationRecord{}
		if err := json.Unmarshal([]byte(from.String), want); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	switch {
	case want == nil && cur == nil:
		return nil
	case want == nil:
		return fmt.Errorf("annotation %s was created again since: %w", r.id, model.ErrStale)
	case cur == nil:
		return fmt.Errorf("annotation %s was deleted since: %w", r.id, model.ErrStale)
	case !cur.UpdatedAt.Equal(want.UpdatedAt):
		return fmt.Errorf("annotation %s (%s) was changed since: %w", r.id, cur.Label, model.ErrStale)
	}
	return nil
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
