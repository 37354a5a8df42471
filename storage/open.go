// Package storage keeps a Margin project in one SQLite file. It is the only
// package that speaks SQL; every public write is one transaction.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/margin-app/margin/internal/safefile"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// ApplicationID marks a SQLite file as a Margin project ("MRGN").
const ApplicationID = 0x4D52474E

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is a Margin project file. It implements model.Store.
type DB struct {
	db         *sql.DB
	path       string
	now        func() time.Time
	readOnly   bool // writes fail with ErrReadOnly (see reliability.go)
	sess       *session
	cleanup    func() // removes a private read-only copy (readonlyplace.go)
	unregister func() // removes the project from safefile's set of open projects
	// Steps is Undo, Redo and StepHistory over step (history.go).
	storecore.Steps
	// ixCache keeps the text indexes of recently edited documents
	// (docindex.go).
	ixCache storecore.IndexCache
	// directImports: see SetDirectImports (bulkjournal.go). bulkDirect
	// says whether the bulk transaction under way (else the last one)
	// writes the file directly; only that transaction's goroutine and
	// tests read it.
	directImports atomic.Bool
	bulkDirect    bool
}

// ErrNotProject is returned for a file that is not a Margin project.
var ErrNotProject = errors.New("not a Margin project")

// Create makes a new, empty project at path. It refuses to touch an
// existing file: a user's file is never overwritten.
func Create(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("create project %s: file already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("create project %s: %w", path, err)
	}
	if err := createWithPageSize(ctx, path); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("create project %s: %w", path, err)
	}
	return open(ctx, path, true)
}

// Open opens an existing project. A file that is not a Margin project, or
// one written by a newer Margin, is refused and left untouched.
func Open(ctx context.Context, path string) (*DB, error) {
	if placeReadOnly(path) {
		// Read-only media or folder: SQLite could not even create the
		// -shm it needs (see readonlyplace.go).
		return OpenReadOnly(ctx, path)
	}
	err := identify(path, dsn(path, "mode=ro&_busy_timeout="+busyTimeoutMS))
	if hotJournal(err) {
		// A transaction written without the WAL (bulkjournal.go) was cut
		// off by a crash: SQLite rolls it back from the -journal at the
		// first read, which a read-only connection cannot do. The raw
		// header has been checked; the check through SQLite runs again
		// on a connection that may roll back, as any open would.
		err = identify(path, dsn(path, "mode=rw&_busy_timeout="+busyTimeoutMS))
	}
	if err != nil {
		return nil, err
	}
	if notWritable(path) {
		return OpenReadOnly(ctx, path)
	}
	return open(ctx, path, false)
}

// hotJournal says whether err is SQLite's refusal to roll back a hot
// journal on a read-only connection.
func hotJournal(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrReadonlyRollback
}

// identify checks, without writing anything, that path is a SQLite file
// carrying Margin's application id and a schema version this build knows.
// It looks at the file header and then asks SQLite read-only (through
// roDSN), because a crash can leave the newest header in the WAL file only.
func identify(path, roDSN string) error {
	if safefile.OpenProjectOf(path) != "" {
		// Open in this process already, so known to be a project: no raw
		// read, whose close would drop the POSIX locks SQLite holds on the
		// file for the other handle (a running transaction's among them).
		return identifySQL(path, roDSN)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("open project %s: no such file (create one with 'margin init')", path)
		}
		return fmt.Errorf("open project %s: %w", path, err)
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	f.Close()
	if err != nil || n < 100 || string(header[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open project %s: %w (not an SQLite database)", path, ErrNotProject)
	}
	if err := checkNotTruncated(path, header); err != nil {
		return err
	}
	return identifySQL(path, roDSN)
}

// identifySQL is identify's check through SQLite (read-only): Margin's
// application id and a schema version this build knows.
func identifySQL(path, roDSN string) error {
	ro, err := sql.Open("sqlite3", roDSN)
	if err != nil {
		return fmt.Errorf("open project %s: %w", path, err)
	}
	defer ro.Close()
	var appID, version int
	if err := ro.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("open project %s: %w", path, err)
	}
	if err := ro.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("open project %s: %w", path, err)
	}
	if appID != ApplicationID {
		return fmt.Errorf("open project %s: %w (an SQLite database of another application)", path, ErrNotProject)
	}
	if known := len(migrationNames()); version > known {
		return fmt.Errorf("open project %s: written by a newer version of Margin (file format %d, this Margin reads up to %d); update Margin, the file was not modified", path, version, known)
	}
	return nil
}

// dsn builds a go-sqlite3 URI; characters that would end the path part are
// percent-encoded so any file name works.
func dsn(path, params string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(abs) + "?" + params
}

