package storage

import (
	"context"
	"database/sql"

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
	text, err := storecore.SchemaTOML(sc)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return storecore.SaveSchema(ctx, s.core(tx), text, by) })
}

// ChangeSchema replaces the schema, migrating annotations
// (storecore.ChangeSchema); one transaction and one undo step for by.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	if _, _, err := storecore.CheckSchemaChange(sc, renames); err != nil {
		return nil, err
	}
	var change *model.SchemaChange
	err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		change, err = storecore.ChangeSchema(ctx, s.core(tx), sc, by, renames, force)
		return err
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}
