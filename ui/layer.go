package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/internal/startuptrace"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/articleview"
	"github.com/margin-app/margin/ui/editctl"
)

// The window's side of the edit controller (ui/editctl): the controller
// owns the open document's layer and calls these as it changes; each
// updates the view and the lists by the one changed span.

// postEdits is how a new window's edit controller gets back onto the UI
// goroutine: fyne.Do. The ui tests set it to nil (the controller's
// synchronous mode), because under Fyne's test driver fyne.Do runs a func
// on the calling goroutine, which would be the writer's; one test sets its
// own queue.
var postEdits = fyne.Do

// InlineEdits makes the windows made after it run every store call on the
// calling goroutine, as before the edit controller: for headless use under
// Fyne's test driver (tests, benchmarks), whose fyne.Do would run the
// window's updates on the writer's goroutine. The app never calls it.
func InlineEdits() { postEdits = nil }

func (w *Window) newController() *editctl.Controller {
	return editctl.New(w.ctx, w.store, w.annotator, postEdits, editctl.Events{
		Opened:           w.documentOpened,
		Added:            w.annotationAdded,
		Changed:          w.annotationChanged,
		Removed:          w.annotationRemoved,
		RelationsChanged: w.relationsChanged,
		Replaced: func() {
			if !w.reloading {
				w.showLayer(nil)
			}
		},
		Counted:    func(label string, n int) { w.labels.setCount(label, n) },
		DocCounted: w.docCounted,
		DocShifted: w.docShifted,
		Pending:    w.pending,
		Saved:      w.committed,
		Queued:     w.queued,
		Failed:     w.writeFailed,
		Settled:    w.settled,
	})
}

// syncLayer mirrors the controller's state in the fields the panels read.
func (w *Window) syncLayer() {
	w.anns, w.rels = w.ctl.Annotations(), w.ctl.Relations()
	w.doc, w.ix = w.ctl.Document(), w.ctl.Index()
}

// documentOpened shows a document the controller loaded.
func (w *Window) documentOpened(d *model.Document, all []model.Annotation) {
	w.syncLayer()
	for i := range w.docs {
		if w.docs[i].ID == d.ID {
			w.docIdx = i
			break
		}
	}
	w.linking = ""
	startuptrace.Mark("document arrived (UI)")
	w.view.SetText(d.Text)
	startuptrace.Mark("text set and laid out")
	w.search.documentChanged()
	w.showLayer(all)
	w.showDocLabels()
	if st, ok := w.statuses[d.ID][w.annotator]; ok {
		w.docStatusSelect.SetSelected(string(st))
	} else {
		w.docStatusSelect.ClearSelected()
	}
	w.inspector.show(nil)
	// A write that failed stays reported until one succeeds: the open
	// of the next document, queued behind it, must not say "saved".
	if !w.notSaved {
		w.lastSaved = "saved"
	}
	w.updateStatus()
	w.win.Canvas().Focus(w.view)
	startuptrace.Mark("document shown (UI)")
	w.prepareInspector()
	if then := w.afterOpen; then != nil {
		w.afterOpen = nil
		then()
	}
}

// prepareInspector loads the inspector's span form once the first
// document shows, before the first key (inspector.prepare; the forms are
// built with the schema, prepareForms): after the frame that draws the
// text when the window runs (posted), at once under the test driver.
func (w *Window) prepareInspector() {
	if w.inspector.prepared > 0 || len(w.anns) == 0 {
		return
	}
	first := *w.anns[0] // a copy: the goroutine must not read the layer
	if post := postEdits; post != nil {
		go post(func() { w.inspector.prepare(&first) })
		// The warmers' fonts load in the frame that draws them: not in
		// the frames that first show the text (posted 50 ms after the
		// document, launch to text in bench/gui.py went 457 → 508 ms,
		// median of 4 alternated runs).
		go func() {
			select {
			case <-time.After(warmAfter):
				post(w.inspector.warm.show)
			case <-w.ctx.Done():
			}
		}()
		return
	}
	w.inspector.prepare(&first)
	w.inspector.warm.show()
}

// warmAfter is how long after the document shows the inspector's font
// warmers are drawn (inspector_warm.go): after the text's first frames,
// before a person's first key.
const warmAfter = 300 * time.Millisecond

// showLayer draws the whole layer (opening a document, changing the mode,
// after an undo of many spans); all is every layer's annotations when the
// caller has them, for the review overlays.
func (w *Window) showLayer(all []model.Annotation) { w.showLayerThen(all, nil) }

// showLayerThen is showLayer, then then (if not nil) once everything is
// shown: comparing or curating, the edited layer shows at once and the
// compared layers' overlays once the other layers (when all is nil) and
// the verdicts are read, in the edit queue, off the UI goroutine
// (review_load.go); then runs after them, so that it sees the comparison
// the store's answer made (curate's next step after a verdict used to
// look at the verdicts from before it).
func (w *Window) showLayerThen(all []model.Annotation, then func()) {
	w.syncLayer()
	if w.doc == nil {
		if then != nil {
			then()
		}
		return
	}
	w.annsLayer = w.ctl.Layer()
	w.drawLayer(w.layerHighlights())
	if w.mode == modeAnnotate {
		if then != nil {
			then()
		}
		return
	}
	w.review.reread(all, then)
}

