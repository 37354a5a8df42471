package offlinequeue

import (
	"context"
	"errors"
	"time"

	"github.com/margin-app/margin/model"
)

// sender sends the waiting edits, oldest first, whenever woken (an edit
// was queued, the listener is back online) and every retry while some
// wait.
func (s *Store) sender() {
	defer s.wg.Done()
	adopt := time.NewTicker(adoptEvery * s.retry)
	defer adopt.Stop()
	for {
		var retry <-chan time.Time
		s.mu.Lock()
		if s.waiting > 0 {
			retry = time.After(s.retry)
		}
		s.mu.Unlock()
		select {
		case <-s.ctx.Done():
			return
		case <-s.kick:
		case <-retry:
		case <-adopt.C:
		}
		s.sendWaiting()
		s.adopt()
	}
}

// sendWaiting sends what waits until the queue is empty or the server
// out of reach again. Each edit is sent under mu, so no live write comes
// between two of them, and removed from the file only once the server
// has it: a crash in between sends it again, and the server, knowing
// its id, does not apply it twice.
func (s *Store) sendWaiting() {
	s.mu.Lock()
	s.listenerSays()
	n := s.waiting
	s.mu.Unlock()
	if n == 0 {
		return
	}
	list, err := s.q.waiting(s.ctx)
	if err != nil {
		return // the file is unreadable just now: the next retry tries again
	}
	for i := range list {
		if s.ctx.Err() != nil {
			return
		}
		if !s.sendOne(s.q, &list[i]) {
			return
		}
	}
	s.mu.Lock()
	if s.waiting > 0 {
		s.wake() // queued while these were sent
	}
	s.mu.Unlock()
}

// sendOne sends one edit of q (the window's queue, or a slot it
// adopted); false: the server is out of reach again, or the window's
// own edits wait (adopting).
func (s *Store) sendOne(q *Queue, qe *queued) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	own := q == s.q
	if !own && s.waiting > 0 {
		return false // the window went offline meanwhile: its own go first
	}
	err := s.replay(&qe.edit)
	switch {
	case err == nil, errors.Is(err, model.ErrAlreadyApplied):
		if err := q.sent(qe.seq); err != nil {
			return false // sent, but still in the file: sent again later, applied once
		}
		if own {
			s.done(nil)
		}
	case s.ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		// The window closing (its context canceled) cut the send short:
		// not the server's refusal. The edit stays waiting in the file,
		// and the next window sends it (TestQueueOutlivesTheWindow).
		return false
	case errors.Is(err, model.ErrOffline):
		if !s.offline {
			s.offline = true
			s.publish(nil)
		}
		return false
	default:
		// Refused by the server (a role changed, a span deleted
		// meanwhile by another window): kept in the file, not sent again.
		if rerr := q.refuse(qe.seq, err); rerr != nil {
			return false
		}
		if own {
			s.done(err)
		} else {
			s.publish(err)
		}
	}
	return true
}

// done counts one edit off the queue; with mu held.
func (s *Store) done(refused error) {
	s.waiting--
	if s.waiting == 0 {
		s.offline = false
	}
	s.publish(refused)
}

// replay sends a queued edit with the server's values of what earlier
// replays created or changed (stamps, relation ids), and records the
// values it gives.
func (s *Store) replay(e *edit) error {
	switch e.Op {
	case opCreateAnnotations:
		for _, a := range e.Annotations {
			if t, ok := e.Stamps[a.ID]; ok {
				a.CreatedAt, a.UpdatedAt = t, t // as the first attempt wrote them
			}
		}
	case opCurate:
		if e.Gold != nil {
			if t, ok := e.Stamps[e.Gold.ID]; ok {
				e.Gold.CreatedAt, e.Gold.UpdatedAt = t, t
			}
		}
	case opUpdateAnnotation:
		if t, ok := s.stamps[e.Annotation.ID]; ok {
			e.Annotation.UpdatedAt = t
		}
	case opDeleteRelation:
		if v, ok := s.relIDs[e.Target]; ok {
			e.Target = v
		}
	}
	var prov string
	if e.Relation != nil {
		prov = e.Relation.ID
	}
	err := e.send(s.ctx, s.Store)
	applied := errors.Is(err, model.ErrAlreadyApplied)
	if err != nil && !applied {
		return err
	}
	switch e.Op {
	case opCreateAnnotations:
		for _, a := range e.Annotations {
			if !a.UpdatedAt.IsZero() {
				s.stamps[a.ID] = a.UpdatedAt
			}
		}
	case opUpdateAnnotation:
		if !applied {
			s.stamps[e.Annotation.ID] = e.Annotation.UpdatedAt
		} else if t, ok := e.Stamps[e.Annotation.ID]; ok {
			s.stamps[e.Annotation.ID] = t
		}
	case opCurate:
		if e.Gold != nil && !e.Gold.UpdatedAt.IsZero() {
			s.stamps[e.Gold.ID] = e.Gold.UpdatedAt
		}
	case opCreateRelation:
		if !applied {
			s.relIDs[prov] = e.Relation.ID
		} else if e.RelID != "" {
			s.relIDs[prov] = e.RelID
		}
	}
	return err
}
