package ui

import (
	"context"

	"github.com/margin-app/margin/model"
)

// ShowProgressMatrix opens the progress matrix (each person's documents
// to do, in progress and done: issue 17's lead view, useful on a file
// project too) in a window of its own. Its reads go through the edit
// queue, after the writes queued before them, never on the UI goroutine.
// It is a tool window like the others (toolWindow: Esc closes it).
func (w *Window) ShowProgressMatrix() {
	if w.progressWin != nil {
		w.progressWin.RequestFocus()
		w.progressView.Reload()
		return
	}
	run := func(read func() error, done func(error)) {
		w.ctl.Read(func(model.Store) error { return read() }, done)
	}
	// A server's annotators and curators have a row even before their
	// first span, as in `margin progress` (postgres.DB.ProgressPeople).
	var extra func(ctx context.Context) ([]string, error)
	if tp, ok := storeAs[teamPeople](w.store); ok {
		extra = tp.ProgressPeople
	}
	v := newProgressView(w.store, extra, run)
	win := w.toolWindow("Progress", progressWindowSize, func() { w.progressWin, w.progressView = nil, nil })
	win.SetContent(v.Content())
	w.progressWin, w.progressView = win, v
}

// teamPeople is a store that names the people of the progress matrix
// beyond those with a layer (postgres.DB: its members).
type teamPeople interface {
	ProgressPeople(ctx context.Context) ([]string, error)
}
