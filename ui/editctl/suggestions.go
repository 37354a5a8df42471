package editctl

import (
	"context"
	"errors"

	"github.com/margin-app/margin/model"
)

// Deciding on suggestions (issue 16) goes through the controller like
// every other edit: queued after the edits before it, one transaction and
// one undo step in the store (the annotation accepting makes keeps its
// origin there), and the annotation made enters the layer once the store
// has given it its id. A write that fails changes nothing in the layer.

// ErrNoSuggestions is reported when the project's store keeps no
// suggestions (both of Margin's stores do; a store made for a test may
// not).
var ErrNoSuggestions = errors.New("this project's store keeps no suggestions")

// bulkAccepter accepts many suggestions as one undo step
// (storage.DB.AcceptSuggestions).
type bulkAccepter interface {
	AcceptSuggestions(ctx context.Context, ids []int64, by string) ([]*model.Annotation, error)
}

// Suggestions is the store's suggestion side, or nil when it has none.
func (c *Controller) Suggestions() model.SuggestionStore {
	ss, _ := model.StoreAs[model.SuggestionStore](c.store)
	return ss
}

// Events returns the callbacks, for a part of the window that adds its
// own to them (SetEvents with the result).
func (c *Controller) Events() Events { return c.ev }

// OnStep adds fn to what runs when an undo or redo of the open document
// has been shown (a suggestion's status may have gone back with it).
func (c *Controller) OnStep(fn func(step *model.HistoryStep)) {
	c.stepHooks = append(c.stepHooks, fn)
}

func (c *Controller) stepShown(step *model.HistoryStep) {
	for _, fn := range c.stepHooks {
		fn(step)
	}
}

// AcceptSuggestion accepts sg into the edited layer, with label instead
// of its own when label is not "" (a correction). done gets the
// annotation made (nil for a document label) after it entered the layer.
func (c *Controller) AcceptSuggestion(sg *model.Suggestion, label, what string, done func(a *model.Annotation, err error)) {
	ss := c.Suggestions()
	if ss == nil {
		c.failed(what, ErrNoSuggestions)
		if done != nil {
			done(nil, ErrNoSuggestions)
		}
		return
	}
	var made *model.Annotation
	c.decide(what, func() error {
		var err error
		made, err = ss.AcceptSuggestion(c.ctx, sg.ID, c.who, model.AcceptOptions{Label: label})
		if err == nil && made != nil {
			c.stamp(made)
		}
		return err
	}, func(gen int, err error) {
		if err == nil && made != nil && gen == c.gen && c.layer == made.Annotator && c.doc != nil && c.doc.ID == made.DocID {
			c.insert(clone(made))
		}
		if done != nil {
			done(made, err)
		}
	})
}

// AcceptSuggestions accepts every suggestion of ids as it is, as one undo
// step when the store can (one per suggestion otherwise).
func (c *Controller) AcceptSuggestions(ids []int64, what string, done func(made []*model.Annotation, err error)) {
	ss := c.Suggestions()
	if ss == nil {
		c.failed(what, ErrNoSuggestions)
		if done != nil {
			done(nil, ErrNoSuggestions)
		}
		return
	}
	var made []*model.Annotation
	c.decide(what, func() error {
		var err error
		if b, ok := ss.(bulkAccepter); ok {
			made, err = b.AcceptSuggestions(c.ctx, ids, c.who)
		} else {
			for _, id := range ids {
				var a *model.Annotation
				if a, err = ss.AcceptSuggestion(c.ctx, id, c.who, model.AcceptOptions{}); err != nil {
					break
				}
				if a != nil {
					made = append(made, a)
				}
			}
		}
		c.stamp(made...)
		return err
	}, func(gen int, err error) {
		if gen == c.gen && c.doc != nil {
			for _, a := range made {
				if a.Annotator == c.layer && a.DocID == c.doc.ID && c.byID[a.ID] == nil {
					c.insert(clone(a))
				}
			}
		}
		if done != nil {
			done(made, err)
		}
	})
}

// RejectSuggestion rejects sg: one undo step, and the same text and label
// are not suggested in its document again.
func (c *Controller) RejectSuggestion(sg *model.Suggestion, what string, done func(err error)) {
	ss := c.Suggestions()
	if ss == nil {
		c.failed(what, ErrNoSuggestions)
		if done != nil {
			done(ErrNoSuggestions)
		}
		return
	}
	c.decide(what, func() error { return ss.RejectSuggestion(c.ctx, sg.ID, c.who) }, func(_ int, err error) {
		if done != nil {
			done(err)
		}
	})
}

// LogDecision records that the person was shown, or skipped, a suggestion
// (no status message: the person did not edit anything).
func (c *Controller) LogDecision(id int64, action model.DecisionAction, done func(err error)) {
	ss := c.Suggestions()
	if ss == nil {
		if done != nil {
			done(ErrNoSuggestions)
		}
		return
	}
	c.Write("", func(model.Store) error { return ss.LogDecision(c.ctx, id, action, c.who) }, done)
}

// decide queues a decision's write; apply runs on the UI goroutine with
// the generation the write was queued in.
func (c *Controller) decide(what string, work func() error, apply func(gen int, err error)) {
	c.pending(what)
	gen := c.gen
	c.enqueue(work, func(err error) {
		apply(gen, err)
		if err == nil {
			c.saved(what)
		} else {
			c.failed(what, err)
		}
	})
}
