package postgres

import (
	"context"
	"fmt"
	"time"

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

// StatusStamps are every status the connection may read, with the time it
// was set.
func (s *DB) StatusStamps(ctx context.Context) ([]model.StatusStamp, error) {
	return storecore.StatusStamps(ctx, pgQuerier{s.pool})
}

// MergeStatuses sets each stamp where the project has no status of that
// document and person, or an older one (the newer wins, decided by the
// server row by row), in one transaction; it returns how many it set. A
// stamp's time is kept to the microsecond timestamptz holds, so that a
// second push or pull of it changes nothing.
func (s *DB) MergeStatuses(ctx context.Context, stamps []model.StatusStamp) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx pgx.Tx) error {
		n = 0
		for _, st := range stamps {
			if !st.Status.Valid() {
				return fmt.Errorf("status %q of document %d: want todo, in_progress or done", st.Status, st.DocID)
			}
			if err := ensureAnnotator(ctx, tx, st.Annotator, s.now()); err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (doc_id, annotator) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
				WHERE doc_status.updated_at < EXCLUDED.updated_at`,
				st.DocID, st.Annotator, string(st.Status), st.At.UTC().Truncate(time.Microsecond))
			if err != nil {
				return fmt.Errorf("set status of document %d: %w", st.DocID, err)
			}
			n += int(tag.RowsAffected())
		}
		return nil
	})
	return n, err
}

var _ model.StatusStamper = (*DB)(nil)
