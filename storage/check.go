package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/margin-app/margin/storage/storecore"
)

// Check runs SQLite's integrity and foreign-key checks and compares every
// annotation's recorded covered text with its document. It returns the
// problems found; an empty list means the project is sound.
func (s *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	// A check that fails part-way is an error, never a short list of
	// problems: "integrity ok" must mean the whole check ran.
	err := eachRow(ctx, s.db, `PRAGMA integrity_check`, nil, func(rows *sql.Rows) error {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			problems = append(problems, "sqlite: "+msg)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", friendly(s.path, err))
	}
	err = eachRow(ctx, s.db, `PRAGMA foreign_key_check`, nil, func(rows *sql.Rows) error {
		var table, parent string
		var rowid, idx any
		if err := rows.Scan(&table, &rowid, &parent, &idx); err != nil {
			return err
		}
		problems = append(problems, fmt.Sprintf("table %s row %v refers to a missing %s", table, rowid, parent))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", friendly(s.path, err))
	}
	texts, err := storecore.CheckTexts(ctx, s)
	if err != nil {
		return nil, err
	}
	return append(problems, texts...), nil
}
