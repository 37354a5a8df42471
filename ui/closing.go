package ui

import (
	"context"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// Closing the window while an import, merge or export runs asks whether
// to cancel it or wait for it, and the window closes only once it has
// stopped: an import or merge cancelled rolls back (one transaction), an
// export removes its temporary file, and nothing is left half-written
// when the process exits (issue 12, item 12).

// bulkOp is an import, merge or export running in the background.
type bulkOp struct {
	what   string // "importing talks.jsonl"
	cancel context.CancelFunc
}

// runningOps are the window's background operations. Their goroutines
// end them, so a mutex guards the set (under the test driver fyne.Do
// runs on the calling goroutine).
type runningOps struct {
	mu      sync.Mutex
	ops     map[*bulkOp]bool
	closing bool // the user asked to close once they have stopped
}

// startOp records a background operation; its goroutine calls endOp
// when it has finished, cleanup included.
func (w *Window) startOp(what string, cancel context.CancelFunc) *bulkOp {
	op := &bulkOp{what: what, cancel: cancel}
	w.running.mu.Lock()
	defer w.running.mu.Unlock()
	if w.running.ops == nil {
		w.running.ops = map[*bulkOp]bool{}
	}
	w.running.ops[op] = true
	return op
}

// endOp forgets op and closes the window when the user asked to close
// and op was the last one running.
func (w *Window) endOp(op *bulkOp) {
	w.running.mu.Lock()
	delete(w.running.ops, op)
	closeNow := w.running.closing && len(w.running.ops) == 0
	w.running.mu.Unlock()
	if closeNow {
		fyne.Do(w.win.Close)
	}
}

// running lists what runs now, sorted.
func (w *Window) runningNow() []string {
	w.running.mu.Lock()
	defer w.running.mu.Unlock()
	var out []string
	for op := range w.running.ops {
		out = append(out, op.what)
	}
	sort.Strings(out)
	return out
}

// requestClose is the window's close intercept: it saves typed text,
// then closes at once, or asks about what still runs.
func (w *Window) requestClose() {
	if !w.inspector.commit() {
		// The error says why and what was typed; closing loses it only
		// when the user says so.
		showConfirm("Close without saving?", "What you typed in the inspector could not be saved.\nClose anyway and lose it?", func(ok bool) {
			if ok {
				w.inspector.discard()
				w.requestClose()
			}
		}, w.win)
		return
	}
	// The edits still queued are written first; if one fails, its error
	// is on screen and the window stays (closing again closes).
	failures := w.writeFailures
	w.ctl.Read(func(model.Store) error { return nil }, func(error) {
		if w.writeFailures != failures {
			return
		}
		w.closeOrAsk()
	})
}

// closeOrAsk closes at once, or asks about the imports, merges and
// exports that still run.
func (w *Window) closeOrAsk() {
	if w.askUnsent() {
		return // asked about edits made offline (live_offline.go)
	}
	busy := w.runningNow()
	if len(busy) == 0 {
		w.closeNow()
		return
	}
	w.running.mu.Lock()
	closing := w.running.closing
	w.running.mu.Unlock()
	if closing {
		return // already closing once it has stopped
	}
	msg := widget.NewLabel("Margin is " + strings.Join(busy, " and ") + ".\n\n" +
		"Cancel it: an import or merge is rolled back, the project stays as it was\n" +
		"before it started; an export leaves no file.\n" +
		"Wait: the window closes when it has finished.")
	var d dialog.Dialog
	choose := func(cancel bool) func() {
		return func() {
			d.Hide()
			w.closeWhenStopped(cancel)
		}
	}
	cancelBtn := newKeyButton("Cancel it and close", nil, choose(true))
	waitBtn := newKeyButton("Wait, then close", nil, choose(false))
	waitBtn.Importance = widget.HighImportance
	keep := newKeyButton("Keep working", nil, func() { d.Hide() })
	body := container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), keep, cancelBtn, waitBtn))
	d = dialog.NewCustomWithoutButtons("Still working", body, w.win)
	d.Show()
}

// closeWhenStopped closes the window once every operation has stopped,
// cancelling them first when cancel is set.
func (w *Window) closeWhenStopped(cancel bool) {
	w.running.mu.Lock()
	w.running.closing = true
	var ops []*bulkOp
	for op := range w.running.ops {
		ops = append(ops, op)
	}
	w.running.mu.Unlock()
	if len(ops) == 0 { // it finished while the user read the question
		w.closeNow()
		return
	}
	if cancel {
		w.setStatusText("cancelling; the window closes when it has stopped…")
		for _, op := range ops {
			op.cancel()
		}
		return
	}
	w.setStatusText("the window closes when " + strings.Join(w.runningNow(), " and ") + " has finished…")
}

// closeNow closes the window; closed tells its timers (the inspector's,
// inspector_keepalive.go) to stop.
func (w *Window) closeNow() {
	w.closed = true
	w.win.Close()
}
