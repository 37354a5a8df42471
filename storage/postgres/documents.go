package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Documents lists the project's documents in import order.
func (s *DB) Documents(ctx context.Context) ([]model.DocumentSummary, error) {
	return storecore.Documents(ctx, pgQuerier{s.pool})
}

// Document loads one document with its text.
func (s *DB) Document(ctx context.Context, id int64) (*model.Document, error) {
	return storecore.Document(ctx, pgQuerier{s.pool}, id)
}

// Statuses: document -> annotator -> status; no row means todo.
func (s *DB) Statuses(ctx context.Context) (map[int64]map[string]model.Status, error) {
	return storecore.Statuses(ctx, pgQuerier{s.pool})
}

// SetStatus records an annotator's progress on a document.
func (s *DB) SetStatus(ctx context.Context, docID int64, annotator string, status model.Status) error {
	if !status.Valid() {
		return fmt.Errorf("status %q: want todo, in_progress or done", status)
	}
	return s.setStatusOneTrip(ctx, docID, annotator, status)
}

// Annotators lists every layer's owner.
func (s *DB) Annotators(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM annotators ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("annotators: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("annotators: %w", err)
	}
	return out, nil
}

// Check compares every document with its SHA-256 and every annotation's
// covered text with its document (the server keeps its own pages sound;
// foreign keys are enforced, never switched off).
func (s *DB) Check(ctx context.Context) ([]string, error) {
	return storecore.CheckTexts(ctx, s)
}
