package storage

import (
	"context"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Schema returns the schema in force (the newest version). A project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	return schemaTx(ctx, s.db)
}

func schemaTx(ctx context.Context, q sqlHandle) (*model.Schema, error) {
	return storecore.LoadSchema(ctx, sqlQuerier{q})
}

// SetSchema stores a new schema version after validating it.
func (s *DB) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	return storecore.SetSchema(ctx, s.run(ctx), sc, by)
}

// ChangeSchema replaces the schema, migrating annotations
// (storecore.ChangeSchema); one transaction and one undo step for by.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	return storecore.ChangeSchema(ctx, s.run(ctx), sc, by, renames, force)
}
