package storage

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

func produceDocs(docs []model.DocumentImport, fail error) func(put func(*model.DocumentImport) error) error {
	return func(put func(*model.DocumentImport) error) error {
		for i := range docs {
			d := docs[i]
			if err := put(&d); err != nil {
				return err
			}
		}
		return fail
	}
}

// checkWALAndWhole fails unless the project is back in WAL mode, passes
// SQLite's integrity check and has no rollback journal left beside it.
func checkWALAndWhole(t *testing.T, db *DB, path string) {
	t.Helper()
	var mode, check string
	if err := db.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Fatalf("journal mode %q after the import, want wal", mode)
	}
	if err := db.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q, %v", check, err)
	}
	if _, err := os.Stat(path + "-journal"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a rollback journal is left beside the project: %v", err)
	}
}

func countRows(t *testing.T, db *DB, query string) int {
	t.Helper()
	var n int
	if err := db.db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDirectFirstImportIsAllOrNothingAndEndsInWAL: a first import by a
// process that leaves the project alone meanwhile is written without the
// WAL; one that fails leaves the project empty, one that succeeds stores
// everything, and either way the project is back in WAL mode, whole, with
// no journal left. A second import, into a project that has documents,
// goes through the WAL.
func TestDirectFirstImportIsAllOrNothingAndEndsInWAL(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	db.SetDirectImports(true)
	late := errors.New("the input ends in a bad line")
	// A page cache of 64 KiB instead of 64 MiB: the failing import's pages
	// are written into the project file long before it fails, and must be
	// rolled back from the journal.
	defer func(p string) { importCachePragma = p }(importCachePragma)
	importCachePragma = `PRAGMA cache_size = -64`
	docs := bulkDocs(300, 150)
	var grown int64 // the project file's size when the input fails
	failing := func(put func(*model.DocumentImport) error) error {
		if err := produceDocs(docs, nil)(put); err != nil {
			return err
		}
		// Fail once the writer has put pages into the file itself (it
		// may still be writing the last queued documents).
		for i := 0; i < 3000 && grown < 1<<20; i++ {
			time.Sleep(10 * time.Millisecond)
			if fi, err := os.Stat(path); err == nil {
				grown = fi.Size()
			}
		}
		return late
	}
	if _, err := db.ImportStream(ctx, failing, nil, "ana"); !errors.Is(err, late) {
		t.Fatalf("failing import: %v", err)
	}
	if grown < 1<<20 {
		t.Fatalf("the failing import's pages never reached the file (%d bytes): the test tests nothing", grown)
	}
	if !db.bulkDirect {
		t.Fatal("the failing first import went through the WAL")
	}
	for _, table := range []string{"annotations", "documents", "history"} {
		if n := countRows(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Fatalf("%d rows in %s after a failed import", n, table)
		}
	}
	checkWALAndWhole(t, db, path)

	res, err := db.ImportStream(ctx, produceDocs(docs, nil), nil, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if !db.bulkDirect {
		t.Fatal("the first import went through the WAL")
	}
	if n := countRows(t, db, `SELECT count(*) FROM annotations`); len(res) != 300 || n != 300*150+2 {
		t.Fatalf("%d documents, %d annotations; want 300, %d", len(res), n, 300*150+2)
	}
	checkWALAndWhole(t, db, path)

	more := bulkDocs(301, 2)[300:] // a document the project lacks
	if _, err := db.ImportStream(ctx, produceDocs(more, nil), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if db.bulkDirect {
		t.Fatal("an import into a project with documents skipped the WAL")
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := countRows(t, again, `SELECT count(*) FROM documents`); n != 301 {
		t.Fatalf("%d documents after reopening, want 301", n)
	}
	checkWALAndWhole(t, again, path)
}

// TestDirectImportUsesTheWALBesideAnotherConnection: with the project
// open elsewhere (here another DB on the same file, as a window would
// have it), the first import goes through the WAL at once, and the other
// connection reads its documents afterwards; without SetDirectImports
// (the window's own imports) it always does.
func TestDirectImportUsesTheWALBesideAnotherConnection(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	db.SetDirectImports(true)
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n := countRows(t, other, `SELECT count(*) FROM documents`); n != 0 {
		t.Fatalf("%d documents in a new project", n)
	}
	if _, err := db.ImportStream(ctx, produceDocs(bulkDocs(20, 10), nil), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if db.bulkDirect {
		t.Fatal("the import skipped the WAL while another connection had the project open")
	}
	if n := countRows(t, other, `SELECT count(*) FROM documents`); n != 20 {
		t.Fatalf("the other connection reads %d documents, want 20", n)
	}
	checkWALAndWhole(t, db, path)

	window, wpath := newProject(t)
	if _, err := window.ImportStream(ctx, produceDocs(bulkDocs(5, 3), nil), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if window.bulkDirect {
		t.Fatal("an import without SetDirectImports skipped the WAL")
	}
	checkWALAndWhole(t, window, wpath)
}
