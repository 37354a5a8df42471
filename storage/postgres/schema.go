package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Schema returns the schema in force (the newest version); a project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	return schemaOf(ctx, s.pool)
}

func schemaOf(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (*model.Schema, error) {
	var text string
	err := q.QueryRow(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
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
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockSchema(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, string(text), s.now(), by); err != nil {
			return fmt.Errorf("save schema: %w", err)
		}
		return nil
	})
}

// schemaLock is the advisory lock key of schema changes ("SCHM").
const schemaLock = 0x5343484D

// lockSchema serializes schema changes until the transaction ends, so a
// change committed meanwhile is grown, never reverted. An advisory lock
// rather than LOCK TABLE, which would need write privileges on schemas
// that an annotator's import (growing nothing) does not have.
func lockSchema(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(schemaLock))
	return err
}

// growSchema stores grow's schema, computed from the one in force in tx.
func (s *DB) growSchema(ctx context.Context, tx pgx.Tx, grow model.SchemaGrowth, by string) error {
	if grow == nil {
		return nil
	}
	if err := lockSchema(ctx, tx); err != nil {
		return err
	}
	current, err := schemaOf(ctx, tx)
	if err != nil {
		return err
	}
	sc, err := grow(current)
	if err != nil || sc == nil {
		return err
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	text, err := sc.TOML()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, string(text), s.now(), by); err != nil {
		return fmt.Errorf("save schema: %w", err)
	}
	return nil
}

// ChangeSchema replaces the schema, renaming labels (renames: old -> new)
// and, with force, deleting the annotations of dropped labels
// (storecore.ChangeSchema); one transaction and one undo step for by.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	if _, _, err := storecore.CheckSchemaChange(sc, renames); err != nil {
		return nil, err
	}
	var change *model.SchemaChange
	err := s.tx(ctx, func(tx pgx.Tx) (err error) {
		if err := lockSchema(ctx, tx); err != nil {
			return err
		}
		change, err = storecore.ChangeSchema(ctx, coreTx{s, tx}, sc, by, renames, force)
		return err
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}
