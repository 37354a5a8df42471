package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// Relations of a document, every layer.
func (s *DB) Relations(ctx context.Context, docID int64) ([]model.Relation, error) {
	return relationsOfDoc(ctx, s.pool, docID)
}

func relationsOfDoc(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, docID int64) ([]model.Relation, error) {
	rows, err := q.Query(ctx, `SELECT id, doc_id, annotator, type, from_id, to_id, created_at FROM relations WHERE doc_id = $1 ORDER BY created_at, id`, docID)
	if err != nil {
		return nil, fmt.Errorf("relations of document %d: %w", docID, err)
	}
	defer rows.Close()
	out := []model.Relation{}
	for rows.Next() {
		var r model.Relation
		if err := rows.Scan(&r.ID, &r.DocID, &r.Annotator, &r.Type, &r.From, &r.To, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("relations of document %d: %w", docID, err)
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("relations of document %d: %w", docID, err)
	}
	return out, nil
}

func (s *DB) insertRelation(ctx context.Context, tx pgx.Tx, r *model.Relation) error {
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Microsecond)
	if err := ensureAnnotator(ctx, tx, r.Annotator, s.now()); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.DocID, r.Annotator, r.Type, r.From, r.To, r.CreatedAt)
	if err != nil {
		return fmt.Errorf("relation %s: %w", r.ID, err)
	}
	return nil
}

// CreateRelation links two annotations of r.Annotator's layer in one
// document, checked against the schema's relation types.
func (s *DB) CreateRelation(ctx context.Context, r *model.Relation) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		sc, err := schemaOf(ctx, tx)
		if err != nil {
			return err
		}
		from, err := getAnnotation(ctx, tx, r.From, true)
		if err != nil {
			return err
		}
		to, err := getAnnotation(ctx, tx, r.To, true)
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
		return s.record(ctx, tx, newGroup(), r.Annotator, "create", entRelation, r.ID, r.DocID, nil, r)
	})
}

// DeleteRelation removes a relation of by's layer (or gold).
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		r, err := getRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayEdit(r.Annotator, by) {
			return fmt.Errorf("relation %s belongs to %s's layer; %s cannot delete it", id, r.Annotator, by)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM relations WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		return s.record(ctx, tx, newGroup(), by, "delete", entRelation, id, r.DocID, r, nil)
	})
}

func getRelation(ctx context.Context, tx pgx.Tx, id string) (*model.Relation, error) {
	var r model.Relation
	err := tx.QueryRow(ctx, `SELECT id, doc_id, annotator, type, from_id, to_id, created_at FROM relations WHERE id = $1 FOR UPDATE`, id).
		Scan(&r.ID, &r.DocID, &r.Annotator, &r.Type, &r.From, &r.To, &r.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("relation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

// deleteRelationsOf removes (and records) the relations touching an
// annotation before it goes, so undoing the deletion brings them back.
func (s *DB) deleteRelationsOf(ctx context.Context, tx pgx.Tx, grp, actor, annID string) error {
	rows, err := tx.Query(ctx, `SELECT id FROM relations WHERE from_id = $1 OR to_id = $1 ORDER BY id`, annID)
	if err != nil {
		return fmt.Errorf("relations of annotation %s: %w", annID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("relations of annotation %s: %w", annID, err)
	}
	for _, id := range ids {
		r, err := getRelation(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM relations WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.record(ctx, tx, grp, actor, "delete", entRelation, id, r.DocID, r, nil); err != nil {
			return err
		}
	}
	return nil
}

// DocLabels of a document, every layer.
func (s *DB) DocLabels(ctx context.Context, docID int64) ([]model.DocLabel, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc_id, annotator, set_name, value FROM doc_labels WHERE doc_id = $1 ORDER BY annotator, set_name, value`, docID)
	if err != nil {
		return nil, fmt.Errorf("document labels of %d: %w", docID, err)
	}
	defer rows.Close()
	out := []model.DocLabel{}
	for rows.Next() {
		var l model.DocLabel
		if err := rows.Scan(&l.DocID, &l.Annotator, &l.Set, &l.Value); err != nil {
			return nil, fmt.Errorf("document labels of %d: %w", docID, err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("document labels of %d: %w", docID, err)
	}
	return out, nil
}

// SetDocLabel gives a document a class in l.Annotator's layer; for a set
// of one value the previous value is replaced.
func (s *DB) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		sc, err := schemaOf(ctx, tx)
		if err != nil {
			return err
		}
		set, err := sc.CheckDocLabel(l.Set, l.Value)
		if err != nil {
			return err
		}
		if err := ensureAnnotator(ctx, tx, l.Annotator, s.now()); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, l.DocID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("document %d: %w", l.DocID, model.ErrNotFound)
		}
		grp := newGroup()
		if err := s.dropRedo(ctx, tx, l.Annotator); err != nil {
			return err
		}
		if !set.Multiple {
			rows, err := tx.Query(ctx, `DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value <> $4 RETURNING value`, l.DocID, l.Annotator, l.Set, l.Value)
			if err != nil {
				return err
			}
			old, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return fmt.Errorf("document labels of %d: %w", l.DocID, err)
			}
			for _, v := range old {
				prev := model.DocLabel{DocID: l.DocID, Annotator: l.Annotator, Set: l.Set, Value: v}
				if err := s.record(ctx, tx, grp, l.Annotator, "delete", entDocLabel, l.Set+"="+v, l.DocID, &prev, nil); err != nil {
					return err
				}
			}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, l.DocID, l.Annotator, l.Set, l.Value, s.now())
		if err != nil {
			return err
		}
		if tag.RowsAffected() > 0 {
			return s.record(ctx, tx, grp, l.Annotator, "create", entDocLabel, l.Set+"="+l.Value, l.DocID, nil, &l)
		}
		return nil
	})
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM doc_labels WHERE doc_id = $1 AND annotator = $2 AND set_name = $3 AND value = $4`, l.DocID, l.Annotator, l.Set, l.Value)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("document %d has no label %s=%s by %s", l.DocID, l.Set, l.Value, l.Annotator)
		}
		if err := s.dropRedo(ctx, tx, l.Annotator); err != nil {
			return err
		}
		return s.record(ctx, tx, newGroup(), l.Annotator, "delete", entDocLabel, l.Set+"="+l.Value, l.DocID, &l, nil)
	})
}
