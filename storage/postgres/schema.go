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
	return storecore.LoadSchema(ctx, pgQuerier{s.pool})
}

// SetSchema stores a new schema version after validating it, under the
// schema lock.
func (s *DB) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	return storecore.SetSchema(ctx, s.run(ctx, lockSchema), sc, by)
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
// (storecore.ChangeSchema), under the schema lock; one transaction and
// one undo step for by.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	return storecore.ChangeSchema(ctx, s.run(ctx, lockSchema), sc, by, renames, force)
}
