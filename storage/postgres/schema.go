package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Schema returns the schema in force (the newest version); a project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	return schemaOf(ctx, s.pool)
}

func schemaOf(ctx context.Context, q pgHandle) (*model.Schema, error) {
	return storecore.LoadSchema(ctx, pgQuerier{q})
}

// SetSchema stores a new schema version after validating it.
func (s *DB) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	text, err := storecore.SchemaTOML(sc)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockSchema(ctx, tx); err != nil {
			return err
		}
		return storecore.SaveSchema(ctx, s.core(tx), text, by)
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

// growSchema stores grow's schema, computed from the one in force in tx
// (storecore.GrowSchema), under the schema lock.
func (s *DB) growSchema(ctx context.Context, tx pgx.Tx, grow model.SchemaGrowth, by string) error {
	if grow == nil {
		return nil
	}
	if err := lockSchema(ctx, tx); err != nil {
		return err
	}
	return storecore.GrowSchema(ctx, s.core(tx), grow, by)
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
		change, err = storecore.ChangeSchema(ctx, s.core(tx), sc, by, renames, force)
		return err
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}
