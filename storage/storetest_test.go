package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/storetest"
)

// TestStoreSuite runs the shared model.Store suite (also run against
// PostgreSQL by storage/postgres) on a project file.
func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) model.Store {
		db, err := storage.Create(context.Background(), filepath.Join(t.TempDir(), "p.margin"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
