package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/suggest"
)

// The active-learning queue serves the pending suggestions the
// recommenders are least sure of (score nearest 0.5, suggest.Queue),
// across documents, one at a time: it opens the suggestion's document and
// selects it, so that Enter, Backspace and the label keys decide on it as
// anywhere else; Skip logs it as skipped. After each decision the next
// one is served. Back undoes the last decision (the window's undo: an
// accept or reject is one undo step) and serves that suggestion again.

// alQueue is the queue's state and its tab.
type alQueue struct {
	s     *suggestionsUI
	items []model.Suggestion // still to serve; items[0] is served
	// past are the decisions made in the queue, newest last, for Back.
	past []queueDecision
	// undoing is the decision Back is undoing: served again once the
	// undo has been shown.
	undoing *queueDecision

	status *widget.Label
	box    *fyne.Container
	accept *widget.Button
	reject *widget.Button
	skip   *widget.Button
	back   *widget.Button
}

type queueDecision struct {
	sg     model.Suggestion
	action model.DecisionAction
}

func newALQueue(s *suggestionsUI) *alQueue {
	q := &alQueue{s: s}
	q.status = widget.NewLabel("The queue serves the suggestions the recommenders are least sure of, from every document, one at a time.")
	q.status.Wrapping = fyne.TextWrapWord
	start := widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), q.start)
	q.accept = widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() {
		if sg := q.current(); sg != nil {
			s.accept(*sg, "")
		}
	})
	q.reject = widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() {
		if sg := q.current(); sg != nil {
			s.reject(*sg)
		}
	})
	q.skip = widget.NewButtonWithIcon("Skip", theme.MediaSkipNextIcon(), q.skipCurrent)
	q.back = widget.NewButtonWithIcon("Back", theme.ContentUndoIcon(), q.undoLast)
	q.box = container.NewVBox(start, q.status, container.NewGridWithColumns(2, q.accept, q.reject, q.skip, q.back))
	q.buttons()
	return q
}

// current is the suggestion served, or nil.
func (q *alQueue) current() *model.Suggestion {
	if len(q.items) == 0 {
		return nil
	}
	return &q.items[0]
}

func (q *alQueue) buttons() {
	on := q.current() != nil
	for _, b := range []*widget.Button{q.accept, q.reject, q.skip} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if len(q.past) > 0 {
		q.back.Enable()
	} else {
		q.back.Disable()
	}
}

// start reads the queue (after the writes before) and serves its first.
func (q *alQueue) start() {
	w := q.s.w
	st, ok := storeAs[suggest.Store](w.store)
	if !ok || !q.s.enabled() {
		w.setStatusText("the queue needs a project file in Annotate mode")
		return
	}
	var items []model.Suggestion
	w.ctl.Read(func(model.Store) error {
		var err error
		items, err = suggest.Queue(w.ctx, st, "", 0)
		return err
	}, func(err error) {
		if err != nil {
			w.showError(fmt.Errorf("active-learning queue: %w", err))
			return
		}
		// Document labels are decided in the Document tab's list.
		q.items = q.items[:0]
		for _, sg := range items {
			if !sg.IsDocLabel() {
				q.items = append(q.items, sg)
			}
		}
		q.past = nil
		q.serve()
	})
}

// serve shows the current suggestion: its document opened, it selected.
func (q *alQueue) serve() {
	q.buttons()
	sg := q.current()
	if sg == nil {
		q.status.SetText(fmt.Sprintf("The queue is empty: %d decided.", len(q.past)))
		return
	}
	w := q.s.w
	q.status.SetText(fmt.Sprintf("%d decided, %d to go.\n%s %q · score %.2f · %s\nEnter accepts, Backspace rejects, a label key accepts as that label.",
		len(q.past), len(q.items)-1, sg.Label, sg.Text, sg.Score, sg.Recommender))
	if w.doc != nil && w.doc.ID == sg.DocID {
		// Wanted too: a decision's own reload (suggestions.go) selects
		// what it wants after this, the suggestion after the decided one
		// in the text unless the queue says which.
		q.s.want = sg.ID
		if q.s.index(sg.ID) >= 0 {
			q.s.selectSuggestion(sg.ID, true)
			return
		}
		q.s.reload()
		return
	}
	i, ok := w.docRow[sg.DocID]
	if !ok {
		q.items = q.items[1:]
		q.serve()
		return
	}
	q.s.want = sg.ID // selected once its document's suggestions are listed
	w.opening = 0
	w.docList.Select(i)
	if w.opening == 0 {
		w.openDocument(i)
	}
}

// decided is told of every decision on a suggestion; one on the served
// suggestion moves the queue on. Decisions made elsewhere take theirs
// out of the queue.
func (q *alQueue) decided(id int64, action model.DecisionAction) {
	for i := range q.items {
		if q.items[i].ID != id {
			continue
		}
		sg := q.items[i]
		q.items = append(q.items[:i:i], q.items[i+1:]...)
		if i == 0 {
			q.past = append(q.past, queueDecision{sg: sg, action: action})
			if action == model.DecisionRejected {
				q.dropSame(sg)
			}
			q.serve()
		}
		return
	}
}

// dropSame takes out what a rejection removed with it (same document,
// text and label).
func (q *alQueue) dropSame(sg model.Suggestion) {
	kept := q.items[:0]
	for _, it := range q.items {
		if !(it.DocID == sg.DocID && sameDecision(it, sg)) {
			kept = append(kept, it)
		}
	}
	q.items = kept
}

// skipCurrent logs the served suggestion as skipped and serves the next.
func (q *alQueue) skipCurrent() {
	sg := q.current()
	if sg == nil {
		return
	}
	q.s.w.ctl.LogDecision(sg.ID, model.DecisionSkipped, nil)
	q.decided(sg.ID, model.DecisionSkipped)
}

// undoLast undoes the queue's last decision and serves it again.
func (q *alQueue) undoLast() {
	if len(q.past) == 0 {
		return
	}
	d := q.past[len(q.past)-1]
	q.past = q.past[:len(q.past)-1]
	q.items = append([]model.Suggestion{d.sg}, q.items...)
	if d.action == model.DecisionSkipped {
		q.serve()
		return
	}
	q.undoing = &d
	q.s.want = d.sg.ID // selected once listed again, wherever the undo goes
	q.s.w.Undo()
}

// stepShown: suggestions were listed again; after Back's undo, its
// suggestion is served (its document is open by now: an undo of another
// document opens it).
func (q *alQueue) stepShown() {
	if q.undoing == nil {
		return
	}
	q.undoing = nil
	q.serve()
}