func open(ctx context.Context, path string, create bool) (*DB, error) {
	// WAL for crash safety and readers beside a writer; FULL sync so a
	// commit shown as saved survives power loss too; immediate transactions
	// so a read-then-write transaction waits for the lock instead of failing
	// with "database is locked". No SQLite mutex per connection
	// (_mutex=no, SQLite's multi-thread mode): database/sql never lets two
	// goroutines use one connection at once, and locking it on every
	// bind and column read was 9% of an export's time.
	params := "_journal_mode=WAL&_busy_timeout=" + busyTimeoutMS + "&_foreign_keys=on&_txlock=immediate&_synchronous=FULL&_mutex=no"
	if create {
		params += "&mode=rwc"
	} else {
		params += "&mode=rw"
	}
	db, err := sql.Open("sqlite3", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	s := &DB{db: db, path: path, now: func() time.Time { return time.Now().UTC() }, sess: newSession()}
	s.Steps = storecore.NewSteps(s.step)
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	// File imports consult this to never open (and close) the project's
	// files, which would drop SQLite's locks (safefile.OpenProjectOf).
	s.unregister = safefile.Register(path)
	return s, nil
}

func migrationNames() []string { return storecore.MigrationNames(migrations, "migrations") }

// migrate applies the embedded migrations newer than PRAGMA user_version,
// each in its own transaction together with the version bump.
func (s *DB) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	names := migrationNames()
	if version > len(names) {
		return fmt.Errorf("written by a newer version of Margin (file format %d, this Margin reads up to %d)", version, len(names))
	}
	for i := version; i < len(names); i++ {
		if i == version && version > 0 {
			if err := s.backupBeforeMigration(ctx, version); err != nil {
				return err
			}
		}
		body, err := fs.ReadFile(migrations, "migrations/"+names[i])
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", names[i], err)
			}
			// PRAGMA cannot take parameters; both values are our own integers.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Close closes the project file.
func (s *DB) Close() error {
	err := s.db.Close()
	if s.unregister != nil { // first: cleanup asks who else has it open
		s.unregister()
	}
	if s.cleanup != nil {
		s.cleanup()
	}
	return err
}

// Path is the project file's path.
func (s *DB) Path() string { return s.path }

// tx runs fn in one (immediate) transaction.
func (s *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return s.readOnlyError()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return friendly(s.path, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return friendly(s.path, cancelled(ctx, err))
	}
	if _, err := tx.ExecContext(ctx, bumpChanges); err != nil {
		tx.Rollback()
		return friendly(s.path, cancelled(ctx, err))
	}
	return friendly(s.path, s.commit(tx))
}

// cancelled returns ctx's error when ctx was cancelled: database/sql rolls
// the transaction back as soon as that happens, so the statement running
// then fails with "statement is closed" or the like, which would hide the
// cause from a caller checking errors.Is(err, context.Canceled).
func cancelled(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return cerr
	}
	return err
}

// bulkTx is tx for a bulk import: on a connection of its own with
// foreign-key enforcement off, because checking every annotation row's
// document and annotator (two index lookups per row) was a fifth of a
// million-span import (BENCHMARKS.md). The import inserts those parents
// itself in the same transaction, so annotation rows are right by
// construction; the other tables an import writes, which are small, are
// checked with PRAGMA foreign_key_check before the commit, and any
// dangling reference rolls the whole import back. Enforcement is switched
// back on before the connection returns to the pool; if that fails the
// connection is discarded instead.
func (s *DB) bulkTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.bulkTxOn(ctx, func(tx *sql.Tx, _ *sql.Conn) error { return fn(tx) })
}

// bulkTxOn is bulkTx that also gives fn the connection the transaction
// runs on (for rawInserts).
func (s *DB) bulkTxOn(ctx context.Context, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	if s.readOnly {
		return s.readOnlyError()
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return friendly(s.path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return friendly(s.path, err)
	}
	defer func() {
		// Read the setting back: SQLite ignores the PRAGMA inside an open
		// transaction without an error. A connection still without foreign
		// keys is discarded rather than returned to the pool.
		bg := context.Background()
		on := 0
		if _, err := conn.ExecContext(bg, "PRAGMA foreign_keys = ON"); err == nil {
			conn.QueryRowContext(bg, "PRAGMA foreign_keys").Scan(&on)
		}
		if on != 1 {
			discard(conn)
		}
	}()
	// Runs before the deferred PRAGMA above, once the transaction is over.
	direct, restoreWAL := s.directBulk(ctx, conn)
	s.bulkDirect = direct
	defer func() {
		if !restoreWAL() {
			discard(conn)
		}
	}()
	// The transaction itself is not bound to ctx: on cancellation
	// database/sql would roll it back on a goroutine of its own, possibly
	// after the deferred PRAGMA above had run inside the still-open
	// transaction (and been ignored). The statements still take ctx, so a
	// cancel interrupts them, and the rollback below runs here, in order.
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return friendly(s.path, err)
	}
	if err := fn(tx, conn); err != nil {
		tx.Rollback()
		return friendly(s.path, cancelled(ctx, err))
	}
	if err := checkForeignKeys(ctx, tx, bulkCheckedTables...); err != nil {
		tx.Rollback()
		return friendly(s.path, cancelled(ctx, err))
	}
	if _, err := tx.ExecContext(ctx, bumpChanges); err != nil {
		tx.Rollback()
		return friendly(s.path, cancelled(ctx, err))
	}
	if err := s.commit(tx); err != nil {
		return friendly(s.path, cancelled(ctx, err))
	}
	return nil
}

