package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// Assignments is which documents each member is asked to annotate
// (migrations/003): person -> document ids, in id order.
func (s *DB) Assignments(ctx context.Context) (map[string][]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT person, doc_id FROM assignments ORDER BY person, doc_id`)
	if err != nil {
		return nil, fmt.Errorf("assignments: %w", s.wrap(err))
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var p string
		var d int64
		if err := rows.Scan(&p, &d); err != nil {
			return nil, fmt.Errorf("assignments: %w", err)
		}
		out[p] = append(out[p], d)
	}
	return out, rows.Err()
}

// Assign asks person (a member) to annotate docs, keeping what is
// assigned already; it returns how many assignments are new. Only a
// lead (or the owner) may: the server refuses anyone else (ErrRefused).
func (s *DB) Assign(ctx context.Context, docs []int64, person, by string) (int, error) {
	added := 0
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockAssignments(ctx, tx); err != nil {
			return err
		}
		members, err := memberNames(ctx, tx, "")
		if err != nil {
			return err
		}
		if !slices.Contains(members, person) {
			return fmt.Errorf("assign: %q is not a member of the team (margin team list; add them with margin team add)", person)
		}
		for _, d := range docs {
			n, err := insertAssignment(ctx, tx, d, person, by, s.now())
			if err != nil {
				return err
			}
			added += n
		}
		return nil
	})
	return added, err
}

// AssignPerDoc gives every document n distinct annotators (members of
// kind annotator), balanced and deterministic (model.BalanceAssignments),
// keeping existing assignments; it returns the new ones (doc -> people).
func (s *DB) AssignPerDoc(ctx context.Context, n int, by string) (map[int64][]string, error) {
	var added map[int64][]string
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockAssignments(ctx, tx); err != nil {
			return err
		}
		people, err := memberNames(ctx, tx, KindAnnotator)
		if err != nil {
			return err
		}
		var docs []int64
		rows, err := tx.Query(ctx, `SELECT id FROM documents ORDER BY id`)
		if err != nil {
			return err
		}
		docs, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		existing := map[int64][]string{}
		rows, err = tx.Query(ctx, `SELECT doc_id, person FROM assignments ORDER BY doc_id, person`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d int64
			var p string
			if err := rows.Scan(&d, &p); err != nil {
				rows.Close()
				return err
			}
			existing[d] = append(existing[d], p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if added, err = model.BalanceAssignments(docs, people, existing, n); err != nil {
			return err
		}
		for d, ps := range added {
			for _, p := range ps {
				if _, err := insertAssignment(ctx, tx, d, p, by, s.now()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// lockAssignments serializes assigners, so that two balancing at once
// do not both fill one place; readers are not blocked.
func lockAssignments(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `LOCK TABLE assignments IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

func insertAssignment(ctx context.Context, tx pgx.Tx, doc int64, person, by string, now time.Time) (int, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO assignments (doc_id, person, assigned_at, assigned_by)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM documents WHERE id = $1)
		ON CONFLICT (doc_id, person) DO NOTHING`, doc, person, now, by)
	if err != nil {
		return 0, err
	}
	if tag.RowsAffected() == 0 {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, doc).Scan(&exists); err != nil {
			return 0, err
		}
		if !exists {
			return 0, fmt.Errorf("assign: no document %d in the project (margin docs lists them): %w", doc, model.ErrNotFound)
		}
	}
	return int(tag.RowsAffected()), nil
}

// memberNames lists the members' names (of kind, or all for ""), sorted.
func memberNames(ctx context.Context, tx pgx.Tx, kind string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT person FROM members WHERE $1 = '' OR kind = $1 ORDER BY person`, kind)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
