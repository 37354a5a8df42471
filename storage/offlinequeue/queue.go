// Package offlinequeue keeps a window's edits while the team server
// (PostgreSQL) cannot be reached, and sends them, in order, when it can
// again (issue 17). The queue is a small SQLite file of the user's,
// synced to disk before an edit is acknowledged as "queued"; Store wraps
// the server's model.Store at the store boundary, so that the window's
// edit controller needs to know only model.ErrQueued.
package offlinequeue

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// ErrInUse is returned by OpenQueue for a queue another window holds.
var ErrInUse = errors.New("the offline queue is in use by another Margin window")

// File is the queue's file for a project on a server and the role that
// connects to it: dir/offline/<hash>.queue. The hash keys it by the
// URL without its password (host, port, database) and the role, so that
// two projects, or two people on one computer, never share a queue.
func File(dir, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("offline queue for %s: %w", rawURL, err)
	}
	role := u.User.Username()
	key := u.Scheme + "://" + u.Host + u.Path + "\x00" + role
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, "offline", hex.EncodeToString(sum[:12])+".queue"), nil
}

// Queue is the on-disk list of edits waiting for the server.
type Queue struct {
	db   *sql.DB
	path string
	base string // File's path: the slots' first (slots)
}

// queued is one edit in the file.
type queued struct {
	seq  int64
	edit edit
}

// maxSlots bounds the windows on one project and role that each get a
// queue of their own (see OpenQueue).
const maxSlots = 32

// OpenQueue opens (creating it and its folder) the queue of a window at
// path (File's) or, when another window holds that file, at the first
// free of its slots (slots): every window on one project and role has a
// queue of its own, since a file is held by one window at a time
// (SQLite's exclusive locking mode). A queue shared by two windows could
// not keep either one's order, nor tell which edits one of them sent. A
// window opened later on a slot sends what an earlier window left in it,
// and a window with nothing waiting sends what waits in slots no window
// holds (Store.adopt). ErrInUse: every slot is held.
func OpenQueue(path string) (*Queue, error) {
	for _, p := range slots(path) {
		q, err := openFile(p)
		if errors.Is(err, ErrInUse) {
			continue
		}
		if q != nil {
			q.base = path
		}
		return q, err
	}
	return nil, fmt.Errorf("offline queue %s: %d windows hold its slots: %w", path, maxSlots, ErrInUse)
}

// slots are the files of path's queue: path itself, then x.2.queue,
// x.3.queue … beside it.
func slots(path string) []string {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	out := []string{path}
	for i := 2; i <= maxSlots; i++ {
		out = append(out, fmt.Sprintf("%s.%d%s", base, i, ext))
	}
	return out
}

// openFile opens the queue file at path, held by this window until
// Close; another window's gets ErrInUse.
func openFile(path string) (*Queue, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("offline queue %s: %w", path, err)
	}
	// synchronous=FULL: a commit returns after the write-ahead log is
	// synced, which is what "queued" promises. One connection: the
	// exclusive lock is that connection's.
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=0&_locking_mode=EXCLUSIVE&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("offline queue %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS edits (
		seq       INTEGER PRIMARY KEY AUTOINCREMENT,
		id        TEXT NOT NULL UNIQUE,
		body      TEXT NOT NULL,
		queued_at TEXT NOT NULL,
		state     TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'refused')),
		error     TEXT NOT NULL DEFAULT ''
	)`)
	if err != nil {
		db.Close()
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
			return nil, fmt.Errorf("offline queue %s: %w", path, ErrInUse)
		}
		return nil, fmt.Errorf("offline queue %s: %w", path, err)
	}
	return &Queue{db: db, path: path, base: path}, nil
}

// Path is the queue's file.
func (q *Queue) Path() string { return q.path }

// Close closes the file.
func (q *Queue) Close() error { return q.db.Close() }

// push appends e; it returns once the edit is on disk.
func (q *Queue) push(e edit) error {
	e.keepDocs()
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("queue edit %s: %w", e.ID, err)
	}
	if _, err := q.db.Exec(`INSERT INTO edits (id, body, queued_at) VALUES (?, ?, ?)`, e.ID, string(body), time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("queue edit in %s: %w", q.path, err)
	}
	return nil
}

// waiting lists the edits still to send, oldest first.
func (q *Queue) waiting(ctx context.Context) ([]queued, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT seq, body FROM edits WHERE state = 'waiting' ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("offline queue %s: %w", q.path, err)
	}
	defer rows.Close()
	var out []queued
	for rows.Next() {
		var e queued
		var body string
		if err := rows.Scan(&e.seq, &body); err != nil {
			return nil, fmt.Errorf("offline queue %s: %w", q.path, err)
		}
		if err := json.Unmarshal([]byte(body), &e.edit); err != nil {
			return nil, fmt.Errorf("offline queue %s: edit %d: %w", q.path, e.seq, err)
		}
		if err := e.edit.restoreDocs(); err != nil {
			return nil, fmt.Errorf("offline queue %s: %w", q.path, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Count is the number of edits waiting.
func (q *Queue) Count(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM edits WHERE state = 'waiting'`).Scan(&n)
	return n, err
}

// sent removes an edit the server has.
func (q *Queue) sent(seq int64) error {
	_, err := q.db.Exec(`DELETE FROM edits WHERE seq = ?`, seq)
	return err
}

// refuse keeps an edit the server refused, with why, out of the sending
// order: it is not lost (the file keeps it) and not sent again.
func (q *Queue) refuse(seq int64, why error) error {
	_, err := q.db.Exec(`UPDATE edits SET state = 'refused', error = ? WHERE seq = ?`, why.Error(), seq)
	return err
}

// Refused lists the edits the server refused, as "queued_at: error".
func (q *Queue) Refused(ctx context.Context) ([]string, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT queued_at, error FROM edits WHERE state = 'refused' ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var at, msg string
		if err := rows.Scan(&at, &msg); err != nil {
			return nil, err
		}
		out = append(out, at+": "+msg)
	}
	return out, rows.Err()
}

// ErrNotQueued wraps the error of an edit that could not be written to
// the queue either: it was not kept anywhere.
var ErrNotQueued = errors.New("the server cannot be reached and the edit could not be queued")
