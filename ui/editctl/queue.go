package editctl

import (
	"errors"
	"sync"

	"github.com/margin-app/margin/model"
)

// queue runs jobs one at a time, in the order they were queued, on one
// goroutine: the only one that calls the store. It never blocks the
// caller (an unbounded list, not a channel that fills up).
type queue struct {
	mu     sync.Mutex
	jobs   []func()
	wake   chan struct{}
	closed bool
	done   chan struct{}
}

func newQueue() *queue {
	q := &queue{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go q.run()
	return q
}

func (q *queue) push(job func()) bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

func (q *queue) run() {
	defer close(q.done)
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			closed := q.closed
			q.mu.Unlock()
			if closed {
				return
			}
			<-q.wake
			continue
		}
		job := q.jobs[0]
		q.jobs[0] = nil
		q.jobs = q.jobs[1:]
		q.mu.Unlock()
		job()
	}
}

// close lets the jobs already queued finish, then stops the goroutine and
// waits for it.
func (q *queue) close() {
	q.mu.Lock()
	already := q.closed
	q.closed = true
	q.mu.Unlock()
	if !already {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
	<-q.done
}

// enqueue runs work on the writer and then apply(err) on the UI goroutine,
// counting it in flight until apply has run. The work may write to any
// document (enqueueFor names the one it writes).
//
// Without a post func (New with nil) the controller is synchronous: work
// and apply run at once on the caller's goroutine. The window's tests use
// it under Fyne's test driver, whose fyne.Do would run apply on the
// writer's goroutine.
func (c *Controller) enqueue(work func() error, apply func(err error)) {
	c.enqueueOn(c.q, anyDoc, work, apply)
}

// Kinds of store calls for enqueueFor: a write to the document named by a
// positive id, one to any document, or a read (writes nothing).
const (
	anyDoc  int64 = -1
	readJob int64 = 0
)

// enqueueFor is enqueue of a store call that writes only document doc
// (or nothing: readJob). While it is queued or running, opening another
// document need not wait for it (openAside).
func (c *Controller) enqueueFor(doc int64, work func() error, apply func(err error)) {
	c.enqueueOn(c.q, doc, work, apply)
}

func (c *Controller) enqueueOn(q *queue, doc int64, work func() error, apply func(err error)) {
	if c.post == nil {
		c.applyResult(work(), apply)
		return
	}
	c.inflight++
	c.countWrite(doc, 1)
	ok := q.push(func() {
		err := work()
		c.deliver(func() {
			c.inflight--
			c.countWrite(doc, -1)
			c.applyResult(err, apply)
			if c.inflight == 0 && c.ev.Settled != nil {
				c.ev.Settled()
			}
		})
	})
	if !ok {
		c.inflight--
		c.countWrite(doc, -1)
		apply(ErrClosed)
	}
}

// countWrite counts the writes queued or running per document (UI
// goroutine only).
func (c *Controller) countWrite(doc int64, d int) {
	switch {
	case doc == anyDoc:
		c.anyWrites += d
	case doc > 0:
		c.docWrites[doc] += d
		if c.docWrites[doc] == 0 {
			delete(c.docWrites, doc)
		}
	}
}

// canOpenAside says whether document id may be read beside the writer
// (on the reader): no write of it, nor of an unknown document, is queued
// or running, so the writer's queue holds nothing that read must see.
func (c *Controller) canOpenAside(id int64) bool {
	return c.post != nil && c.anyWrites == 0 && c.docWrites[id] == 0 && len(c.docWrites) > 0
}

// applyResult runs apply with a store call's error. A write the store
// queued (model.ErrQueued: the server was out of reach, the edit is on
// disk) is applied as a success, except that it is reported as queued,
// never as saved (see saved).
func (c *Controller) applyResult(err error, apply func(err error)) {
	if !errors.Is(err, model.ErrQueued) {
		apply(err)
		return
	}
	c.queuedNow = true
	defer func() { c.queuedNow = false }()
	apply(nil)
}

// Drain blocks until the store calls queued so far have run (their
// results are applied later, on the UI goroutine, as always). The window
// calls it before a store call that must answer at once (a schema change
// from the schema editor) so that it comes after the edits before it.
func (c *Controller) Drain() {
	if c.post == nil {
		return
	}
	ch := make(chan struct{})
	if c.q.push(func() { close(ch) }) {
		<-ch
	}
}

// runNow runs a store call and its result at once on the caller's
// goroutine. Only while nothing is in flight: the writer is then idle, and
// the next job it takes is pushed after this one ran (the queue's mutex
// orders what this call wrote before what the writer reads).
func (c *Controller) runNow(work func() error, apply func(err error)) {
	apply(work())
}
