// Package postgres keeps a Margin project in a PostgreSQL database, for a
// team sharing one project (issue 17). It implements model.Store with the
// semantics of the SQLite store (package storage): every write is one
// transaction with its history rows, undo and redo are per person, SQL
// is parameterized only. The schema is versioned by the embedded
// migrations, applied in order and recorded in margin_migrations.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// application marks a database as a Margin project (project table).
const application = "margin"

// migrateLock is the advisory lock key that serializes migrations of one
// database between clients opening it at once ("MRGN").
const migrateLock = 0x4D52474E

// ErrNotProject is returned for a database that is not a Margin project.
var ErrNotProject = errors.New("not a Margin project")

// DB is a Margin project in PostgreSQL. It implements model.Store.
type DB struct {
	pool *pgxpool.Pool
	url  string // for messages, without the password
	// person is the team member the connection's role is (margin team
	// add), "" for the project's owner or another role: the annotator
	// name the command line and the window default to.
	person string
	kind   string // the member's kind (annotator, curator, lead) when opened, "" for the owner
	// role is the connection's role (current_user): the name of the
	// owner, who is no member (Name).
	role string
	// actingAs is ActAs's name (suggestions.go); nil: none.
	actingAs atomic.Pointer[string]
	now      func() time.Time
	// ixCache keeps the text indexes of recently edited documents.
	ixCache docIndexCache
	// states keeps the stored states of annotations this handle wrote
	// last, for one-trip updates and deletions (anncache.go).
	states annStateCache
	// relations keeps the relations this handle wrote or read last, for
	// one-trip deletions (relcache.go).
	relations recent[model.Relation]
	// schema is the schema in force as this handle last read it, for
	// one-trip relations and document labels (schemacache.go).
	schema schemaCache
	// annotators are the layer names this handle saw committed to the
	// annotators table (rows never deleted): a create in one of them
	// skips the insert that makes sure of the name.
	annotators sync.Map
	// own are the server processes of pool's connections: notifications
	// they sent are this handle's own writes (live.go).
	own *ownBackends
	// live is the LISTEN side (listen.go), started by WatchChanges.
	live liveState
	// Steps is Undo, Redo and StepHistory over step (history.go).
	storecore.Steps
}

var _ model.Store = (*DB)(nil)

// IsURL says whether a project argument names a PostgreSQL database
// rather than a project file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact returns the URL without its password, for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Where is the server (host:port) and the database a project URL names,
// for the person's words ("the project walk on db.lab:5432", a backup's
// file name); "" for what the URL does not say.
func Where(raw string) (host, database string) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", ""
	}
	return u.Host, strings.Trim(u.Path, "/")
}

// Create makes a new project in the database named by rawURL: the
// database is created when it does not exist (the server's maintenance
// database "postgres" is asked), and must otherwise be empty, so that no
// one's tables are touched.
func Create(ctx context.Context, rawURL string) (*DB, error) {
	name := Redact(rawURL)
	own := newOwnBackends()
	pool, err := connect(ctx, rawURL, own, nil)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "3D000" { // invalid_catalog_name
		if err := createDatabase(ctx, rawURL); err != nil {
			return nil, fmt.Errorf("create project %s: %w", name, err)
		}
		pool, err = connect(ctx, rawURL, own, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("create project %s: %w", name, err)
	}
	var tables int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
		pool.Close()
		return nil, fmt.Errorf("create project %s: %w", name, err)
	}
	if tables > 0 {
		pool.Close()
		return nil, fmt.Errorf("create project %s: the database already has %d tables; Margin creates a project only in an empty database", name, tables)
	}
	s := newDB(pool, name, own)
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("create project %s: %w", name, err)
	}
	return s, nil
}

// Open opens an existing project, applying newer migrations. A database
// that is not a Margin project, or one of a newer Margin, is refused and
// left as it is.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	return openWith(ctx, rawURL, nil)
}

