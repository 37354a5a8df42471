package editctl

import (
	"errors"

	"github.com/margin-app/margin/model"
)

// fewChanged is how many changed annotations an undo re-reads one by one;
// a bigger step (a label-all, a schema change) re-reads the whole layer.
const fewChanged = 64

// Undo reverts the person's last change group, queued after the writes
// before it. done gets the step (nil: nothing to undo) once the state
// shows it; a step of another document changes nothing here: the caller
// opens that document.
func (c *Controller) Undo(done func(step *model.HistoryStep, err error)) {
	c.History(func(s model.Store) (*model.HistoryStep, error) { return s.Undo(c.ctx, c.who) }, done)
}

// Redo re-applies the last undone change group.
func (c *Controller) Redo(done func(step *model.HistoryStep, err error)) {
	c.History(func(s model.Store) (*model.HistoryStep, error) { return s.Redo(c.ctx, c.who) }, done)
}

// History runs a store call that undoes or redoes a change group (run, on
// the writer, after the writes before it) and shows what it changed in
// the open document, as Undo does.
func (c *Controller) History(run func(s model.Store) (*model.HistoryStep, error), done func(*model.HistoryStep, error)) {
	gen := c.gen
	var docID int64 = -1
	if c.doc != nil {
		docID = c.doc.ID
	}
	var (
		step    *model.HistoryStep
		changed []*model.Annotation // nil entry: that id is gone
		all     []model.Annotation  // set instead of changed for a big step
		rels    []model.Relation
	)
	c.enqueue(func() error {
		var err error
		step, err = run(c.store)
		if err != nil || step == nil || step.DocID != docID {
			return err
		}
		// The step committed; what follows only reads what it did.
		if len(step.Changed) > fewChanged {
			if all, err = c.store.Annotations(c.ctx, docID, ""); err != nil {
				return err
			}
			c.stampLayer(all)
		} else {
			for _, id := range step.Changed {
				a, err := c.store.Annotation(c.ctx, id)
				if errors.Is(err, model.ErrNotFound) {
					a, err = nil, nil
				}
				if err != nil {
					return err
				}
				if a == nil {
					delete(c.stamps, id)
				}
				c.stamp(a)
				changed = append(changed, a)
			}
		}
		rels, err = c.store.Relations(c.ctx, docID)
		return err
	}, func(err error) {
		if err == nil && step != nil && gen == c.gen && step.DocID == docID {
			c.applyStep(step, changed, all, rels)
			c.stepShown(step)
		}
		if done != nil {
			done(step, err)
		}
	})
}

// applyStep shows what an undo or redo changed in the open document.
func (c *Controller) applyStep(step *model.HistoryStep, changed []*model.Annotation, all []model.Annotation, rels []model.Relation) {
	if all != nil {
		c.setLayer(all, rels)
		if c.ev.Replaced != nil {
			c.ev.Replaced()
		}
		return
	}
	for i, id := range step.Changed {
		a := changed[i]
		switch {
		case a == nil:
			c.remove(id)
		case a.Annotator != c.layer:
			// another layer of the document (a curator's undo in gold
			// seen from the own layer): only the document's count moves
		case c.byID[id] == nil:
			c.insert(a)
		default:
			c.replace(a)
		}
	}
	c.rels = c.rels[:0:0]
	for _, r := range rels {
		if r.Annotator == c.layer {
			c.rels = append(c.rels, r)
		}
	}
	c.relationsChanged()
}
