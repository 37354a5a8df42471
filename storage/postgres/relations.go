package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
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
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.CreateRelation(ctx, coreTx{s, tx}, r) })
}

// DeleteRelation removes a relation of by's layer (or gold).
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.DeleteRelation(ctx, coreTx{s, tx}, id, by) })
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
// annotation before it goes (storecore).
func (s *DB) deleteRelationsOf(ctx context.Context, tx pgx.Tx, grp, actor, annID string) error {
	return storecore.DeleteRelationsOf(ctx, coreTx{s, tx}, grp, actor, annID)
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
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.SetDocLabel(ctx, coreTx{s, tx}, l) })
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.RemoveDocLabel(ctx, coreTx{s, tx}, l) })
}
