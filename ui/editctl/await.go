package editctl

import (
	"sync"
	"time"
)

// Fyne's glfw driver polls input and paints on one 60 Hz tick
// (internal/driver/glfw/loop.go): a key is handled at the start of a
// tick and painted at its end, but a result posted with fyne.Do runs
// between ticks and is painted at the next one. So an undo, whose view
// change waits for the writer, showed a whole tick (16.7 ms) after the
// label hotkey that changes the view at once, although its store calls
// took 2-4 ms.
//
// Await lets the UI goroutine wait, a bounded time, for the results of
// the store calls in flight and apply them itself, in order, so that the
// frame of the key shows them. The store calls still run on the writer:
// the UI goroutine only waits, at most the time given, and then goes on
// as before, the later results posted as usual.

// held collects the results delivered while the UI goroutine awaits
// them.
type held struct {
	mu      sync.Mutex
	on      bool     // deliveries go to results, not to post
	results []func() // in the order the writer delivered them
	// posted counts the results handed to post that have not run yet.
	// Await applies nothing while one is waiting in Fyne's queue: the
	// results after it would show before it.
	posted int
	wake   chan struct{}
}

// deliver runs on the writer (or the reader): it hands f, the result of a
// store call, to the UI goroutine.
func (c *Controller) deliver(f func()) {
	h := &c.held
	h.mu.Lock()
	if h.on {
		h.results = append(h.results, f)
		h.mu.Unlock()
		select {
		case h.wake <- struct{}{}:
		default:
		}
		return
	}
	h.posted++
	h.mu.Unlock()
	c.post(func() {
		h.mu.Lock()
		h.posted--
		h.mu.Unlock()
		f()
	})
}

// Await applies, on the UI goroutine, the results of the store calls in
// flight as they arrive, until none is in flight or max has passed; the
// results of those still running are then posted as usual. A result may
// queue another store call (an undo reads its preview, then undoes): it
// is awaited too, within the same max.
//
// While a result already posted to Fyne's queue has not run, Await
// returns at once: the later ones it applied would show before it. The
// window awaits only when nothing was in flight before the key (Idle), so
// that the wait is the key's store calls' alone.
func (c *Controller) Await(max time.Duration) {
	if c.post == nil || c.awaiting {
		return // an Await further up the stack applies them
	}
	h := &c.held
	h.mu.Lock()
	if h.posted > 0 {
		h.mu.Unlock()
		return // they run first, from Fyne's queue, then the rest as posted
	}
	h.on = true
	h.mu.Unlock()
	c.awaiting = true
	defer func() { c.awaiting = false }()
	end := time.Now().Add(max)
	for {
		h.mu.Lock()
		rs := h.results
		h.results = nil
		if len(rs) == 0 {
			left := time.Until(end)
			if c.inflight == 0 || left <= 0 {
				// Nothing more to apply: the results from now on are
				// posted, after every one delivered before.
				h.on = false
				h.mu.Unlock()
				return
			}
			h.mu.Unlock()
			t := time.NewTimer(left)
			select {
			case <-h.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		h.mu.Unlock()
		for _, f := range rs {
			f() // may queue more (inflight) or open a dialog: UI goroutine
		}
	}
}
