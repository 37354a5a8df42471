package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/model"
)

// Live updates on a team project (issue 17): the store (PostgreSQL)
// tells the window what colleagues committed (model.ChangeNotifier), and
// the window reloads just what shows it: the open document's layers when
// they changed and are on screen, the document list's counts and
// statuses, the schema, an open agreement dashboard. Every read runs off
// the UI goroutine, through the edit controller's queue, after this
// window's own queued writes, so a reload never takes back an edit shown
// but not yet committed (the store does not report the window's own
// writes at all).

// postLive is how the store's events get onto the UI goroutine; the ui
// tests replace it (under Fyne's test driver fyne.Do would run the
// window's code on the store's listener goroutine).
var postLive = fyne.Do

// liveRetry is how long a reload that had to wait (an edit in flight, a
// field being typed in) waits before it tries again.
const liveRetry = 300 * time.Millisecond

// liveState is what the window knows of the live changes not yet shown.
type liveState struct {
	on                  bool // the store notifies: WatchExternal started it
	layer, docs, schema bool // what needs reloading
	labels              bool // the open document's document labels
	dashboard           bool
	progress            bool // the open Progress window's matrix
	busy                bool // a reload is under way
	retrying            bool // a retry is scheduled
	offline             bool // the listener's connection is lost
	heard               bool // the listener has said "online" once: it LISTENs
	removed             bool // the server no longer accepts this login
	hidden              bool // blind mode hides colleagues' layers (live_blind.go)
	blindCheck          bool // read hidden again: everything changed
	hiddenReads         int  // readLayersHidden's reads so far: the latest is shown
	blindBanner         fyne.CanvasObject
	queue               queueState
	banner              fyne.CanvasObject
	dash                *liveDashboard
	post                func(func()) // postLive as it was when watching began
	closeUnsent         bool         // the user chose to close with edits unsent
	// applied counts the reloads done after colleagues' changes, and
	// layerReloads those of the open document's layers (tests).
	applied, layerReloads int
}

// watchLive subscribes the window to the store's changes until ctx ends.
func (w *Window) watchLive(ctx context.Context, cn model.ChangeNotifier) {
	w.live.on = true
	// The store's goroutines post through the poster of the window's
	// start: they may outlive a test that swapped postLive back.
	post := postLive
	w.live.post = post
	err := cn.WatchChanges(ctx, func(ev model.ChangeEvent) {
		post(func() { w.liveEvent(ev) })
	})
	if err != nil {
		w.setStatusText("live updates are off: " + err.Error())
	}
	w.readLayersHidden()
	if q, ok := w.store.(offlineQueue); ok {
		q.WatchQueue(ctx, func(offline bool, waiting int, refused error) {
			post(func() { w.queueChanged(queueState{offline: offline, waiting: waiting}, refused) })
		})
	}
}

// liveEvent takes one event of the store's, on the UI goroutine.
func (w *Window) liveEvent(ev model.ChangeEvent) {
	if ev.Removed && !w.live.removed {
		w.live.removed = true
		w.live.offline = true
		w.showOffline()
		return
	}
	if ev.Online == w.live.offline {
		w.live.offline = !ev.Online
		w.showOffline()
	}
	if ev.Online && !w.live.heard {
		// What changed between the window's load and the listener's
		// LISTEN was sent to no one. Blind mode is the one thing the
		// window cannot learn from a later change (a lead's switch in
		// that gap left the banner up, CI's race run): read it again.
		w.live.heard = true
		w.readLayersHidden()
	}
	for _, c := range ev.Changes {
		w.noteChange(c)
	}
	w.applyLive()
}

// noteChange records what a change makes out of date.
func (w *Window) noteChange(c model.Change) {
	l := &w.live
	open := w.doc != nil && (c.DocID == 0 || c.DocID == w.doc.ID)
	// The layers on screen: the edited one, or every one when comparing
	// or curating. A change that names no layer (a server before
	// migration 006 in blind mode) may be of any.
	shown := w.mode != modeAnnotate || c.Layer == w.editLayer() || c.Layer == ""
	mine := c.Layer == w.annotator || c.Layer == ""
	switch c.Kind {
	case model.ChangeAll:
		l.schema, l.docs, l.layer, l.labels, l.dashboard = true, true, true, true, true
		l.blindCheck = true // blind mode switched sends one
		l.progress = true
	case model.ChangeSchema:
		l.schema, l.layer, l.labels = true, true, true
	case model.ChangeDocument:
		l.docs, l.dashboard, l.progress = true, true, true
	case model.ChangeAnnotation:
		l.docs, l.dashboard = true, true // the list counts every layer's spans
		l.progress = true                // a first span gives a person a row
		l.layer = l.layer || (open && shown)
	case model.ChangeRelation, model.ChangeVerdict:
		l.layer = l.layer || (open && shown)
	case model.ChangeStatus:
		l.docs, l.progress = true, true
	case model.ChangeDocLabel:
		l.labels = l.labels || (open && mine)
	}
}

