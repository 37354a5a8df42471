package editctl

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// noPosts fails when the controller posted anything: what Await applies
// must not also come through the UI goroutine's queue.
func (u *ui) noPosts() {
	u.t.Helper()
	if n := len(u.posts); n != 0 {
		u.t.Fatalf("%d results posted to the UI queue, want them applied by Await", n)
	}
}

// openedUI is a project, a controller over it and its first document
// open.
func openedUI(t *testing.T) (*storage.DB, int64, *ui) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	return db, doc, u
}

// wantEvents fails unless the controller's events so far are want
// (joined by |).
func (u *ui) wantEvents(want string) {
	u.t.Helper()
	if got := strings.Join(u.log, "|"); got != want {
		u.t.Fatalf("events = %q, want %q", got, want)
	}
}

// TestAwaitShowsTheSaveInTheKeysTurn: a key's edit and its "saved" are
// applied in the key's own turn on the UI goroutine when the writer is
// quick, so the key's frame shows both.
func TestAwaitShowsTheSaveInTheKeysTurn(t *testing.T) {
	db, doc, u := openedUI(t)
	u.c.Create("TERM", frag("energy ceasefire"), "TERM energy ceasefire")
	u.c.Await(10 * time.Second)
	if !u.c.Idle() {
		t.Fatal("Await returned with the create in flight")
	}
	u.noPosts()
	u.wantEvents("added TERM|saved TERM energy ceasefire")
	if got := stored(t, db, doc); len(got) != 1 {
		t.Fatalf("stored = %q", got)
	}
}

// TestAwaitUndoesInOneTurn: an undo's step is read and applied inside
// one Await, including the store call its first result queues (the
// window reads the preview, then undoes).
func TestAwaitUndoesInOneTurn(t *testing.T) {
	_, _, u := openedUI(t)
	u.c.Create("TERM", frag("energy ceasefire"), "create")
	u.settle()
	u.log = nil
	var step *model.HistoryStep
	undone := false
	u.c.Read(func(s model.Store) error {
		_, err := s.PreviewHistory(u.c.ctx, "ana", true)
		return err
	}, func(err error) {
		if err != nil {
			t.Error(err)
			return
		}
		u.c.Undo(func(s *model.HistoryStep, err error) {
			if err != nil {
				t.Error(err)
			}
			step, undone = s, true
		})
	})
	u.c.Await(10 * time.Second)
	u.noPosts()
	if !undone || step == nil {
		t.Fatalf("undo not applied within Await (done called: %v, step %v)", undone, step)
	}
	if got := shown(u.c); len(got) != 0 {
		t.Fatalf("shown after the undo = %q", got)
	}
	u.wantEvents("removed TERM")
}

// TestAwaitGivesUpAndLosesNothing: with the writer held, Await returns
// after its time with the edit still in flight; the result then comes
// through the UI queue as before, once.
func TestAwaitGivesUpAndLosesNothing(t *testing.T) {
	_, _, u := openedUI(t)
	release := u.block()
	u.c.Create("TERM", frag("energy ceasefire"), "TERM energy ceasefire")
	start := time.Now()
	u.c.Await(30 * time.Millisecond)
	if waited := time.Since(start); waited < 30*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("Await with the writer held returned after %v, want its 30 ms", waited)
	}
	if u.c.Idle() {
		t.Fatal("idle while the writer is held")
	}
	u.wantEvents("added TERM")
	release()
	u.settle()
	u.wantEvents("added TERM|saved TERM energy ceasefire")
	u.noPosts()
}

// TestAwaitKeepsTheWritesOrder: edits whose Awaits time out at every
// point of their writes (zero to a few hundred microseconds) still see
// their results applied once each, in the order made, whether Await or
// the UI queue applied them.
func TestAwaitKeepsTheWritesOrder(t *testing.T) {
	db, doc, u := openedUI(t)
	words := []string{"The", "ceasefire", "holds", "Officials", "Kyiv", "said", "energy", "would", "hold", "thirty", "days"}
	n := 0
	for round := range 6 {
		for i, w := range words {
			n++
			a := u.c.Create("TERM", frag(w), fmt.Sprint(n))
			u.c.Await(time.Duration((round*len(words)+i)%7) * 50 * time.Microsecond)
			n++
			upd := *a
			upd.Label = "CLAIM"
			u.c.Update(&upd, fmt.Sprint(n))
			n++
			u.c.Delete(a.ID, fmt.Sprint(n))
			// Some of the UI queue is run between keys, as Fyne's loop does.
			for len(u.posts) > 0 && i%3 == 0 {
				(<-u.posts)()
			}
		}
	}
	u.settle()
	var saves []string
	for _, e := range u.log {
		if strings.HasPrefix(e, "saved ") {
			saves = append(saves, strings.TrimPrefix(e, "saved "))
		}
	}
	if len(saves) != n {
		t.Fatalf("%d saves confirmed, want %d", len(saves), n)
	}
	for i, s := range saves {
		if s != fmt.Sprint(i+1) {
			t.Fatalf("save %d confirmed as %q: out of order (%q)", i+1, s, saves)
		}
	}
	if got := stored(t, db, doc); len(got) != 0 {
		t.Fatalf("stored = %q, want every span deleted again", got)
	}
}

// TestAwaitInsideAResultReturns: an Await run by a result that an outer
// Await applies returns at once; the outer one applies what follows.
func TestAwaitInsideAResultReturns(t *testing.T) {
	_, _, u := openedUI(t)
	inner := time.Duration(0)
	u.c.Read(func(model.Store) error { return nil }, func(error) {
		u.c.Create("TERM", frag("energy ceasefire"), "TERM energy ceasefire")
		start := time.Now()
		u.c.Await(time.Second)
		inner = time.Since(start)
	})
	u.c.Await(10 * time.Second)
	u.noPosts()
	if inner > 100*time.Millisecond {
		t.Fatalf("the inner Await took %v, want it to return at once", inner)
	}
	u.wantEvents("added TERM|saved TERM energy ceasefire")
}

// TestAwaitBehindAPostedResultApplies nothing: with one edit's result
// waiting in the UI queue, an Await for the next edit returns at once and
// leaves that edit's result to the queue, behind the first.
func TestAwaitBehindAPostedResultAppliesNothing(t *testing.T) {
	_, _, u := openedUI(t)
	u.c.Create("TERM", frag("energy ceasefire"), "first")
	var first func()
	select {
	case first = <-u.posts:
	case <-time.After(10 * time.Second):
		t.Fatal("the first create's result was never posted")
	}
	u.c.Create("CLAIM", frag("Kyiv"), "second")
	start := time.Now()
	u.c.Await(2 * time.Second)
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("Await behind a posted result waited %v, want it to return at once", waited)
	}
	u.wantEvents("added TERM|added CLAIM")
	first()
	u.settle()
	u.wantEvents("added TERM|added CLAIM|saved first|saved second")
}