// openWith is Open with the pool's configuration passed through tune
// first (nil: as parsed); tests trace the round trips with it.
func openWith(ctx context.Context, rawURL string, tune func(*pgxpool.Config)) (*DB, error) {
	name := Redact(rawURL)
	own := newOwnBackends()
	pool, err := connect(ctx, rawURL, own, tune)
	if loginRefused(err) {
		// The server does not say which: a wrong password, or a role it
		// no longer has.
		// The driver's words (SASL, SQLSTATE) stay in the chain, not in
		// the sentence a person reads.
		return nil, fmt.Errorf("open project %s: %w by the server: the password is wrong, or the member was removed from the team%w", name, ErrLoginRefused, quiet{err})
	}
	if err != nil {
		return nil, fmt.Errorf("open project %s: %w", name, err)
	}
	s := newDB(pool, name, own)
	if err := s.identify(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open project %s: %w", name, err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open project %s: %w", name, err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(margin_person(), ''), COALESCE(margin_kind(), ''), current_user`).Scan(&s.person, &s.kind, &s.role); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open project %s: %w", name, err)
	}
	return s, nil
}

// Person is the team member this connection's role is, "" when it is no
// member's (the project's owner).
func (s *DB) Person() string { return s.person }

// Kind is the member's kind (annotator, curator, lead) as it was when
// the project was opened, "" for the owner.
func (s *DB) Kind() string { return s.kind }

// Name is who this connection acts as: the member's name, or for the
// owner (no member) their database role. The window and the command
// line use it rather than the computer's user name (root, on a server),
// which names nobody the team knows.
func (s *DB) Name() string {
	if s.person != "" {
		return s.person
	}
	return s.role
}

// IsMember reports whether this handle is a team member's role (whose
// layer the server fixes), not the project's owner.
func (s *DB) IsMember() bool { return s.person != "" }

func newDB(pool *pgxpool.Pool, name string, own *ownBackends) *DB {
	// Microseconds: what timestamptz keeps. A caller's copy stamped here
	// then equals the stored one exactly, which the stale-write check
	// (UpdatedAt) relies on.
	db := &DB{pool: pool, url: name, own: own, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
	db.states.size, db.relations.size = annStateCacheSize, relCacheSize
	db.Steps = storecore.NewSteps(db.step)
	return db
}

func connect(ctx context.Context, rawURL string, own *ownBackends, tune func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, err
	}
	if tune != nil {
		tune(cfg)
	}
	own.track(cfg)
	// A server that does not answer at all (a cut network) must not hold
	// a write forever: it fails as offline and is queued (offlinequeue).
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// createDatabase creates the database rawURL names, connected to the
// server's maintenance database with the same credentials.
func createDatabase(ctx context.Context, rawURL string) error {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return err
	}
	dbName := cfg.Database
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("create database %s: %w", dbName, err)
	}
	defer conn.Close(ctx)
	// CREATE DATABASE takes no parameters; the name is quoted as an
	// identifier.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{dbName}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", dbName, err)
	}
	return nil
}

func migrationNames() []string { return storecore.MigrationNames(migrations, "migrations") }

// identify checks that the database holds a Margin project of a format
// this build reads.
func (s *DB) identify(ctx context.Context) error {
	var app string
	err := s.pool.QueryRow(ctx, `SELECT value FROM project WHERE key = 'application'`).Scan(&app)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "42P01": // undefined_table
		return fmt.Errorf("%w (no Margin tables; create one with 'margin init URL')", ErrNotProject)
	case errors.Is(err, pgx.ErrNoRows) || (err == nil && app != application):
		return fmt.Errorf("%w (a database of another application)", ErrNotProject)
	case err != nil:
		return err
	}
	var version int
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM margin_migrations`).Scan(&version); err != nil {
		return err
	}
	if known := len(migrationNames()); version > known {
		return fmt.Errorf("written by a newer version of Margin (format %d, this Margin reads up to %d); update Margin, the database was not modified", version, known)
	}
	return nil
}