// bulkCheckedTables are the tables whose references bulkTx checks before
// committing: every table an import writes except annotations (see
// bulkTx) and documents and annotators, which reference nothing.
var bulkCheckedTables = []string{"relations", "doc_labels", "doc_status", "verdicts", "suggestions"}

// checkForeignKeys fails with the first dangling reference in tables.
func checkForeignKeys(ctx context.Context, tx *sql.Tx, tables ...string) error {
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, `SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check(?)`, t)
		if err != nil {
			return err
		}
		var problem error
		if rows.Next() {
			var table, parent string
			var rowid sql.NullInt64
			var fk int
			if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
				rows.Close()
				return err
			}
			problem = fmt.Errorf("%s: row %d refers to a missing row of %s (FOREIGN KEY constraint failed)", table, rowid.Int64, parent)
		}
		err = rows.Err()
		rows.Close()
		if problem != nil {
			return problem
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *DB) stamp() string { return s.now().Format(time.RFC3339Nano) }

func parseTime(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

// readableUnmigrated names the migrations that a file may lack and still
// be read as it is: 003 only changed how annotation ids are stored, and
// every read takes both forms (scans through scanID, the lookup by id in
// getAnnotation with both keys), so a colleague's format-2 file merges
// without being changed. A migration that changes what
// readers expect must not be listed.
// 004 only adds the suggestion tables, which a merge reads only when
// the file has them (merge_suggestions.go).
var readableUnmigrated = map[string]bool{"003_compact_ids.sql": true, "004_suggestions.sql": true}

// readableAsIs says whether a file of format version can be read without
// migrating it.
func readableAsIs(version int) bool {
	names := migrationNames()
	if version > len(names) || version < 1 {
		return false
	}
	for _, name := range names[version:] {
		if !readableUnmigrated[name] {
			return false
		}
	}
	return true
}

// OpenReadOnly opens a project without ever writing to it (used to read a
// colleague's file for a merge). An older file format that cannot be read
// as it is (readableAsIs) is refused rather than migrated, since migrating
// would change the colleague's file.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	src, err := readOnlySource(path, "_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	if !fileExists(path+"-wal") && !fileExists(path+"-shm") {
		// Nobody had the file open: a merge must not leave the
		// -wal and -shm our read-only connection makes beside a
		// colleague's file (issue 15).
		// Another handle of this process on it shares our fcntl
		// locks, so the lock test cannot see it: ask the registry.
		own := src.cleanup
		src.cleanup = func() {
			own()
			if safefile.OpenProjectOf(path) == "" {
				removeUnusedSidecars(path)
			}
		}
	}
	if err := identify(path, src.dsn); err != nil {
		src.cleanup()
		return nil, err
	}
	db, err := sql.Open("sqlite3", src.dsn+"&_foreign_keys=on")
	if err != nil {
		src.cleanup()
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		db.Close()
		src.cleanup()
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	switch known := len(migrationNames()); {
	case version > known:
		db.Close()
		src.cleanup()
		return nil, fmt.Errorf("open project %s: written by a newer version of Margin (file format %d, this Margin reads up to %d)", path, version, known)
	case !readableAsIs(version):
		db.Close()
		src.cleanup()
		return nil, fmt.Errorf("open project %s: file format %d is older than this Margin's %d; open it once with this Margin to upgrade it", path, version, known)
	}
	s := &DB{db: db, path: path, now: func() time.Time { return time.Now().UTC() }, readOnly: true, sess: newSession(), cleanup: src.cleanup, unregister: safefile.Register(path)}
	s.Steps = storecore.NewSteps(s.step)
	return s, nil
}

var _ model.Store = (*DB)(nil)
