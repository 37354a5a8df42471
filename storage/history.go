package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// History entities this package names (storecore has them all).
const (
	entAnnotation = storecore.EntAnnotation
	entDocLabel   = storecore.EntDocLabel
)

// record writes one history row in the caller's transaction. actor is who
// made the change (for annotations that is the layer's owner, except for
// schema-wide changes such as a label rename); before/after are the entity's
// states as JSON (nil: absent).
func (s *DB) record(ctx context.Context, tx *sql.Tx, grp, actor, action, entity, id string, docID int64, before, after any) error {
	b, err := storecore.EncState(before)
	if err != nil {
		return err
	}
	a, err := storecore.EncState(after)
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

// nativeRow is a storecore history row as this package's import and
// suggestion code reads it (nil: absent).
func nativeRow(r storecore.HistoryRow) historyRow {
	return historyRow{seq: r.Seq, action: r.Action, entity: r.Entity, id: r.ID, docID: r.DocID, before: bytesNull(r.Before), after: bytesNull(r.After)}
}

func bytesNull(b []byte) sql.NullString {
	return sql.NullString{String: string(b), Valid: b != nil}
}

// NextGroup: the first group not made by another live instance
// (latestGroup).
func (c coreTx) NextGroup(ctx context.Context, actor string, undo bool) (string, error) {
	return c.s.latestGroup(ctx, c.tx, actor, undo)
}

func (c coreTx) ImportedIDs(ctx context.Context, r storecore.HistoryRow) ([]string, error) {
	return c.s.importedIDs(ctx, c.tx, nativeRow(r))
}

func (c coreTx) ApplyImported(ctx context.Context, r storecore.HistoryRow, target []byte) error {
	return c.s.applyImported(ctx, c.tx, nativeRow(r), bytesNull(target))
}

// ApplyOther applies the rows of the entities only this store keeps:
// suggestions' statuses.
func (c coreTx) ApplyOther(ctx context.Context, r storecore.HistoryRow, target []byte) error {
	if r.Entity == entSuggestion {
		return applySuggestionStatus(ctx, c.tx, nativeRow(r), bytesNull(target))
	}
	return storecore.UnknownEntity(r)
}

// step undoes or redoes actor's next group (storecore.Step); want, when
// not "", is the group expected.
func (s *DB) step(ctx context.Context, actor, want string, undo bool) (*model.HistoryStep, error) {
	var step *model.HistoryStep
	err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		step, err = storecore.Step(ctx, s.core(tx), actor, want, undo)
		return err
	})
	if err != nil {
		return nil, err
	}
	return step, nil
}