// migrate applies the embedded migrations not yet recorded, each in one
// transaction with its record, under an advisory lock so that two clients
// opening the project at once do not both apply one.
func (s *DB) migrate(ctx context.Context) error {
	names := migrationNames()
	// Up to date (the usual case): nothing to write, which a team member,
	// who may not create tables, could not do.
	var version int
	err := s.pool.QueryRow(ctx, `SELECT CASE WHEN to_regclass('margin_migrations') IS NULL THEN -1
		ELSE (SELECT COALESCE(max(version), 0) FROM margin_migrations) END`).Scan(&version)
	if err == nil && version == len(names) {
		return nil
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS margin_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
			return err
		}
		var version int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM margin_migrations`).Scan(&version); err != nil {
			return err
		}
		if version > len(names) {
			return fmt.Errorf("written by a newer version of Margin (format %d, this Margin reads up to %d)", version, len(names))
		}
		for i := version; i < len(names); i++ {
			body, err := fs.ReadFile(migrations, "migrations/"+names[i])
			if err != nil {
				return err
			}
			// A savepoint per migration: all of them, or the ones before
			// the failing one, never half of one.
			err = pgx.BeginFunc(ctx, tx, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, string(body)); err != nil {
					return fmt.Errorf("migration %s: %w", names[i], err)
				}
				_, err := tx.Exec(ctx, `INSERT INTO margin_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, i+1, names[i], s.now())
				return err
			})
			if err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO project (key, value) VALUES ('application', $1) ON CONFLICT (key) DO NOTHING`, application)
		return err
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42501" {
		return fmt.Errorf("the project needs upgrading to this Margin's format %d, which its owner does by opening it once: %w", len(names), err)
	}
	return err
}

// Close closes the connections (the listener's too).
func (s *DB) Close() error {
	s.stopListening()
	s.pool.Close()
	return nil
}

// Path is the project's URL without its password.
func (s *DB) Path() string { return s.url }

// ReadOnly is false: what a person may change is decided by the server
// (roles and row-level security), per statement.
func (s *DB) ReadOnly() bool { return false }

// tx runs fn in one transaction, committed when fn returns nil.
// A write sent with an edit id (model.WithEditID) records it first, in
// the same transaction: a second send of it writes nothing and returns
// model.ErrAlreadyApplied (edits.go).
func (s *DB) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if id := model.EditID(ctx); id != "" {
		fn = recordingEdit(ctx, id, fn)
	}
	err := pgx.BeginFunc(ctx, s.pool, fn)
	if err != nil && pgconn.SafeToRetry(err) {
		// A pooled connection the server had ended (a restart, an
		// administrator): nothing reached the server, so once more on
		// another connection before calling the server out of reach.
		err = pgx.BeginFunc(ctx, s.pool, fn)
	}
	if err != nil {
		return s.wrap(err)
	}
	return nil
}

// ErrRefused is returned (wrapped, with the server's message) for a write
// the server refused because the person's role may not make it.
var ErrRefused = errors.New("refused by the server")

// ErrRemoved is returned (wrapped, with ErrRefused) once the server no
// longer lets this handle's role log in, although it did when the project
// was opened: the member was removed from the team (margin team remove
// drops the role and ends its sessions). Nothing is queued for it: no
// later attempt could send it.
var ErrRemoved = errors.New("your membership in this project was removed")

// ErrLoginRefused is returned by Open when the server refuses the login.
var ErrLoginRefused = errors.New("login refused")

// loginRefused says whether err is the server refusing a login: a wrong
// password or a role that does not exist (PostgreSQL does not say which),
// or one that may not log in.
func loginRefused(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "28P01" || pgErr.Code == "28000") // invalid_password, invalid_authorization_specification
}

// removedErr is the refusal of a member whose login the server ended.
func (s *DB) removedErr(err error) error {
	// The driver's own words (SASL, SQLSTATE) say nothing more to the
	// person; they stay in the chain for errors.As.
	return fmt.Errorf("%w: %w: the server no longer accepts this login; the lead can add you again (project %s)%w", ErrRefused, ErrRemoved, s.url, quiet{err})
}

// endedForGood says whether a session the server ended (57P01: an
// administrator's pg_terminate_backend, or a restart) was the member's
// removal: a new login is refused. A restarting server refuses or
// delays the login in other ways, which stay offline.
func (s *DB) endedForGood(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57P01" { // admin_shutdown
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	c, cerr := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if cerr == nil {
		c.Close(ctx)
	}
	return loginRefused(cerr)
}

// wrap names the project, marks a permission refusal as ErrRefused, a
// login the server no longer accepts as ErrRemoved and a lost connection
// as model.ErrOffline.
func (s *DB) wrap(err error) error {
	if loginRefused(err) || (connectionLost(err) && s.endedForGood(err)) {
		s.pool.Reset()
		return s.removedErr(err)
	}
	if connectionLost(err) {
		// A session the server ended (a restart, a failover,
		// pg_terminate_backend) rarely ends alone: the pool's other idle
		// connections are most likely dead too, and the next read on one
		// would fail. Reset closes them (busy ones when released), so
		// the next call connects afresh.
		s.pool.Reset()
		return fmt.Errorf("%s: %w: %w", s.url, model.ErrOffline, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42501" { // insufficient_privilege, row-level security included
		// The server's reason first: the window's status bar shows the
		// start of the message.
		return fmt.Errorf("%w: %s (%s; project %s)%w", ErrRefused, refusalWords(pgErr.Message), s.roleSays(), s.url, quiet{err})
	}
	return err
}

// quiet wraps an error without showing it: its text is left out of the
// message that wraps it, and errors.Is and errors.As still find it.
type quiet struct{ err error }

func (q quiet) Error() string { return "" }
func (q quiet) Unwrap() error { return q.err }

// roleSays is what a refusal tells the member of their role: what they
// were when the project was opened (a lead changes it with margin team
// role, which takes effect on the next change).
func (s *DB) roleSays() string {
	switch s.kind {
	case KindAnnotator:
		return "you are an annotator in this team"
	case KindCurator, KindLead:
		return "you are a " + s.kind + " in this team"
	}
	return "your database role may not make this change"
}

// ProjectID is the project's own id (migration 015): two handles with the
// same id are the same project, whatever their URLs say.
func (s *DB) ProjectID(ctx context.Context) (string, error) {
	var id string
	if err := s.pool.QueryRow(ctx, `SELECT value FROM project WHERE key = 'id'`).Scan(&id); err != nil {
		return "", fmt.Errorf("project id: %w", s.wrap(err))
	}
	return id, nil
}

// leadOnly says in words what PostgreSQL refuses as "permission denied
// for table schemas" and the like: what the project's grants keep for
// leads and the owner (migrations 002, 003, 009, 011).
var leadOnly = map[string]string{
	"table schemas":                 "only a lead may change the schema",
	"table documents":               "only a lead may add, change or remove documents",
	"table assignments":             "only a lead may assign documents",
	"function margin_team_add":      "only a lead may add members to the team",
	"function margin_team_remove":   "only a lead may remove members from the team",
	"function margin_team_set_kind": "only a lead may change a member's role",
}

// refusalWords is the server's refusal message, or what it means when it
// is PostgreSQL's own "permission denied for …" of an object only leads
// may change.
func refusalWords(msg string) string {
	if what, ok := strings.CutPrefix(msg, "permission denied for "); ok {
		if words, ok := leadOnly[what]; ok {
			return words
		}
	}
	return msg
}
