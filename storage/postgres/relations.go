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
	rs, err := relationsOfDoc(ctx, s.pool, docID)
	if err == nil {
		s.rememberRelations(rs)
	}
	return rs, err
}

func relationsOfDoc(ctx context.Context, q pgHandle, docID int64) ([]model.Relation, error) {
	return storecore.Relations(ctx, pgQuerier{q}, docID)
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
// One round trip when this handle knows both ends (onetrip_relations.go),
// else the long way, reading them in the transaction.
func (s *DB) CreateRelation(ctx context.Context, r *model.Relation) error {
	if err := s.createRelationOneTrip(ctx, r); !errors.Is(err, errLongWay) {
		return err
	}
	err := s.tx(ctx, func(tx pgx.Tx) error { return storecore.CreateRelation(ctx, s.core(tx), r) })
	if err == nil {
		s.relations.put(r.ID, *r)
	}
	return err
}

// DeleteRelation removes a relation of by's layer (or gold).
// One round trip for a relation this handle knows, else the long way.
func (s *DB) DeleteRelation(ctx context.Context, id, by string) error {
	if err := s.deleteRelationOneTrip(ctx, id, by); !errors.Is(err, errLongWay) {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.DeleteRelation(ctx, s.core(tx), id, by) })
}

// deleteRelationsOf removes (and records) the relations touching an
// annotation before it goes (storecore).
func (s *DB) deleteRelationsOf(ctx context.Context, tx pgx.Tx, grp, actor, annID string) error {
	return storecore.DeleteRelationsOf(ctx, s.core(tx), grp, actor, annID)
}

// DocLabels of a document, every layer.
func (s *DB) DocLabels(ctx context.Context, docID int64) ([]model.DocLabel, error) {
	return storecore.DocLabels(ctx, pgQuerier{s.pool}, docID)
}

// SetDocLabel gives a document a class in l.Annotator's layer; for a set
// of one value the previous value is replaced.
func (s *DB) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	if err := s.setDocLabelOneTrip(ctx, l); !errors.Is(err, errLongWay) {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.SetDocLabel(ctx, s.core(tx), l) })
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func (s *DB) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	if err := s.removeDocLabelOneTrip(ctx, l); !errors.Is(err, errLongWay) {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error { return storecore.RemoveDocLabel(ctx, s.core(tx), l) })
}
