package offlinequeue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

const text = "Hamas said Israel agreed to a ceasefire in Gaza on Tuesday, mediators in Doha said."

// project makes a project on a private server with one document and the
// annotator ann, and returns the server, the owner's URL, ann's URL and
// the document.
func project(t *testing.T) (*pgtest.Server, string, string, int64) {
	t.Helper()
	srv := pgtest.PrivateServer(t)
	u := srv.Database(t, "margin")
	annURL, doc := projectOn(t, u)
	return srv, u, annURL, doc
}

// projectOn is project in the database u.
func projectOn(t *testing.T, u string) (string, int64) {
	t.Helper()
	ctx := context.Background()
	owner, err := postgres.Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	sc := &model.Schema{AllowOverlap: true, Labels: []model.Label{{Name: "ACTOR", Color: "#3366cc"}, {Name: "CLAIM", Color: "#cc6633"}}}
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	res, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "gaza", Text: text}}})
	if err != nil {
		t.Fatal(err)
	}
	m, pw, err := owner.AddMember(ctx, "ann", postgres.KindAnnotator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropRole(t, u, m.Role) })
	annURL, err := postgres.MemberURL(u, m, pw)
	if err != nil {
		t.Fatal(err)
	}
	return annURL, res[0].DocID
}

// wrapped opens ann's store behind a queue file in dir.
func wrapped(t *testing.T, annURL, dir string) *Store {
	t.Helper()
	inner, err := postgres.Open(context.Background(), annURL)
	if err != nil {
		t.Fatal(err)
	}
	return wrappedOver(t, inner, annURL, dir)
}

