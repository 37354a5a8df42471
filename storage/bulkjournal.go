package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
)

// A first import into an empty project can be written straight into the
// project file, under SQLite's rollback journal, instead of through the
// write-ahead log. In WAL mode every page of the import is written twice
// (to the -wal file, then copied into the project by the checkpoint at
// commit, which also reads the whole log back): for 10,000 articles with
// a million spans that is 212 MB written and read again, and the commit
// and checkpoint took 1.0-2.4 s of a 6-10 s import at load 11-12 against
// 0.2-0.4 s written directly (BENCHMARKS.md, issue 14). A rollback
// journal keeps the import all or nothing: the pages the project had
// before are copied to the -journal (and synced) before they are
// overwritten, pages added past the old end of the file need no copy, and
// an interrupted import is rolled back from the journal the next time the
// project is opened, as an interrupted WAL transaction would be.
//
// The switch needs the project to itself: SQLite changes the journal mode
// only when no other connection, in any process, has the file open, so
// with a window open on the project (or another connection in this
// process's pool) the import runs through the WAL as before. It is also
// only for processes that do nothing else with the project while the
// import runs (SetDirectImports, the command line): without the WAL,
// readers wait for the import's commit instead of reading beside it (a
// window opened meanwhile waits up to the busy timeout), which a window
// importing in the background must not impose on itself. Only an empty
// project qualifies: the journal then holds a handful of pages, where an
// import into a large project would copy every index page it touches.
// Afterwards the project goes back to WAL mode; should that fail (the
// commit has happened either way), the connection is discarded and the
// next open switches it back.

// busyTimeoutMS is how long a statement waits for another connection's
// lock (the _busy_timeout of every connection).
const busyTimeoutMS = "5000"

// SetDirectImports says whether this process leaves the project alone
// while an import runs, so that a first import into an empty project may
// write the file directly instead of through the WAL (see above). The
// command line's import sets it; the window does not.
func (s *DB) SetDirectImports(on bool) { s.directImports.Store(on) }

// directBulk switches conn to the rollback journal for a bulk transaction
// when this process may (SetDirectImports), the project has no documents
// and no other connection has it open. It returns whether it did and a
// func to call after the transaction has committed or rolled back, which
// switches back to WAL and reports false when the connection must be
// discarded. A switch that cannot be made is no error: the import then
// runs through the WAL.
func (s *DB) directBulk(ctx context.Context, conn *sql.Conn) (direct bool, restore func() bool) {
	none := func() bool { return true }
	if !s.directImports.Load() {
		return false, none
	}
	// No documents, and no search index: keeping one in step would ask
	// for fts5Available on another connection of the pool (search.go),
	// which could not open while this one writes without the WAL.
	var busy int
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'doc_search')`).Scan(&busy); err != nil || busy != 0 {
		return false, none
	}
	// Another connection's lock is an answer, not something to wait for:
	// the import then goes through the WAL at once.
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return false, none
	}
	var mode string
	err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	_, errBusy := conn.ExecContext(ctx, `PRAGMA busy_timeout = `+busyTimeoutMS)
	switched := err == nil && strings.EqualFold(mode, "delete")
	if !switched {
		if errBusy != nil {
			return false, func() bool { return false }
		}
		return false, none
	}
	return true, func() bool {
		var back string
		bg := context.Background()
		if err := conn.QueryRowContext(bg, `PRAGMA journal_mode = WAL`).Scan(&back); err != nil || !strings.EqualFold(back, "wal") {
			return false
		}
		return errBusy == nil
	}
}

// discard makes database/sql close conn instead of returning it to the
// pool.
func discard(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
}
