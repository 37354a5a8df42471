package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/margin-app/margin/model"
)

// CreateRelation links two annotations of r.Annotator's layer in one
// document, checked against the schema's relation types.
func (s *DB) CreateRelation(ctx context.Context, r *model.Relation) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := schemaTx(ctx, tx)
		if err != nil {
			return err
		}
		from, err := getAnnotation(ctx, tx, r.From)
		if err != nil {
			return err
		}
		to, err := getAnnotation(ctx, tx, r.To)
		if err != nil {
			return err
		}
		if from.DocID != to.DocID {
			return fmt.Errorf("relation: %s and %s are in different documents", r.From, r.To)
		}
		if r.Annotator == "" {
			r.Annotator = from.Annotator
		}
		if from.Annotator != r.Annotator || to.Annotator != r.Annotator {
			return fmt.Errorf("relation: both annotations must be in %s's layer (they are %s's and %s's)", r.Annotator, from.Annotator, to.Annotator)
		}
		if err := sc.CheckRelation(r.Type, from.Label, to.Label); err != nil {
			return fmt.Errorf("relation: %w", err)
		}
		r.DocID = from.DocID
		r.ID = uuid.NewString()
		r.CreatedAt = s.now()
		if err := s.insertRelation(ctx, tx, r); err != nil {
			return err
		}
		if err := s.dropRedo(ctx, tx, r.Annotator); err != nil {
			return err
		}
		return s.record(ctx, tx, s.newGroup(), r.Annotator, "create", entRelation, r.ID, r.DocID, nil, r)
	})
}

// DeleteRelation removes a relation of by's layer.
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := getRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayEdit(r.Annotator, by) { // own layer, or gold (any curator), as for annotations
			return fmt.Errorf("relation %s belongs to %s's layer; %s cannot delete it", id, r.Annotator, by)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE id = ?`, id); err != nil {
			return err
		}
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		return s.record(ctx, tx, s.newGroup(), by, "delete", entRelation, id, r.DocID, r, nil)
	})
}

func getRelation(ctx context.Context, tx *sql.Tx, id string) (*model.Relation, error) {
	var r model.Relation
	var at string
	err := tx.QueryRowContext(ctx, `SELECT id, doc_id, annotator, type, from_id, to_id, created_at FROM relations WHERE id = ?`, id).
		Scan(&r.ID, &r.DocID, &r.Annotator, &r.Type, scanID{&r.From}, scanID{&r.To}, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("relation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	r.CreatedAt = parseTime(at)
	return &r, nil
}

// deleteRelationsOf removes (and records) the relations touching an
// annotation before the annotation itself goes, so that undoing the
// deletion brings them back too.
func (s *DB) deleteRelationsOf(ctx context.Context, tx *sql.Tx, grp, actor, annID string) error {
	var ids []string
	err := eachRow(ctx, tx, `SELECT id FROM relations WHERE from_id = ?1 OR to_id = ?1`, []any{idKey(annID)}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("relations of annotation %s: %w", annID, err)
	}
	for _, id := range ids {
		r, err := getRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE id = ?`, id); err != nil {
			return err
		}
		if err := s.record(ctx, tx, grp, actor, "delete", entRelation, id, r.DocID, r, nil); err != nil {
			return err
		}
	}
	return nil
}

// SetDocLabel gives a document a class in l.Annotator's layer. For a set
// that allows one value, the previous value is replaced.
func (s *DB) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := schemaTx(ctx, tx)
		if err != nil {
			return err
		}
		set, err := sc.CheckDocLabel(l.Set, l.Value)
		if err != nil {
			return err
		}
		if err := ensureAnnotator(ctx, tx, l.Annotator, s.stamp()); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, l.DocID).Scan(&n); err != nil || n == 0 {
			return fmt.Errorf("document %d: %w", l.DocID, model.ErrNotFound)
		}
		grp := s.newGroup()
		if err := s.dropRedo(ctx, tx, l.Annotator); err != nil {
			return err
		}
		if !set.Multiple {
			var old []string
			err := eachRow(ctx, tx, `SELECT value FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value <> ?`, []any{l.DocID, l.Annotator, l.Set, l.Value}, func(rows *sql.Rows) error {
				var v string
				err := rows.Scan(&v)
				old = append(old, v)
				return err
			})
			if err != nil {
				return fmt.Errorf("document labels of %d: %w", l.DocID, err)
			}
			for _, v := range old {
				prev := model.DocLabel{DocID: l.DocID, Annotator: l.Annotator, Set: l.Set, Value: v}
				if _, err := tx.ExecContext(ctx, `DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value = ?`, l.DocID, l.Annotator, l.Set, v); err != nil {
					return err
				}
				if err := s.record(ctx, tx, grp, l.Annotator, "delete", entDocLabel, l.Set+"="+v, l.DocID, &prev, nil); err != nil {
					return err
				}
			}
		}
		r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`, l.DocID, l.Annotator, l.Set, l.Value, s.stamp())
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n > 0 {
			return s.record(ctx, tx, grp, l.Annotator, "create", entDocLabel, l.Set+"="+l.Value, l.DocID, nil, &l)
		}
		return nil
	})
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value = ?`, l.DocID, l.Annotator, l.Set, l.Value)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("document %d has no label %s=%s by %s", l.DocID, l.Set, l.Value, l.Annotator)
		}
		if err := s.dropRedo(ctx, tx, l.Annotator); err != nil {
			return err
		}
		return s.record(ctx, tx, s.newGroup(), l.Annotator, "delete", entDocLabel, l.Set+"="+l.Value, l.DocID, &l, nil)
	})
}
