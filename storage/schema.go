package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// Schema returns the schema in force (the newest version). A project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	var text string
	err := s.db.QueryRowContext(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return &model.Schema{AllowOverlap: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	sc, err := model.ParseSchema([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	return sc, nil
}

// SetSchema stores a new schema version after validating it.
func (s *DB) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	text, err := sc.TOML()
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, string(text), s.stamp(), by)
		if err != nil {
			return fmt.Errorf("save schema: %w", err)
		}
		return nil
	})
}
