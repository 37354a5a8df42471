package offlinequeue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
)

// State is what the window shows of the queue: whether the server is
// out of reach and how many edits wait for it.
type State struct {
	Offline bool
	Waiting int
	// Refused is set, once, when the server refused a queued edit on
	// sending it (say the role no longer allows it): it is kept in the
	// file, not sent again, and the user is told.
	Refused error
}

// ErrWaiting is returned (wrapped) for a write or undo that cannot be
// queued while edits wait: made now, it would reach the server before them.
var ErrWaiting = errors.New("edits made offline are still waiting to be sent")

// Store is a model.Store whose layer edits survive a lost connection: an
// edit the server cannot take (model.ErrOffline) is put in the queue and
// reported as model.ErrQueued, and so is every edit after it until the
// queue is empty again; a goroutine sends them in order once the server
// answers. Each edit carries an id of its own, recorded by the server in
// the edit's transaction, so an edit whose commit's outcome was lost is
// sent again without being applied twice.
type Store struct {
	model.Store
	q *Queue

	// mu orders the writes: a live one, a queued one, a replayed one.
	mu      sync.Mutex
	waiting int
	offline bool
	// stamps: updated_at of annotations the replays wrote, which the
	// window's copies do not know; relIDs: the server's ids of relations
	// created by replays, by the window's provisional ids. A live write
	// of such an item is sent with the server's value.
	stamps map[string]time.Time
	relIDs map[string]string

	watchMu  sync.Mutex
	watchers []func(State)
	pendMu   sync.Mutex
	pend     []State       // states published, not yet told (tell)
	told     chan struct{} // wakes tell
	// The listener's last news of the connection (WatchChanges).
	listenerOnline, listenerHeard atomic.Bool

	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// retry is how long the sender waits between attempts while offline.
	retry time.Duration
	// adopted is when the sender last looked at the other slots (adopt);
	// the sender's own.
	adopted time.Time
}

// Wrap puts q in front of inner. Edits left in q by an earlier session
// are sent as soon as the server answers.
func Wrap(inner model.Store, q *Queue) (*Store, error) { return wrap(inner, q, 500*time.Millisecond) }

func wrap(inner model.Store, q *Queue, retry time.Duration) (*Store, error) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Store{Store: inner, q: q, stamps: map[string]time.Time{}, relIDs: map[string]string{},
		kick: make(chan struct{}, 1), told: make(chan struct{}, 1), ctx: ctx, cancel: cancel, retry: retry}
	n, err := q.Count(ctx)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("offline queue %s: %w", q.Path(), err)
	}
	s.waiting = n
	s.wg.Add(2)
	go s.sender()
	go s.tell()
	if n > 0 {
		s.wake()
	}
	return s, nil
}

// Queue is the file the edits wait in.
func (s *Store) Queue() *Queue { return s.q }

// Unwrap is the server's store behind the queue, for the reads that
// model.Store does not name (per-layer counts, the team's members): the
// queue keeps edits only, so a read there is the server's.
func (s *Store) Unwrap() model.Store { return s.Store }

// Close stops sending, closes the queue file (what waits stays in it for
// the next session) and the store.
func (s *Store) Close() error {
	s.cancel()
	s.wg.Wait()
	qerr := s.q.Close()
	return errors.Join(s.Store.Close(), qerr)
}

// State is the queue's state now.
func (s *Store) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return State{Offline: s.offline, Waiting: s.waiting}
}

// WatchState calls fn with the state at once (on the caller's goroutine)
// and then at each change (on a goroutine of the store's), until ctx
// ends. fn must return quickly.
func (s *Store) WatchState(ctx context.Context, fn func(State)) {
	s.watchMu.Lock()
	s.watchers = append(s.watchers, fn)
	i := len(s.watchers) - 1
	s.watchMu.Unlock()
	fn(s.State())
	go func() {
		<-ctx.Done()
		s.watchMu.Lock()
		s.watchers[i] = nil
		s.watchMu.Unlock()
	}()
}