// applyLive reloads what is out of date, unless a reload is under way
// (it comes back here when done) or the user is typing in the inspector
// or an edit is in flight (then it tries again shortly).
func (w *Window) applyLive() {
	l := &w.live
	if l.blindCheck {
		l.blindCheck = false
		w.readLayersHidden()
	}
	if l.progress {
		// The Progress window reads through the edit queue on its own
		// (after this window's writes): it needs nothing of the rest.
		l.progress = false
		if w.progressView != nil {
			w.progressView.Reload()
		}
	}
	if l.busy || !(l.layer || l.docs || l.schema || l.labels || l.dashboard) {
		return
	}
	// Only typing in the inspector (a note, an attribute) holds a reload
	// back, which could redraw the field; a focused button or radio
	// (the mode just clicked) does not.
	if _, typing := w.win.Canvas().Focused().(*commitEntry); typing || !w.ctl.Idle() {
		w.retryLive()
		return
	}
	if w.live.queue.waiting > 0 {
		// Edits made offline are not on the server yet: what it has now
		// would take them off the screen. queueChanged comes back here
		// once they are sent.
		return
	}
	l.busy = true
	schema, docs, layer, labels, dash := l.schema, l.docs, l.layer, l.labels, l.dashboard
	l.schema, l.docs, l.layer, l.labels, l.dashboard = false, false, false, false, false
	var (
		sc    *model.Schema
		list  []model.DocumentSummary
		stats map[int64]map[string]model.Status
	)
	who := w.annotator // read on the UI goroutine, used on the writer
	w.ctl.Read(func(s model.Store) error {
		var err error
		if schema {
			if sc, err = s.Schema(w.ctx); err != nil {
				return err
			}
		}
		if docs {
			// The same read as the window's open (readBack): the
			// person's queue, counted in their layer.
			list, stats, err = readDocList(w.ctx, s, who)
		}
		return err
	}, func(err error) {
		if err != nil || !w.ctl.Idle() {
			// Offline again, or an edit was made meanwhile (what was read
			// may not show it yet): read again later.
			l.schema, l.docs = l.schema || schema, l.docs || docs
			l.layer, l.labels, l.dashboard = l.layer || layer, l.labels || labels, l.dashboard || dash
			l.busy = false
			w.retryLive()
			return
		}
		if sc != nil {
			w.schema = sc
			w.labels.refresh()
			w.annList.refreshFilter(w.schema.Labels)
		}
		if list != nil {
			w.setDocs(list, stats)
		}
		if labels {
			w.showDocLabels()
		}
		if dash {
			w.refreshDashboard()
		}
		if !layer || w.doc == nil {
			w.liveDone()
			return
		}
		w.liveLayer()
	})
}

// liveLayer re-reads the open document's layers and redraws them,
// keeping the selection.
func (w *Window) liveLayer() {
	sel := baseID(w.view.SelectedHighlight())
	w.ctl.SetLayer(w.editLayer())
	w.reloading = true
	w.ctl.ReloadQuiet(func(all []model.Annotation, applied bool, err error) {
		w.reloading = false
		if err != nil || !applied {
			w.live.layer = true
			w.live.busy = false
			w.retryLive()
			return
		}
		w.live.layerReloads++
		w.showLayer(all)
		if sel != "" && w.annotation(sel) != nil {
			w.view.SelectHighlight(sel)
		}
		w.updateStatus() // "N of your spans" counts the layer just read
		w.liveDone()
	})
}

func (w *Window) liveDone() {
	w.live.busy = false
	w.live.applied++
	w.applyLive() // what came in meanwhile
}

// retryLive runs applyLive again shortly (once, however often asked).
func (w *Window) retryLive() {
	if w.live.retrying {
		return
	}
	w.live.retrying = true
	post := w.livePost()
	time.AfterFunc(liveRetry, func() {
		post(func() {
			w.live.retrying = false
			w.applyLive()
		})
	})
}

// livePost is the poster this window's live updates use, read on the UI
// goroutine before a goroutine or timer is started with it.
func (w *Window) livePost() func(func()) {
	if w.live.post != nil {
		return w.live.post
	}
	return postLive
}

// LiveReloads counts the reloads made for colleagues' changes (tests).
func (w *Window) LiveReloads() int { return w.live.applied }

var changeAll = model.Change{Kind: model.ChangeAll}