// layerHighlights are the edited layer's highlights (none while comparing).
func (w *Window) layerHighlights() []articleview.Highlight {
	hs := make([]articleview.Highlight, 0, len(w.anns))
	if w.mode == modeAnnotate || w.mode == modeCurate {
		for _, a := range w.anns {
			hs = append(hs, w.highlightsOf(a)...)
		}
	}
	return hs
}

// drawLayer shows hs in the view, keeping the selected span, and the
// layer in the lists.
func (w *Window) drawLayer(hs []articleview.Highlight) {
	sel := w.view.SelectedHighlight()
	w.view.SetHighlights(hs)
	if sel != "" && w.annotation(sel) != nil {
		w.view.SelectHighlight(sel)
	}
	w.relationsChanged()
	w.annList.refresh()
	w.labels.refreshCounts()
}

func (w *Window) annotationAdded(a *model.Annotation, i int) {
	w.syncLayer()
	if w.mode != modeCompare {
		w.view.UpdateHighlights(nil, w.highlightsOf(a))
	}
	w.annList.inserted(a)
}

func (w *Window) annotationChanged(old, cur *model.Annotation) {
	w.syncLayer()
	if w.mode != modeCompare {
		w.view.UpdateHighlights(fragmentIDs(old), w.highlightsOf(cur))
		if old.Label != cur.Label && w.hasRelations(cur.ID) {
			w.relationsChanged() // connectors take their source's colour
		}
	}
	w.annList.changed(old, cur)
	// The inspector shows the span as changed (a relabel has other
	// attributes; a revert or an undo puts values back), except while it
	// is saving its own typed text: the user may be moving to another of
	// its inputs.
	if in := w.inspector; in.cur != nil && in.cur.ID == cur.ID && !in.committing {
		in.show(cur)
	}
}

func (w *Window) annotationRemoved(a *model.Annotation) {
	w.syncLayer()
	w.view.UpdateHighlights(fragmentIDs(a), nil)
	w.annList.removed(a)
	if w.inspector.cur != nil && w.inspector.cur.ID == a.ID {
		w.inspector.show(nil)
	}
}

func (w *Window) hasRelations(id string) bool {
	for _, r := range w.rels {
		if r.From == id || r.To == id {
			return true
		}
	}
	return false
}

// relationsChanged redraws the connectors: a layer has few relations, so
// they are set whole (the spans are not touched).
func (w *Window) relationsChanged() {
	w.syncLayer()
	var cs []articleview.Connector
	if w.mode != modeCompare {
		for _, r := range w.rels {
			if from := w.annotation(r.From); from != nil {
				cs = append(cs, articleview.Connector{ID: r.ID, FromID: r.From, ToID: r.To, Label: r.Type, Color: w.labelColor(from.Label)})
			}
		}
	}
	w.view.SetConnectors(cs)
	w.applyRelationSpace() // relspace.go
	if w.inspector.rel != nil && w.relation(w.inspector.rel.ID) == nil {
		w.inspector.show(nil)
	}
	// The span shown lists its relations: redraw it when they changed (a
	// refused link is taken back, an undo restores one).
	if in := w.inspector; in.cur != nil && !in.committing && in.relsShown != relationsKey(w.rels, in.cur.ID) {
		in.show(w.annotation(in.cur.ID))
	}
}

// relationsKey names the relations touching annotation id, for telling
// whether the inspector's list of them is out of date. The id is in it:
// a row drawn with a relation's provisional id is redrawn once the store
// gave it its own, or its ✕ would delete nothing.
func relationsKey(rels []model.Relation, id string) string {
	var b strings.Builder
	for _, r := range rels {
		if r.From == id || r.To == id {
			b.WriteString(r.ID + "\x00" + r.Type + "\x00" + r.From + "\x00" + r.To + "\x00")
		}
	}
	return b.String()
}

// docShifted corrects the document list's count of a document the user
// left before a write of it failed and was reverted.
func (w *Window) docShifted(id int64, d int) {
	if i, ok := w.docRow[id]; ok && i < len(w.docs) && w.docs[i].ID == id {
		w.docs[i].Annotations += d
		w.docList.RefreshItem(i)
	}
}

// docCounted keeps the document list's count of the open document: the
// user's own layer's, as the status bar (doccounts.go), not n over every
// layer; while curating the edited layer is gold, and the list stays.
func (w *Window) docCounted(id int64, _ int) {
	if w.editLayer() != w.annotator {
		return
	}
	n := len(w.ctl.Annotations())
	// Found by id, not at docIdx: a document being opened is counted
	// (the controller's setLayer) before Opened moves docIdx to it, and
	// an undo of another document's step opens that document so (the
	// queue's Back left its count stale).
	if i, ok := w.docRow[id]; ok && i < len(w.docs) && w.docs[i].ID == id && w.docs[i].Annotations != n {
		w.docs[i].Annotations = n
		w.docList.RefreshItem(i)
	}
}

