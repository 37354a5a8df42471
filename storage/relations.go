package storage

import (
	"context"
	"database/sql"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// CreateRelation links two annotations of r.Annotator's layer in one
// document, checked against the schema's relation types.
func (s *DB) CreateRelation(ctx context.Context, r *model.Relation) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.CreateRelation(ctx, s.core(tx), r) })
}

// DeleteRelation removes a relation of by's layer (or of gold).
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.DeleteRelation(ctx, s.core(tx), id, by) })
}

// deleteRelationsOf removes (and records) the relations touching an
// annotation before the annotation itself goes (storecore).
func (s *DB) deleteRelationsOf(ctx context.Context, tx *sql.Tx, grp, actor, annID string) error {
	return storecore.DeleteRelationsOf(ctx, s.core(tx), grp, actor, annID)
}

// SetDocLabel gives a document a class in l.Annotator's layer. For a set
// that allows one value, the previous value is replaced.
func (s *DB) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.SetDocLabel(ctx, s.core(tx), l) })
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.RemoveDocLabel(ctx, s.core(tx), l) })
}
