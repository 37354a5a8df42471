package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// SetStatus records an annotator's progress on a document.
func (s *DB) SetStatus(ctx context.Context, docID int64, annotator string, status model.Status) error {
	if !status.Valid() {
		return fmt.Errorf("status %q: want todo, in_progress or done", status)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := ensureAnnotator(ctx, tx, annotator, s.stamp()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (doc_id, annotator) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
			docID, annotator, string(status), s.stamp())
		if err != nil {
			return fmt.Errorf("set status of document %d: %w", docID, err)
		}
		return nil
	})
}

// Statuses returns every document's status per annotator: doc -> annotator
// -> status. Documents without a row are "todo" for everyone.
func (s *DB) Statuses(ctx context.Context) (map[int64]map[string]model.Status, error) {
	return storecore.Statuses(ctx, sqlQuerier{s.db})
}

// Annotators lists every layer's owner.
func (s *DB) Annotators(ctx context.Context) ([]string, error) {
	var out []string
	err := eachRow(ctx, s.db, `SELECT name FROM annotators ORDER BY name`, nil, func(rows *sql.Rows) error {
		var n string
		err := rows.Scan(&n)
		out = append(out, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("annotators: %w", err)
	}
	return out, nil
}

// Assignments is empty: a project file assigns no documents (people
// exchanging files each annotate all of theirs), so everyone's queue is
// every document (model.Queue).
func (s *DB) Assignments(ctx context.Context) (map[string][]int64, error) {
	return map[string][]int64{}, nil
}

// StatusStamps are every status with the time it was set.
func (s *DB) StatusStamps(ctx context.Context) ([]model.StatusStamp, error) {
	return storecore.StatusStamps(ctx, sqlQuerier{s.db})
}

// MergeStatuses sets each stamp where the file has no status of that
// document and person, or an older one (a merge's rule: the newer wins),
// in one transaction, with the stamp's time; it returns how many it set.
func (s *DB) MergeStatuses(ctx context.Context, stamps []model.StatusStamp) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		for _, st := range stamps {
			if !st.Status.Valid() {
				return fmt.Errorf("status %q of document %d: want todo, in_progress or done", st.Status, st.DocID)
			}
			var at string
			err := tx.QueryRowContext(ctx, `SELECT updated_at FROM doc_status WHERE doc_id = ? AND annotator = ?`, st.DocID, st.Annotator).Scan(&at)
			if err == nil && !parseTime(at).Before(st.At) {
				continue
			}
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err := ensureAnnotator(ctx, tx, st.Annotator, s.stamp()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (doc_id, annotator) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
				st.DocID, st.Annotator, string(st.Status), st.At.UTC().Format(time.RFC3339Nano)); err != nil {
				return fmt.Errorf("set status of document %d: %w", st.DocID, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

var _ model.StatusStamper = (*DB)(nil)
