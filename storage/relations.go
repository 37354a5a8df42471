package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// CreateRelation links two annotations of r.Annotator's layer in one
// document, checked against the schema's relation types.
func (s *DB) CreateRelation(ctx context.Context, r *model.Relation) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.CreateRelation(ctx, coreTx{s, tx}, r) })
}

// DeleteRelation removes a relation of by's layer (or of gold).
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.DeleteRelation(ctx, coreTx{s, tx}, id, by) })
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
// annotation before the annotation itself goes (storecore).
func (s *DB) deleteRelationsOf(ctx context.Context, tx *sql.Tx, grp, actor, annID string) error {
	return storecore.DeleteRelationsOf(ctx, coreTx{s, tx}, grp, actor, annID)
}

// SetDocLabel gives a document a class in l.Annotator's layer. For a set
// that allows one value, the previous value is replaced.
func (s *DB) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.SetDocLabel(ctx, coreTx{s, tx}, l) })
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.RemoveDocLabel(ctx, coreTx{s, tx}, l) })
}
