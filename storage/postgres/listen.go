package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// The listener: one dedicated connection per handle (LISTEN needs a
// session of its own; a pool connection would be handed to other
// queries), started by the first WatchChanges and stopped by Close. It
// reconnects after a loss, backing off up to reconnectMax, and says so to
// the subscribers, so that the window can show a banner and reload
// everything once back.

const (
	reconnectMin = 100 * time.Millisecond
	reconnectMax = time.Second
	// gather: after one notification, those that follow within this
	// time are delivered with it (one reload for an import's documents).
	gather = 5 * time.Millisecond
	// probe: a silent connection is pinged this often, so that a server
	// gone without closing the socket is noticed.
	probe = 10 * time.Second
)

// liveState is the handle's listener and its subscribers.
type liveState struct {
	mu      sync.Mutex
	subs    map[int]func(model.ChangeEvent)
	next    int
	cancel  context.CancelFunc
	done    chan struct{}
	last    *model.ChangeEvent // the connection's state, for late subscribers
	stopped bool
}

var _ model.ChangeNotifier = (*DB)(nil)

// WatchChanges calls fn with other clients' committed changes and with
// the connection's state until ctx ends or the store closes (see
// model.ChangeNotifier). fn runs on the listener's goroutine and must
// return quickly (the window hands the work to its own goroutines).
func (s *DB) WatchChanges(ctx context.Context, fn func(model.ChangeEvent)) error {
	l := &s.live
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return errors.New("watch changes: the project is closed")
	}
	if l.subs == nil {
		l.subs = map[int]func(model.ChangeEvent){}
	}
	id := l.next
	l.next++
	l.subs[id] = fn
	if l.cancel == nil {
		lctx, cancel := context.WithCancel(context.Background())
		l.cancel, l.done = cancel, make(chan struct{})
		go s.listen(lctx, l.done)
	} else if l.last != nil {
		fn(*l.last)
	}
	l.mu.Unlock()
	go func() {
		<-ctx.Done()
		l.mu.Lock()
		delete(l.subs, id)
		l.mu.Unlock()
	}()
	return nil
}

// stopListening ends the listener (Close).
func (s *DB) stopListening() {
	l := &s.live
	l.mu.Lock()
	l.stopped = true
	cancel, done := l.cancel, l.done
	l.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// deliver hands ev to every subscriber, in order, under the lock, so that
// a subscriber leaving never misses half of an event.
func (s *DB) deliver(ev model.ChangeEvent) {
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = &model.ChangeEvent{Online: ev.Online, Removed: ev.Removed}
	for _, fn := range l.subs {
		fn(ev)
	}
}

// listen keeps a LISTEN connection until ctx ends.
func (s *DB) listen(ctx context.Context, done chan struct{}) {
	defer close(done)
	wait := reconnectMin
	lost := false   // a connection was lost: the next one starts with ChangeAll
	online := false // the subscribers were last told "online"
	told := false
	for ctx.Err() == nil {
		conn, err := s.listenConn(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if loginRefused(err) {
				// The role was removed from the team (or its password
				// changed): no later attempt logs in, and trying every
				// second would fill the server's log. The window says
				// so instead of "offline"; writes say why (ErrRemoved).
				s.deliver(model.ChangeEvent{Online: false, Removed: true})
				return
			}
			if online || !told {
				s.deliver(model.ChangeEvent{Online: false})
				online, told, lost = false, true, true
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(wait*2, reconnectMax)
			continue
		}
		wait = reconnectMin
		ev := model.ChangeEvent{Online: true}
		if lost {
			ev.Changes = []model.Change{{Kind: model.ChangeAll}}
		}
		s.deliver(ev)
		online, told = true, true
		s.receive(ctx, conn)
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return
		}
		s.deliver(model.ChangeEvent{Online: false})
		online, lost = false, true
	}
}

func (s *DB) listenConn(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if err := subscribe(cctx, conn); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// subscribe LISTENs on the channels this role may hear (migration 006):
// the shared one, and in blind mode the private one of its audience (the
// team's, or the annotator's own layer's), whose name the server derives
// from a secret no member can read. It first stops listening on those it
// had: after a member's removal or role change the server renames the
// private channels (migration 011, "channels") and the old names are
// silent.
func subscribe(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, "UNLISTEN *"); err != nil {
		return err
	}
	var channels []string
	if err := conn.QueryRow(ctx, `SELECT margin_listen_channels()`).Scan(&channels); err != nil {
		return err
	}
	for _, ch := range channels {
		// LISTEN takes no parameter: the name is quoted as an identifier.
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

// resubscribe follows a renaming of the channels: it listens on the new
// names. The notice itself is a ChangeAll to the subscribers (a kind
// parseChange does not know), delivered after this: what was sent on
// the new names before it listened is read again.
func resubscribe(ctx context.Context, conn *pgx.Conn) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return subscribe(cctx, conn)
}

// receive delivers notifications until the connection fails or ctx ends.
func (s *DB) receive(ctx context.Context, conn *pgx.Conn) {
	for {
		n, err := s.next(ctx, conn, probe)
		if err != nil {
			return
		}
		if n == nil { // quiet for a while: is the server still there?
			pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return
			}
			continue
		}
		renamed := channelsRenamed(n)
		batch := s.collect(nil, n)
		for len(batch) < 1000 {
			n, err = s.next(ctx, conn, gather)
			if err != nil {
				s.send(batch)
				return
			}
			if n == nil {
				break
			}
			renamed = renamed || channelsRenamed(n)
			batch = s.collect(batch, n)
		}
		if renamed {
			if err := resubscribe(ctx, conn); err != nil {
				s.send(batch)
				return
			}
		}
		s.send(batch)
	}
}

// next waits up to d for a notification: nil, nil when none came.
func (s *DB) next(ctx context.Context, conn *pgx.Conn, d time.Duration) (*pgconn.Notification, error) {
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	n, err := conn.WaitForNotification(wctx)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed() {
			return nil, nil
		}
		return nil, err
	}
	return n, nil
}

// channelsRenamed says whether n tells that the private channels have new
// names (migration 011).
func channelsRenamed(n *pgconn.Notification) bool {
	var p payload
	return n.Channel == "margin_changes" && json.Unmarshal([]byte(n.Payload), &p) == nil && p.Kind == kindChannels
}

// collect adds n to batch unless it is the handle's own write or already
// in it.
func (s *DB) collect(batch []model.Change, n *pgconn.Notification) []model.Change {
	if s.own.has(n.PID) {
		return batch
	}
	c := parseChange(n.Payload)
	for _, b := range batch {
		if b == c {
			return batch
		}
	}
	return append(batch, c)
}

func (s *DB) send(batch []model.Change) {
	if len(batch) > 0 {
		s.deliver(model.ChangeEvent{Online: true, Changes: batch})
	}
}
