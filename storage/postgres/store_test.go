package postgres

import (
	"context"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
	"github.com/margin-app/margin/storage/storetest"
)

// TestStoreSuite runs the shared model.Store suite (the SQLite store runs
// the same one) on a fresh database per test.
func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) model.Store {
		db, err := Create(context.Background(), pgtest.FreshDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
