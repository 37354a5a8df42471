package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
)

// Every write transaction of this package also adds one to the project's
// change counter (the project table's "changes" row), and each DB handle
// counts the commits it made itself. That tells three things apart
// without any clock: whether the project changed at all since some moment
// (a backup that would copy the same content is skipped), and whether
// someone else (another window, a 'margin' command) changed it (the
// window then reloads what it shows).
const changesKey = "changes"

// bumpChanges is the statement every write transaction runs before it
// commits (tx and bulkTx).
const bumpChanges = `INSERT INTO project (key, value) VALUES ('changes', '1')
	ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`

// session is what one DB handle knows about its own writes.
type session struct {
	// origin names this handle in the history: every change group it
	// records is "ORIGIN/UUID" (newGroup), so that a window's undo can
	// leave alone the steps another live window made (see step).
	origin string
	// commitMu orders a commit and the count of own commits, so that a
	// reader of both (ChangedElsewhere) never sees one without the other.
	commitMu sync.Mutex
	commits  atomic.Int64
	// registered is set while the handle is registered as a window
	// (Register): its undo then skips other windows' steps.
	registered atomic.Bool
	// lastBackup: see RotatingBackup, which holds backupMu throughout.
	backupMu   sync.Mutex
	lastBackup lastBackup
	// ExternalChange's starting point.
	watchMu  sync.Mutex
	watching bool
	mark     Mark
}

func newSession() *session { return &session{origin: uuid.NewString()} }

// Origin is this handle's name in the history and the instances list.
func (s *DB) Origin() string { return s.sess.origin }

// newGroup is a new history group id of this handle: ORIGIN/UUID.
func (s *DB) newGroup() string { return s.sess.origin + "/" + uuid.NewString() }

// groupOrigin is the origin part of a history group id; "" for groups
// written before origins existed.
func groupOrigin(grp string) string {
	o, _, ok := strings.Cut(grp, "/")
	if !ok {
		return ""
	}
	return o
}

// commit commits tx as one of this handle's own changes.
func (s *DB) commit(tx *sql.Tx) error {
	s.sess.commitMu.Lock()
	defer s.sess.commitMu.Unlock()
	if err := tx.Commit(); err != nil {
		return err
	}
	s.sess.commits.Add(1)
	return nil
}

// ChangeCount is the project's change counter: it grows by one with every
// committed change, by any Margin process. Two equal counts mean no change
// in between.
func (s *DB) ChangeCount(ctx context.Context) (int64, error) {
	return changeCount(ctx, s.db)
}

func changeCount(ctx context.Context, q queryer) (int64, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM project WHERE key = 'changes'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("change counter: %w", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("change counter %q: %w", v, err)
	}
	return n, nil
}

// Mark is a moment in the project's life as ChangedElsewhere compares it.
type Mark struct{ total, own int64 }

// Mark returns the current moment: the change counter and this handle's
// own commits, read together.
func (s *DB) Mark(ctx context.Context) (Mark, error) {
	s.sess.commitMu.Lock()
	defer s.sess.commitMu.Unlock()
	n, err := s.ChangeCount(ctx)
	if err != nil {
		return Mark{}, err
	}
	return Mark{total: n, own: s.sess.commits.Load()}, nil
}

// ChangedElsewhere reports whether changes were committed since m by
// anyone but this handle (another window, a command, another computer on
// a shared folder), and the new mark to compare with next time. It is two
// small reads; the window calls it every second or so.
func (s *DB) ChangedElsewhere(ctx context.Context, m Mark) (bool, Mark, error) {
	now, err := s.Mark(ctx)
	if err != nil {
		return false, m, err
	}
	// != rather than >: a counter that went down (the file was replaced,
	// say by a restored backup) is a change made elsewhere too.
	return now.total-m.total != now.own-m.own, now, nil
}

// ExternalChange reports whether someone else (another window, a command)
// committed a change since the previous call; the first call only sets
// the starting point. The window polls it to reload what it shows.
func (s *DB) ExternalChange(ctx context.Context) (bool, error) {
	s.sess.watchMu.Lock()
	defer s.sess.watchMu.Unlock()
	if !s.sess.watching {
		m, err := s.Mark(ctx)
		if err != nil {
			return false, err
		}
		s.sess.mark, s.sess.watching = m, true
		return false, nil
	}
	changed, m, err := s.ChangedElsewhere(ctx, s.sess.mark)
	if err != nil {
		return false, err
	}
	s.sess.mark = m
	return changed, nil
}
