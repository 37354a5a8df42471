package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// An open Margin window registers itself in the project (a row
// "instance:ORIGIN" of the project table) so that a second window or a
// command can say clearly that the project is open elsewhere, and so that
// undo leaves that window's steps alone (see step). A registration is
// refreshed every heartbeatEvery; one whose process is gone (same
// computer: the pid no longer runs, or runs a different program) or whose
// heartbeat is older than staleAfter (another computer on a shared
// folder, or a process killed without a chance to unregister) is ignored,
// so a crash never blocks anyone. Registrations are not content: they do
// not move the change counter, so backups and other windows ignore them.
const (
	heartbeatEvery = time.Minute
	staleAfter     = 3 * time.Minute
)

// Instance is another live Margin on the same project.
type Instance struct {
	Origin string    `json:"-"`
	Kind   string    `json:"kind"` // "window"
	PID    int       `json:"pid"`
	Host   string    `json:"host"`
	Since  time.Time `json:"since"`
	Beat   time.Time `json:"beat"`
	// Start identifies the process beside its pid (Linux: start time in
	// clock ticks since boot), so a reused pid is not taken for it.
	Start string `json:"start,omitempty"`
}

// String describes the instance for a banner or a message.
func (in Instance) String() string {
	what := "another Margin " + in.Kind
	host, _ := os.Hostname()
	if in.Host != host {
		return fmt.Sprintf("%s on %s (process %d, open since %s)", what, in.Host, in.PID, in.Since.Local().Format("15:04"))
	}
	return fmt.Sprintf("%s (process %d, open since %s)", what, in.PID, in.Since.Local().Format("15:04"))
}

const instancePrefix = "instance:"

// Register records this handle as a live kind ("window") on the project
// until the returned function is called (on close); it refreshes the
// record in the background meanwhile. Records of dead instances are
// removed on the way. A read-only project cannot record anything and
// returns a no-op.
func (s *DB) Register(ctx context.Context, kind string) (unregister func(), err error) {
	if s.readOnly {
		return func() {}, nil
	}
	host, _ := os.Hostname()
	now := s.now()
	me := Instance{Origin: s.sess.origin, Kind: kind, PID: os.Getpid(), Host: host, Since: now, Beat: now, Start: procStart(os.Getpid())}
	if err := s.writeInstance(ctx, me, true); err != nil {
		return nil, fmt.Errorf("register %s on %s: %w", kind, s.path, err)
	}
	s.sess.registered.Store(true)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(heartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				me.Beat = s.now()
				s.writeInstance(context.Background(), me, false) // a missed beat only ages the record
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		s.sess.registered.Store(false)
		s.metaTx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`DELETE FROM project WHERE key = ?`, instancePrefix+me.Origin)
			return err
		})
	}, nil
}

func (s *DB) writeInstance(ctx context.Context, me Instance, sweep bool) error {
	b, err := json.Marshal(me)
	if err != nil {
		return err
	}
	return s.metaTx(ctx, func(tx *sql.Tx) error {
		if sweep {
			all, err := instances(ctx, tx)
			if err != nil {
				return err
			}
			for _, in := range all {
				if !s.live(in) {
					if _, err := tx.ExecContext(ctx, `DELETE FROM project WHERE key = ?`, instancePrefix+in.Origin); err != nil {
						return err
					}
				}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, instancePrefix+me.Origin, string(b))
		return err
	})
}

// metaTx is tx for bookkeeping that is not the project's content (the
// instance records): it does not move the change counter.
func (s *DB) metaTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return s.readOnlyError()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return friendly(s.path, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return friendly(s.path, err)
	}
	return friendly(s.path, tx.Commit())
}

func instances(ctx context.Context, q rowsQueryer) ([]Instance, error) {
	var out []Instance
	err := eachRow(ctx, q, `SELECT key, value FROM project WHERE key LIKE 'instance:%'`, nil, func(rows *sql.Rows) error {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return err
		}
		var in Instance
		if json.Unmarshal([]byte(value), &in) != nil {
			return nil // not ours to understand; ignored, never fatal
		}
		in.Origin = strings.TrimPrefix(key, instancePrefix)
		out = append(out, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("instances: %w", err)
	}
	return out, nil
}

// OtherInstances lists the live Margin instances on this project other
// than this handle.
func (s *DB) OtherInstances(ctx context.Context) ([]Instance, error) {
	return s.otherInstances(ctx, s.db)
}

func (s *DB) otherInstances(ctx context.Context, q rowsQueryer) ([]Instance, error) {
	all, err := instances(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Instance
	for _, in := range all {
		if in.Origin != s.sess.origin && s.live(in) {
			out = append(out, in)
		}
	}
	return out, nil
}

// OthersOpen describes, for a banner, the other live Margin instances
// on this project ("another Margin window (process 4242, open since
// 14:05)").
func (s *DB) OthersOpen(ctx context.Context) ([]string, error) {
	others, err := s.OtherInstances(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(others))
	for i, in := range others {
		out[i] = in.String()
	}
	return out, nil
}

// busyOrigins are the origins of the other live instances, whose history
// steps this handle's undo and redo leave alone.
func (s *DB) busyOrigins(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	others, err := s.otherInstances(ctx, tx)
	if err != nil {
		return nil, err
	}
	busy := map[string]bool{}
	for _, in := range others {
		busy[in.Origin] = true
	}
	return busy, nil
}

// live says whether the instance in is still running (see the comment at
// the top of this file).
func (s *DB) live(in Instance) bool {
	if s.now().Sub(in.Beat) > staleAfter {
		return false
	}
	host, _ := os.Hostname()
	if in.Host != host || in.PID <= 0 {
		return true // another computer: the heartbeat is all we have
	}
	if !processRuns(in.PID) {
		return false
	}
	if in.Start != "" {
		if now := procStart(in.PID); now != "" && now != in.Start {
			return false // the pid was reused by another process
		}
	}
	return true
}

// procStart is the start time of process pid as Linux records it (field
// 22 of /proc/PID/stat), or "" where that is not available.
func procStart(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return ""
	}
	return f[19] // field 22 overall: fields 3.. start at f[0]
}
