package postgres

import (
	"context"
	"errors"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// schemaCache is the schema in force as this handle last read it, with
// its version (schemas.version; 0 for none). A one-trip relation or
// document label is checked against it in the client and sends, with
// its writes, schemaGuardSQL: if the schema changed since, the server
// undoes the edit, the cache is forgotten and the edit goes the long
// way, checked against the schema read in its transaction.
type schemaCache struct {
	mu      sync.Mutex
	sc      *model.Schema // nil: not read; shared, never changed
	version int64
}

// schemaGuardSQL fails (MG001, errLongWay) unless the newest schema
// version is $1.
const schemaGuardSQL = `SELECT margin_expect_one(CASE WHEN COALESCE((SELECT max(version) FROM schemas), 0) = $1::bigint THEN 1 ELSE 0 END, 'the schema')`

func (c *schemaCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sc = nil
}

// schemaNow is the schema in force and its version, from the cache or
// read from the server (outside any transaction: the guard checks it).
func (s *DB) schemaNow(ctx context.Context) (*model.Schema, int64, error) {
	s.schema.mu.Lock()
	sc, v := s.schema.sc, s.schema.version
	s.schema.mu.Unlock()
	if sc != nil {
		return sc, v, nil
	}
	var text string
	err := s.pool.QueryRow(ctx, `SELECT version, toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&v, &text)
	found := err == nil
	if errors.Is(err, pgx.ErrNoRows) {
		err, v = nil, 0
	}
	if sc, err = storecore.SchemaFromText(text, found, err); err != nil {
		return nil, 0, err
	}
	s.schema.mu.Lock()
	s.schema.sc, s.schema.version = sc, v
	s.schema.mu.Unlock()
	return sc, v, nil
}