// pending shows an edit that is on screen and queued for the store.
func (w *Window) pending(what string) {
	w.lastSaved = "saving · " + what
	w.updateStatus()
}

// committed reports a write the store committed; "saved" only once every
// write queued before is too.
func (w *Window) committed(what string) {
	w.notSaved = false
	if w.ctl.Idle() {
		w.lastSaved = "saved · " + what
		w.updateStatus()
	}
}

// settled turns "saving · X" into "saved · X" once every queued write has
// committed (the last of them may have been one without a message, such
// as the status a first edit sets).
func (w *Window) settled() {
	if what, ok := strings.CutPrefix(w.lastSaved, "saving · "); ok {
		w.lastSaved = "saved · " + what
		w.updateStatus()
	}
}

// writeFailed reports a write that failed: the controller has already put
// the layer back as it was.
func (w *Window) writeFailed(err error) {
	w.writeFailures++
	if w.handleStale(err) {
		return // changed in another window: reloaded, with its message
	}
	w.showError(err)
	w.notSaved = true
	w.lastSaved = "not saved: " + err.Error()
	w.updateStatus()
}

func fragmentIDs(a *model.Annotation) []string {
	ids := make([]string, len(a.Fragments))
	for i := range a.Fragments {
		ids[i] = a.ID
		if i > 0 {
			ids[i] = fmt.Sprintf("%s#%d", a.ID, i)
		}
	}
	return ids
}

// reloadLayer re-reads the open document's layer (after a change the
// controller did not make: an import, a merge, a verdict, the schema) and
// then calls then.
func (w *Window) reloadLayer(then func()) {
	if w.doc == nil {
		if then != nil {
			then()
		}
		return
	}
	w.ctl.SetLayer(w.editLayer())
	w.reloading = true
	w.ctl.Reload(func(all []model.Annotation, err error) {
		w.reloading = false
		if err != nil {
			w.showError(err)
			return
		}
		w.showLayerThen(all, func() {
			w.updateStatus() // the layer counted may be another (the mode changed)
			if then != nil {
				then()
			}
		})
	})
}

// selectAnnotation selects the layer's annotation id in the view (scrolling
// to it), the list and the inspector; "" or an unknown id selects nothing.
func (w *Window) selectAnnotation(id string) {
	a := w.annotation(id)
	if a == nil {
		w.view.SelectHighlight("")
		w.inspector.show(nil)
	} else {
		w.objectSelected() // one selection at a time (selection.go)
		w.view.SelectHighlight(a.ID)
		w.inspector.show(a)
		w.annList.selectID(a.ID)
	}
	w.updateStatus()
}

// markInProgress marks the open document in progress for the annotator at
// their first edit of it (queued after that edit).
func (w *Window) markInProgress() {
	if w.doc == nil || w.mode != modeAnnotate || w.store.ReadOnly() {
		return
	}
	if _, ok := w.statuses[w.doc.ID][w.annotator]; ok {
		return
	}
	w.writeStatus(w.doc.ID, model.StatusInProgress, "")
	w.docStatusSelect.SetSelected(string(model.StatusInProgress))
}

// writeStatus sets the annotator's status of a document: shown at once in
// its row and the progress bar, written in the queue, put back if the
// write fails. what is the status bar's message ("" none).
func (w *Window) writeStatus(docID int64, s model.Status, what string) {
	prev, had := w.statuses[docID][w.annotator]
	w.showStatus(docID, s, true)
	w.ctl.WriteDoc(docID, what, func(st model.Store) error { return st.SetStatus(w.ctx, docID, w.annotator, s) }, func(err error) {
		if err != nil {
			w.showStatus(docID, prev, had)
			if w.doc != nil && w.doc.ID == docID {
				// The status box too: it said the refused status.
				shown := model.StatusTodo
				if had {
					shown = prev
				}
				onChanged := w.docStatusSelect.OnChanged
				w.docStatusSelect.OnChanged = nil // putting it back writes nothing
				w.docStatusSelect.SetSelected(string(shown))
				w.docStatusSelect.OnChanged = onChanged
			}
		}
	})
}

// showStatus records a document's status for the annotator (set false:
// none) and redraws its row and the progress bar, without re-reading the
// document list.
func (w *Window) showStatus(docID int64, s model.Status, set bool) {
	if w.statuses == nil {
		w.statuses = map[int64]map[string]model.Status{}
	}
	m := w.statuses[docID]
	if m == nil {
		m = map[string]model.Status{}
		w.statuses[docID] = m
	}
	was := m[w.annotator] == model.StatusDone
	if set {
		m[w.annotator] = s
	} else {
		delete(m, w.annotator)
	}
	now := m[w.annotator] == model.StatusDone
	if was != now {
		d := 1.0
		if was {
			d = -1
		}
		w.progress.SetValue(w.progress.Value + d)
	}
	if i, ok := w.docRow[docID]; ok {
		w.docList.RefreshItem(i)
	}
}
