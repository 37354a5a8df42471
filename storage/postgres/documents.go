package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Documents lists the project's documents in import order.
func (s *DB) Documents(ctx context.Context) ([]model.DocumentSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.name, d.sha256, d.length, d.source,
		(SELECT count(*) FROM annotations a WHERE a.doc_id = d.id) FROM documents d ORDER BY d.id`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	out := []model.DocumentSummary{}
	defer rows.Close()
	for rows.Next() {
		var d model.DocumentSummary
		if err := rows.Scan(&d.ID, &d.Name, &d.SHA256, &d.Length, &d.Source, &d.Annotations); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return out, nil
}

// Document loads one document with its text.
func (s *DB) Document(ctx context.Context, id int64) (*model.Document, error) {
	var d model.Document
	var meta *string
	err := s.pool.QueryRow(ctx, `SELECT id, name, text, sha256, source, meta, created_at FROM documents WHERE id = $1`, id).
		Scan(&d.ID, &d.Name, &d.Text, &d.SHA256, &d.Source, &meta, &d.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	if meta != nil {
		d.Meta = []byte(*meta)
	}
	d.CreatedAt = d.CreatedAt.UTC()
	return &d, nil
}

// Statuses: document -> annotator -> status; no row means todo.
func (s *DB) Statuses(ctx context.Context) (map[int64]map[string]model.Status, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc_id, annotator, status FROM doc_status`)
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]model.Status{}
	for rows.Next() {
		var id int64
		var who, st string
		if err := rows.Scan(&id, &who, &st); err != nil {
			return nil, fmt.Errorf("statuses: %w", err)
		}
		if out[id] == nil {
			out[id] = map[string]model.Status{}
		}
		out[id][who] = model.Status(st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}

// SetStatus records an annotator's progress on a document.
func (s *DB) SetStatus(ctx context.Context, docID int64, annotator string, status model.Status) error {
	if !status.Valid() {
		return fmt.Errorf("status %q: want todo, in_progress or done", status)
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := ensureAnnotator(ctx, tx, annotator, s.now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (doc_id, annotator) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
			docID, annotator, string(status), s.now())
		if err != nil {
			return fmt.Errorf("set status of document %d: %w", docID, err)
		}
		return nil
	})
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
