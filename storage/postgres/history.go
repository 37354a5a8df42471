package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// History entities, as in the SQLite store.
const (
	entAnnotation = "annotation"
	entRelation   = "relation"
	entDocLabel   = "doc_label"
	entSchema     = "schema"
	entVerdict    = "verdict"
	entImported   = "import" // one row per imported document and annotator
)

// record writes one history row in the caller's transaction; before and
// after are the entity's states (nil: absent), stored as JSON.
func (s *DB) record(ctx context.Context, tx pgx.Tx, grp, actor, action, entity, id string, docID int64, before, after any) error {
	var p pipeline
	p.record(s.now(), grp, actor, action, entity, id, docID, before, after)
	if err := p.send(ctx, tx); err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

// encState is a state as JSON text, or nil (SQL NULL) for absent.
func encState(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
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
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// lockPerson serializes one person's history changes (a new step, undo,
// redo) across every client of the project until the transaction ends:
// two windows of one annotator never interleave their undo.
// The key is a 64-bit hash of the name (any seed; 17 for the issue): two
// names that collide only wait for each other.
func lockPerson(ctx context.Context, tx pgx.Tx, actor string) error {
	_, err := tx.Exec(ctx, lockPersonSQL, actor)
	return err
}

const lockPersonSQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 17))`

// dropRedo makes the actor's undone steps unredoable: a new change starts
// a new branch. The rows stay for the audit trail.
func (s *DB) dropRedo(ctx context.Context, tx pgx.Tx, actor string) error {
	var p pipeline
	p.dropRedo(actor, s.now())
	return p.send(ctx, tx)
}

type historyRow struct {
	seq                int64
	action, entity, id string
	docID              int64
	before, after      []byte // JSON; nil: absent
}

// nextGroup is the group actor's undo (newest done) or redo (oldest
// undone: the one undone last) takes now, "" when there is none.
func nextGroup(ctx context.Context, tx pgx.Tx, actor string, undo bool) (string, error) {
	q := `SELECT grp FROM history WHERE annotator = $1 AND state = 'done' ORDER BY seq DESC LIMIT 1`
	if !undo {
		q = `SELECT grp FROM history WHERE annotator = $1 AND state = 'undone' ORDER BY seq ASC LIMIT 1`
	}
	var g string
	err := tx.QueryRow(ctx, q, actor).Scan(&g)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return g, err
}

// loadGroup loads actor's rows of group grp: undo and redo are per
// person, so one annotator's undo never takes back a colleague's part of
// the same import.
func loadGroup(ctx context.Context, tx pgx.Tx, grp, actor string, undo bool) ([]historyRow, error) {
	order := "ASC"
	if undo {
		order = "DESC"
	}
	rows, err := tx.Query(ctx, `SELECT seq, action, entity, entity_id, doc_id, before::text, after::text FROM history WHERE grp = $1 AND annotator = $2 ORDER BY seq `+order, grp, actor)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var r historyRow
		var b, a *string
		if err := rows.Scan(&r.seq, &r.action, &r.entity, &r.id, &r.docID, &b, &a); err != nil {
			return nil, err
		}
		if b != nil {
			r.before = []byte(*b)
		}
		if a != nil {
			r.after = []byte(*a)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Undo reverts the actor's most recent change group; nil, nil when there
// is nothing to undo.
func (s *DB) Undo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, "", true)
}

// Redo re-applies the actor's most recently undone change group.
func (s *DB) Redo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return s.step(ctx, actor, "", false)
}

// StepHistory undoes (or redoes) grp, which must still be the actor's
// next step (model.ErrHistoryMoved otherwise).
func (s *DB) StepHistory(ctx context.Context, actor, grp string, undo bool) (*model.HistoryStep, error) {
	if grp == "" {
		return nil, fmt.Errorf("history step: no group given")
	}
	return s.step(ctx, actor, grp, undo)
}

func (s *DB) step(ctx context.Context, actor, want string, undo bool) (*model.HistoryStep, error) {
	var step *model.HistoryStep
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockPerson(ctx, tx, actor); err != nil {
			return err
		}
		grp, err := nextGroup(ctx, tx, actor, undo)
		if err != nil {
			return err
		}
		if want != "" && grp != want {
			return model.ErrHistoryMoved
		}
		if grp == "" {
			return nil
		}
		rows, err := loadGroup(ctx, tx, grp, actor, undo)
		if err != nil {
			return err
		}
		step = &model.HistoryStep{Group: grp}
		for _, r := range rows {
			step.Count++
			step.DocID = r.docID
			if r.entity == entAnnotation {
				step.Changed = append(step.Changed, r.id)
			}
			if r.entity == entImported {
				ids, err := importedIDs(ctx, tx, r)
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
			target, from := r.after, r.before
			if undo {
				target, from = r.before, r.after
			}
			if err := checkUnchanged(ctx, tx, r, from); err != nil {
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
		_, err = tx.Exec(ctx, `UPDATE history SET state = $1, state_at = $2 WHERE grp = $3 AND annotator = $4`, newState, s.now(), grp, actor)
		return err
	})
	if err != nil {
		return nil, err
	}
	return step, nil
}

// checkUnchanged refuses to undo or redo a row whose annotation is no
// longer as the step left it (from; nil: absent): applying the step would
// silently revert a later change.
func checkUnchanged(ctx context.Context, tx pgx.Tx, r historyRow, from []byte) error {
	if r.entity != entAnnotation {
		return nil
	}
	cur, err := getAnnotation(ctx, tx, r.id, true)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	var want *annotationRecord
	if from != nil {
		want = &annotationRecord{}
		if err := json.Unmarshal(from, want); err != nil {
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

// applyState makes the row's entity look like target (nil: absent).
func (s *DB) applyState(ctx context.Context, tx pgx.Tx, actor string, r historyRow, target []byte) error {
	switch r.entity {
	case entImported:
		return s.applyImported(ctx, tx, r, target)
	case entAnnotation:
		var a *model.Annotation
		var hist int64
		if target != nil {
			var rec annotationRecord
			if err := json.Unmarshal(target, &rec); err != nil {
				return fmt.Errorf("history %d: %w", r.seq, err)
			}
			a, hist = &rec.Annotation, rec.Hist
			a.DocID = r.docID
		}
		return s.applyAnnotation(ctx, tx, r.id, a, hist)
	case entRelation:
		if target == nil {
			_, err := tx.Exec(ctx, `DELETE FROM relations WHERE id = $1`, r.id)
			return err
		}
		var rel model.Relation
		if err := json.Unmarshal(target, &rel); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		rel.DocID = r.docID
		return s.insertRelation(ctx, tx, &rel)
	case entDocLabel:
		src := target
		if src == nil {
			src = r.before
			if src == nil {
				src = r.after
			}
		}
		var l model.DocLabel
		if err := json.Unmarshal(src, &l); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		if target == nil {
			_, err := tx.Exec(ctx, `DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value = $4`, r.docID, l.Annotator, l.Set, l.Value)
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, r.docID, l.Annotator, l.Set, l.Value, s.now())
		return err
	case entVerdict:
		if target == nil {
			_, err := tx.Exec(ctx, `DELETE FROM verdicts WHERE id = $1`, r.id)
			return err
		}
		var v model.Verdict
		if err := json.Unmarshal(target, &v); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		v.DocID = r.docID
		return insertVerdict(ctx, tx, &v)
	case entSchema:
		if target == nil {
			return nil // the project had no schema before; keep the current one
		}
		var text string
		if err := json.Unmarshal(target, &text); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, text, s.now(), actor)
		return err
	}
	return fmt.Errorf("unknown history entity %q", r.entity)
}

// applyAnnotation makes annotation id look like target (nil: absent); a
// re-created annotation that an import made gets its hist back.
func (s *DB) applyAnnotation(ctx context.Context, tx pgx.Tx, id string, target *model.Annotation, hist int64) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM annotations WHERE id = $1)`, id).Scan(&exists); err != nil {
		return err
	}
	switch {
	case target == nil && exists:
		_, err := tx.Exec(ctx, `DELETE FROM annotations WHERE id = $1`, id)
		return err
	case target == nil:
		return nil
	case exists:
		return writeAnnotation(ctx, tx, target)
	default:
		ix, err := s.docIndex(ctx, tx, target.DocID)
		if err != nil {
			return err
		}
		return s.insertAnnotation(ctx, tx, ix, target, hist)
	}
}
