package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// pageSize is the SQLite page size of new projects. 16 KiB instead of
// SQLite's 4 KiB: an import of a million spans is 15-20% faster (fewer,
// fuller b-tree pages to split and write), reads of a document's spans
// touch fewer pages, and a single edit still commits in well under a
// millisecond (BENCHMARKS.md). Existing projects keep their page size.
const pageSize = 16384

// createWithPageSize writes the empty database file with pageSize and
// Margin's application id, before open switches it to WAL (after which
// the page size can no longer change). A crash between the two leaves an
// empty file that Open recognises and migrates like a new one.
func createWithPageSize(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", dsn(path, "mode=rwc"))
	if err != nil {
		return err
	}
	defer db.Close()
	// PRAGMAs take no parameters; both values are our own constants.
	if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
	return err
}