// publish queues the state for the watchers; called with mu held, so
// states are queued in order. A goroutine of its own tells them (tell),
// so that a watcher that waits for the UI goroutine never holds mu, which
// the UI goroutine may be waiting for (a schema change).
func (s *Store) publish(refused error) {
	st := State{Offline: s.offline, Waiting: s.waiting, Refused: refused}
	s.pendMu.Lock()
	s.pend = append(s.pend, st)
	s.pendMu.Unlock()
	select {
	case s.told <- struct{}{}:
	default:
	}
}

// tell delivers the queued states, in order, until the store closes.
func (s *Store) tell() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.told:
		}
		s.pendMu.Lock()
		pend := s.pend
		s.pend = nil
		s.pendMu.Unlock()
		s.watchMu.Lock()
		for _, st := range pend {
			for _, fn := range s.watchers {
				if fn != nil {
					fn(st)
				}
			}
		}
		s.watchMu.Unlock()
	}
}

// WatchChanges passes the server's changes on (model.ChangeNotifier),
// and uses its news of the connection: back online, the queue is sent at
// once rather than at the next retry. The listener's goroutine does not
// wait for mu (a write may hold it while the server is slow to refuse):
// the sender takes the news (listenerSays).
func (s *Store) WatchChanges(ctx context.Context, fn func(model.ChangeEvent)) error {
	cn, ok := s.Store.(model.ChangeNotifier)
	if !ok {
		return errors.New("watch changes: the store does not notify")
	}
	return cn.WatchChanges(ctx, func(ev model.ChangeEvent) {
		s.listenerOnline.Store(ev.Online)
		s.listenerHeard.Store(true)
		s.wake()
		fn(ev)
	})
}

// listenerSays brings the offline flag in line with the listener's last
// news; with mu held.
func (s *Store) listenerSays() {
	if !s.listenerHeard.Load() {
		return
	}
	online := s.listenerOnline.Load()
	switch {
	case online && s.offline && s.waiting == 0:
		s.offline = false
		s.publish(nil)
	case !online && !s.offline:
		s.offline = true
		s.publish(nil)
	}
}

func (s *Store) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// write runs live, unless edits wait (then e joins them), and queues e
// when the server cannot be reached. Called with the request captured
// in e before live may change its arguments; after tells e what the
// attempt gave the items (Stamps, RelID).
func (s *Store) write(ctx context.Context, e edit, live func(ctx context.Context) error, after func(e *edit)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.ID = uuid.NewString()
	if s.waiting > 0 {
		return s.enqueue(e)
	}
	err := live(model.WithEditID(ctx, e.ID))
	if !errors.Is(err, model.ErrOffline) {
		return err
	}
	if after != nil {
		after(&e)
	}
	s.offline = true
	return s.enqueue(e)
}

// enqueue puts e in the file (synced) and reports it queued.
func (s *Store) enqueue(e edit) error {
	if err := s.q.push(e); err != nil {
		return fmt.Errorf("%w: %w", ErrNotQueued, err)
	}
	s.waiting++
	s.publish(nil)
	s.wake()
	return fmt.Errorf("offline: %d edits waiting: %w", s.waiting, model.ErrQueued)
}

// ErrNeedsServer is returned (wrapped, with model.ErrOffline) for a write
// a queue does not keep (ops.go), made while the server is out of reach:
// nothing was changed, and nothing waits.
var ErrNeedsServer = errors.New("needs the server, which cannot be reached; nothing was changed (edits of annotations, statuses and verdicts are queued, but the server must check this against the project as it is now)")

// unqueued runs a write a queue does not keep (undo, the schema, an
// import): refused while edits wait, since it would overtake them, and
// refused as needing the server when it cannot be reached.
func (s *Store) unqueued(what string, fn func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waiting > 0 {
		return fmt.Errorf("%s: %d %w; try again once they are (the banner goes)", what, s.waiting, ErrWaiting)
	}
	err := fn()
	if errors.Is(err, model.ErrOffline) {
		return fmt.Errorf("%s %w: %w", what, ErrNeedsServer, err)
	}
	return err
}

// WatchQueue is WatchState in plain values, for the window (ui), which
// does not import this package.
func (s *Store) WatchQueue(ctx context.Context, fn func(offline bool, waiting int, refused error)) {
	s.WatchState(ctx, func(st State) { fn(st.Offline, st.Waiting, st.Refused) })
}