// wrappedOver is wrapped of the store inner (the project at annURL).
func wrappedOver(t *testing.T, inner model.Store, annURL, dir string) *Store {
	t.Helper()
	path, err := File(dir, annURL)
	if err != nil {
		t.Fatal(err)
	}
	q, err := OpenQueue(path)
	if err != nil {
		inner.Close()
		t.Fatal(err)
	}
	s, err := wrap(inner, q, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func at(sub string) []model.Fragment {
	for i := 0; i+len(sub) <= len(text); i++ {
		if text[i:i+len(sub)] == sub {
			return []model.Fragment{{Start: i, End: i + len(sub)}}
		}
	}
	panic(sub)
}

func queuedErr(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, model.ErrQueued) {
		t.Fatalf("%s while the server is down: want ErrQueued, got %v", what, err)
	}
}

// drained waits until nothing waits.
func drained(t *testing.T, s *Store, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		st := s.State()
		if st.Waiting == 0 && !st.Offline {
			if refused, _ := s.Queue().Refused(context.Background()); len(refused) > 0 {
				t.Fatalf("the server refused queued edits: %v", refused)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %+v after %v", st, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEditsMadeOfflineArriveInOrder: with the server stopped, a create, a
// relabel of it, a delete of a span saved before and a status are queued
// (on disk, reported as queued, not saved); the server comes back and
// they arrive, in order, with the relabel applied to the queued create.
func TestEditsMadeOfflineArriveInOrder(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	s := wrapped(t, annURL, t.TempDir())
	defer s.Close()
	old := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Hamas"), ID: "0190a000-0000-7000-8000-0000000000a1"}
	if err := s.CreateAnnotations(ctx, []*model.Annotation{old}); err != nil {
		t.Fatal(err)
	}
	srv.Stop(t)
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Israel"), ID: "0190a000-0000-7000-8000-0000000000a2"}
	queuedErr(t, "create", s.CreateAnnotations(ctx, []*model.Annotation{a}))
	relabel := *a
	relabel.Label = "CLAIM"
	relabel.Fragments = at("Israel agreed")
	queuedErr(t, "relabel", s.UpdateAnnotationAs(ctx, &relabel, "ann"))
	queuedErr(t, "delete", s.DeleteAnnotation(ctx, old.ID, "ann"))
	queuedErr(t, "status", s.SetStatus(ctx, doc, "ann", model.StatusDone))
	if st := s.State(); !st.Offline || st.Waiting != 4 {
		t.Fatalf("state offline: %+v", st)
	}
	if n, err := s.Queue().Count(ctx); err != nil || n != 4 {
		t.Fatalf("the file holds %d edits (%v), want 4", n, err)
	}
	// Undo would overtake the queued edits: refused, not queued.
	if _, err := s.Undo(ctx, "ann"); !errors.Is(err, ErrWaiting) {
		t.Fatalf("undo while edits wait: %v", err)
	}
	srv.Start(t)
	drained(t, s, 15*time.Second)

	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	anns, err := owner.Annotations(ctx, doc, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != 1 || anns[0].ID != a.ID || anns[0].Label != "CLAIM" || anns[0].Text != "Israel agreed" {
		t.Fatalf("after the queue was sent: %+v", anns)
	}
	st, err := owner.Statuses(ctx)
	if err != nil || st[doc]["ann"] != model.StatusDone {
		t.Fatalf("status: %v %v", st, err)
	}
	// In order: the history has create, update, delete (of old) after the first create.
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT action, entity_id FROM history WHERE entity = 'annotation' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var act, id string
		if err := rows.Scan(&act, &id); err != nil {
			t.Fatal(err)
		}
		got = append(got, act+" "+id[len(id)-2:])
	}
	want := []string{"create a1", "create a2", "update a2", "delete a1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("history %v, want %v", got, want)
	}
}

// TestReplayOfACommittedEditIsNotApplied: an edit whose commit happened
// but whose answer was lost sits in the queue; sending it again writes
// nothing (the server knows its id) and takes it off the queue.
func TestReplayOfACommittedEditIsNotApplied(t *testing.T) {
	ctx := context.Background()
	_, ownerURL, annURL, doc := project(t)
	s := wrapped(t, annURL, t.TempDir())
	defer s.Close()
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Hamas"), ID: "0190a000-0000-7000-8000-0000000000b1"}
	e := edit{ID: "e-committed-1", Op: opCreateAnnotations, Annotations: []*model.Annotation{cloneAnnotation(a)}}
	// The first send: committed (the answer "lost" is this test not
	// looking at anything but the error).
	if err := s.Store.CreateAnnotations(model.WithEditID(ctx, e.ID), []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	if err := s.enqueue(e); !errors.Is(err, model.ErrQueued) {
		t.Fatal(err)
	}
	s.mu.Unlock()
	drained(t, s, 10*time.Second)
	if n, _ := s.Queue().Count(ctx); n != 0 {
		t.Fatalf("%d edits still in the file", n)
	}
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var creates int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM history WHERE entity = 'annotation' AND action = 'create' AND entity_id = $1`, a.ID).Scan(&creates); err != nil || creates != 1 {
		t.Fatalf("creates recorded: %d (%v), want 1", creates, err)
	}
}

// TestQueueOutlivesTheWindow: an edit queued while the server is down
// stays in the file when the window closes, and the next session sends it.
func TestQueueOutlivesTheWindow(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	dir := t.TempDir()
	s := wrapped(t, annURL, dir)
	srv.Stop(t)
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Doha"), ID: "0190a000-0000-7000-8000-0000000000c1"}
	queuedErr(t, "create", s.CreateAnnotations(ctx, []*model.Annotation{a}))
	s.Close()
	srv.Start(t)
	s2 := wrapped(t, annURL, dir)
	defer s2.Close()
	drained(t, s2, 15*time.Second)
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	got, err := owner.Annotation(ctx, a.ID)
	if err != nil || got.Text != "Doha" {
		t.Fatalf("the edit of the closed window: %+v %v", got, err)
	}
}

// TestServerRestartLosesNoAcknowledgedEdit: an annotator keeps creating
// spans while the server restarts; every create acknowledged as saved or
// queued is on the server afterwards, exactly once.
func TestServerRestartLosesNoAcknowledgedEdit(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	s := wrapped(t, annURL, t.TempDir())
	defer s.Close()
	var (
		mu            sync.Mutex
		acked         []string
		saved, queued int
	)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			start := i % (len(text) - 5)
			a := &model.Annotation{ID: fmt.Sprintf("0190a000-0000-7000-8000-%012d", i), DocID: doc, Annotator: "ann", Label: "ACTOR",
				Fragments: []model.Fragment{{Start: start, End: start + 5}}}
			err := s.CreateAnnotations(ctx, []*model.Annotation{a})
			mu.Lock()
			switch {
			case err == nil:
				saved++
				acked = append(acked, a.ID)
			case errors.Is(err, model.ErrQueued):
				queued++
				acked = append(acked, a.ID)
			default:
				mu.Unlock()
				done <- fmt.Errorf("create %d: %w", i, err)
				return
			}
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
		}
	}()
	time.Sleep(300 * time.Millisecond)
	srv.Stop(t)
	time.Sleep(300 * time.Millisecond)
	srv.Start(t)
	time.Sleep(500 * time.Millisecond)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	drained(t, s, 20*time.Second)
	mu.Lock()
	defer mu.Unlock()
	if saved == 0 || queued == 0 {
		t.Fatalf("the restart did not fall among the edits: %d saved, %d queued", saved, queued)
	}
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	counts := map[string]int{}
	rows, err := conn.Query(ctx, `SELECT entity_id FROM history WHERE entity = 'annotation' AND action = 'create'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		counts[id]++
	}
	var onServer int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM annotations`).Scan(&onServer); err != nil {
		t.Fatal(err)
	}
	for _, id := range acked {
		if counts[id] != 1 {
			t.Fatalf("acknowledged create %s recorded %d times on the server", id, counts[id])
		}
	}
	if onServer != len(acked) || len(counts) != len(acked) {
		t.Fatalf("%d annotations and %d creates on the server, %d acknowledged (%d saved, %d queued)", onServer, len(counts), len(acked), saved, queued)
	}
	t.Logf("%d saved, %d queued across the restart", saved, queued)
}

// TestSessionsEndedByTheServer: the server ends every session of ann's
// (pg_terminate_backend, as an administrator or a failover does) while
// the server itself stays up; her next edits are saved or, when they met
// a dead connection, queued and sent at once: each is on the server once.
func TestSessionsEndedByTheServer(t *testing.T) {
	ctx := context.Background()
	ownerURL := pgtest.FreshDatabase(t)
	annURL, doc := projectOn(t, ownerURL)
	s := wrapped(t, annURL, t.TempDir())
	defer s.Close()
	admin, err := pgx.Connect(ctx, pgtest.ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	role := strings.Split(strings.TrimPrefix(annURL, "postgres://"), ":")[0]
	var ids []string
	queued := 0
	for round := 0; round < 3; round++ {
		// Warm connections in the pool, then end them all.
		for i := 0; i < 3; i++ {
			// A read may still meet a session the last round's
			// termination ended (pgx then drops that connection):
			// the warm-up is not what is tested, so it reads again.
			if _, err := s.Annotations(ctx, doc, "ann"); err != nil {
				var pgErr *pgconn.PgError
				if !errors.As(err, &pgErr) || pgErr.Code != "57P01" {
					t.Fatal(err)
				}
			}
		}
		var n int
		if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1`, role).Scan(&n); err != nil || n == 0 {
			t.Fatalf("terminate ann's sessions: %d, %v", n, err)
		}
		for i := 0; i < 3; i++ {
			k := round*3 + i
			a := &model.Annotation{ID: fmt.Sprintf("0190a000-0000-7000-8000-%012d", 900+k), DocID: doc, Annotator: "ann", Label: "ACTOR",
				Fragments: []model.Fragment{{Start: k, End: k + 4}}}
			err := s.CreateAnnotations(ctx, []*model.Annotation{a})
			if errors.Is(err, model.ErrQueued) {
				queued++
			} else if err != nil {
				t.Fatalf("create after the server ended the sessions: %v", err)
			}
			ids = append(ids, a.ID)
		}
	}
	drained(t, s, 10*time.Second)
	t.Logf("%d of %d creates met an ended session and were queued", queued, len(ids))
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	anns, err := owner.Annotations(ctx, doc, "ann")
	if err != nil || len(anns) != len(ids) {
		t.Fatalf("%d spans on the server (%v), want %d", len(anns), err, len(ids))
	}
}

// cancelOnSend is the project's store as a window closing mid-send meets
// it: the first create sent from the queue finds the window's context
// canceled (Close), as the server is being asked.
type cancelOnSend struct {
	model.Store
	outer atomic.Pointer[Store]
	once  sync.Once
}

func (c *cancelOnSend) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	c.once.Do(func() {
		for c.outer.Load() == nil {
			time.Sleep(time.Millisecond)
		}
		c.outer.Load().cancel()
	})
	return c.Store.CreateAnnotations(ctx, as)
}

// TestSendCutByClosingStaysQueued: a queued edit whose send the window's
// closing cuts short (context canceled) is not taken for the server's
// refusal: it stays waiting, and the next window sends it. (CI met it as
// TestQueueOutlivesTheWindow failing with "refused queued edits: ...
// context canceled".)
func TestSendCutByClosingStaysQueued(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	dir := t.TempDir()
	s := wrapped(t, annURL, dir)
	srv.Stop(t)
	a := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Doha"), ID: "0190a000-0000-7000-8000-0000000000c2"}
	queuedErr(t, "create", s.CreateAnnotations(ctx, []*model.Annotation{a}))
	s.Close()
	srv.Start(t)

	inner, err := postgres.Open(ctx, annURL)
	if err != nil {
		t.Fatal(err)
	}
	cut := &cancelOnSend{Store: inner}
	s2 := wrappedOver(t, cut, annURL, dir)
	cut.outer.Store(s2)
	deadline := time.Now().Add(10 * time.Second)
	for s2.ctx.Err() == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s2.Close()
	if refused, _ := s2.Queue().Refused(ctx); len(refused) > 0 {
		t.Fatalf("a send cut short by closing was taken for a refusal: %v", refused)
	}
	s3 := wrapped(t, annURL, dir)
	defer s3.Close()
	drained(t, s3, 15*time.Second)
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if got, err := owner.Annotation(ctx, a.ID); err != nil || got.Text != "Doha" {
		t.Fatalf("the edit whose send was cut: %+v %v", got, err)
	}
}
