package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/model"
)

func (w *Window) selectionChanged(start, end int) {
	if end > start {
		w.textSelected() // selection.go: one selection at a time
	}
	w.selection = [2]int{start, end}
	w.updateStatus()
}

func (w *Window) highlightSelected(id string) {
	if isOverlay(id) {
		w.review.selectOverlay(id)
		w.updateStatus()
		return
	}
	a := w.annotation(id)
	if w.linking != "" && a != nil && a.ID != w.linking {
		w.finishLink(a)
		return
	}
	if a != nil {
		w.objectSelected()
	}
	w.inspector.show(a)
	w.annList.selectID(baseID(id))
	w.updateStatus()
}

// typedRune handles label hotkeys and single-letter navigation.
func (w *Window) typedRune(r rune) bool {
	if w.mode != modeAnnotate && (r == 'n' || r == 'N') {
		w.review.step(1)
		return true
	}
	if l, ok := w.schema.LabelByHotkey(string(r)); ok {
		w.applyLabel(l.Name)
		return true
	}
	switch r {
	case 'j':
		w.nextDocument(1)
		return true
	case 'k':
		w.nextDocument(-1)
		return true
	}
	return false
}

// typedKey handles editing and navigation keys inside the article view.
func (w *Window) typedKey(ev *fyne.KeyEvent) bool {
	mods := w.view.Modifiers()
	shift := mods&fyne.KeyModifierShift != 0
	alt := mods&fyne.KeyModifierAlt != 0
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		w.deleteSelected()
	case fyne.KeyTab:
		if shift {
			w.nextAnnotation(-1)
		} else {
			w.nextAnnotation(1)
		}
	case fyne.KeyLeft, fyne.KeyRight:
		// Shift+arrow nudges the selected span's end; with no span
		// selected, or while text is selected, it is the view's keyboard
		// selection (articleview caret.go).
		if s, e := w.view.Selection(); !shift || e > s || w.annotation(w.view.SelectedHighlight()) == nil {
			return false
		}
		delta := 1
		if ev.Name == fyne.KeyLeft {
			delta = -1
		}
		// Shift+arrow moves the end, Shift+Alt+arrow the start.
		w.nudgeBoundary(alt, delta)
	case fyne.KeyEscape:
		w.clearSelections()
	default:
		return false
	}
	return true
}

// applyLabel labels the selection, or relabels the selected annotation
// when nothing is selected.
func (w *Window) applyLabel(label string) {
	if w.doc == nil {
		return
	}
	if !w.canEdit() {
		return
	}
	if w.mode == modeCompare {
		w.setStatusText("the compare view is read-only: switch to annotate or curate to edit")
		return
	}
	start, end := w.view.Selection()
	if end > start {
		// Shown at once, written in the controller's queue (ui/editctl).
		frags := []model.Fragment{{Start: start, End: end}}
		what := fmt.Sprintf("%s “%s”", label, shorten(model.CoveredText(w.ix, frags), 40))
		var a *model.Annotation
		if w.mode == modeCurate {
			// A curator's own span goes into gold as an edit, with the
			// colleagues' spans it overlaps as provenance.
			write := w.review.goldWriter(model.VerdictEdit, w.review.sourcesOverlapping(start, end))
			a = w.ctl.CreateWith(label, frags, what, write)
		} else {
			a = w.ctl.Create(label, frags, what)
		}
		w.markInProgress()
		w.view.SetSelection(0, 0)
		w.selection = [2]int{}
		if a != nil {
			w.afterEdit(a.ID)
		}
		return
	}
	if a := w.annotation(w.view.SelectedHighlight()); a != nil && a.Label != label {
		upd := *a
		upd.Label = label
		// Attributes of the old label may not exist on the new one.
		if l, ok := w.schema.Label(label); ok {
			upd.Attributes = keepAttributes(l, a.Attributes)
		}
		w.update(&upd, "relabelled "+label)
	}
}

func keepAttributes(l *model.Label, attrs map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range attrs {
		if l.CheckAttributes(map[string]any{k: v}) == nil {
			out[k] = v
		}
	}
	return out
}

// update saves a changed annotation: the view and the lists show it at
// once, the controller writes it in its queue (and puts it back if the
// write fails).
func (w *Window) update(a *model.Annotation, what string) {
	if !w.canEdit() {
		return
	}
	w.ctl.Update(a, what)
	w.markInProgress()
	w.afterEdit(a.ID)
}

// afterEdit selects the annotation an edit made or changed; in the curate
// view the comparison is computed again first (its overlays and
// clusters depend on gold).
func (w *Window) afterEdit(id string) {
	if w.mode == modeCurate {
		w.reloadLayer(func() { w.selectAnnotation(id) })
		return
	}
	if w.view.SelectedHighlight() != id || w.inspector.cur == nil || w.inspector.cur.ID != id {
		w.selectAnnotation(id)
		return
	}
	w.updateStatus()
}

// reloadAndSelect re-reads the layer (a change the controller did not
// make) and then selects annotation id.
func (w *Window) reloadAndSelect(id string) {
	w.reloadLayer(func() { w.selectAnnotation(id) })
}

func (w *Window) deleteSelected() {
	if !w.canEdit() {
		return
	}
	if r := w.relation(w.view.SelectedConnector()); r != nil {
		w.deleteRelation(r, "")
		return
	}
	a := w.annotation(w.view.SelectedHighlight())
	if a == nil {
		return
	}
	w.ctl.Delete(a.ID, fmt.Sprintf("deleted %s “%s”", a.Label, shorten(a.Text, 40)))
	w.markInProgress()
	w.afterEdit("")
}

// nudgeBoundary moves the selected annotation's start (or end) by delta
// code points, never making it empty.
func (w *Window) nudgeBoundary(start bool, delta int) {
	a := w.annotation(w.view.SelectedHighlight())
	if a == nil {
		return
	}
	upd := *a
	upd.Fragments = append([]model.Fragment(nil), a.Fragments...)
	if start {
		f := &upd.Fragments[0]
		f.Start += delta
		if f.Start < 0 || f.Start >= f.End {
			return
		}
	} else {
		f := &upd.Fragments[len(upd.Fragments)-1]
		f.End += delta
		if f.End > w.ix.Len() || f.End <= f.Start {
			return
		}
	}
	w.update(&upd, fmt.Sprintf("%s now %d–%d", upd.Label, upd.Start(), upd.End()))
}

// boundaryDragged saves a span whose edge the user dragged.
func (w *Window) boundaryDragged(id string, start, end int) {
	a := w.annotation(id)
	if a == nil || start >= end {
		w.selectAnnotation(baseID(id)) // the view did not move the span
		return
	}
	upd := *a
	upd.Fragments = append([]model.Fragment(nil), a.Fragments...)
	k := fragmentIndex(id)
	upd.Fragments[k] = model.Fragment{Start: start, End: end}
	model.NormalizeFragments(upd.Fragments)
	if err := model.ValidateFragments(upd.Fragments, w.ix.Len()); err != nil {
		w.showError(err)
		w.selectAnnotation(a.ID)
		return
	}
	w.update(&upd, fmt.Sprintf("%s now %d–%d", upd.Label, upd.Start(), upd.End()))
}

func fragmentIndex(id string) int {
	if i := strings.IndexByte(id, '#'); i >= 0 {
		var k int
		fmt.Sscanf(id[i+1:], "%d", &k)
		return k
	}
	return 0
}

// Undo reverts the annotator's last change, in the project file.
func (w *Window) Undo() { w.historyStep(true) }

// Redo re-applies the last undone change.
func (w *Window) Redo() { w.historyStep(false) }

func (w *Window) historyStep(undo bool) {
	if !w.canEdit() {
		return
	}
	// What an undo changes is known only once the store has done it: the
	// key's frame waits for it (oneframe.go) instead of the next tick's.
	w.inOneFrame(func() { w.stepHistory(undo) })
}

func (w *Window) stepHistory(undo bool) {
	// Text still being typed is saved first: it is the newest change.
	w.inspector.commit()
	verb := "undo"
	if !undo {
		verb = "redo"
	}
	// The preview is read in the edit queue, after the edits before it
	// (they are the newest steps).
	var p *model.HistoryPreview
	w.ctl.Read(func(s model.Store) error {
		var err error
		p, err = s.PreviewHistory(w.ctx, w.annotator, undo)
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if p == nil {
			w.setStatusText("nothing to " + verb)
			return
		}
		if p.Bulk {
			// An import, merge, label-all or schema change: say what goes
			// and ask first (one Ctrl+Z once removed 10,000 imported
			// annotations without a word).
			w.confirmHistoryStep(p, func() { w.applyHistoryStep(p) })
			return
		}
		w.applyHistoryStep(p)
	})
}

// applyHistoryStep undoes or redoes the step p previewed (in the edit
// queue), and shows it: the controller shows what the store changed in
// the open document once the step has committed.
func (w *Window) applyHistoryStep(p *model.HistoryPreview) {
	verb := p.Verb()
	done := func(step *model.HistoryStep, err error) {
		if errors.Is(err, model.ErrHistoryMoved) {
			w.showError(fmt.Errorf("%s: %w (another window or the command line changed the project); nothing was undone, press %s again to see the step now", verb, err, verb))
			return
		}
		if err != nil {
			w.showError(err)
			return
		}
		if step == nil {
			w.setStatusText("nothing to " + verb)
			return
		}
		msg := fmt.Sprintf("saved · %s %s", verb, step.Words())
		id := ""
		if len(step.Changed) > 0 {
			id = step.Changed[0]
		}
		show := func() {
			w.lastSaved = msg
			w.selectAnnotation(id)
		}
		if p.Bulk || step.DocID == 0 {
			// A bulk step changes other documents' counts too, and a
			// schema step (labels renamed or dropped) the schema: both
			// are read again in the edit queue, then shown.
			w.readBack(p.Bulk, nil, func(err error) {
				if err != nil {
					w.showError(err)
				}
				w.showStep(step, show)
			})
			return
		}
		w.showStep(step, show)
	}
	w.ctl.History(func(s model.Store) (*model.HistoryStep, error) {
		return s.StepHistory(w.ctx, w.annotator, p.Group, p.Undo)
	}, done)
}

// showStep shows an undone or redone step: its document, then show.
func (w *Window) showStep(step *model.HistoryStep, show func()) {
	if step.DocID == 0 {
		w.reloadLayer(show)
		return
	}
	if w.doc == nil || step.DocID != w.doc.ID {
		// A step of another document: go there.
		w.showHiddenDocument(step.DocID) // docfilter.go
		if i, ok := w.docRow[step.DocID]; ok {
			w.afterOpen = show
			w.opening = 0
			w.docList.Select(i)
			if w.opening == 0 {
				w.openDocument(i)
			}
			return
		}
	}
	show()
}

func (w *Window) nextDocument(delta int) {
	i := w.docIdx + delta
	if i < 0 || i >= len(w.docs) {
		return
	}
	w.docList.Select(i)
}

// nextAnnotation selects the next (delta 1) or previous annotation in text
// order after the current one.
func (w *Window) nextAnnotation(delta int) {
	if len(w.anns) == 0 {
		return
	}
	cur := -1
	if a := w.annotation(w.view.SelectedHighlight()); a != nil {
		for i := range w.anns {
			if w.anns[i].ID == a.ID {
				cur = i
			}
		}
	}
	next := cur + delta
	if cur < 0 && delta < 0 {
		next = len(w.anns) - 1
	}
	next = (next + len(w.anns)) % len(w.anns)
	w.focusAnnotation(w.anns[next].ID)
}

// focusAnnotation scrolls to and selects an annotation.
// relationSelected shows the relation the user clicked in the article
// view in the inspector ("" when a click elsewhere deselected it).
func (w *Window) relationSelected(id string) {
	if r := w.relation(id); r != nil {
		w.objectSelected()
		w.annList.selectID("")
		w.inspector.showRelation(r)
	} else if w.inspector.rel != nil {
		w.inspector.show(nil)
	}
	w.updateStatus()
}

// relation finds a relation of the shown layer by id.
func (w *Window) relation(id string) *model.Relation {
	if id == "" {
		return nil
	}
	for i := range w.rels {
		if w.rels[i].ID == id {
			return &w.rels[i]
		}
	}
	return nil
}

// deleteRelation removes r (one undo step) and then selects selectAfter.
func (w *Window) deleteRelation(r *model.Relation, selectAfter string) {
	if !w.canEdit() {
		return
	}
	w.ctl.DeleteRelation(r.ID, "relation "+r.Type+" removed")
	w.selectAnnotation(selectAfter)
}

func (w *Window) focusAnnotation(id string) {
	a := w.annotation(id)
	if a == nil {
		return
	}
	w.view.ScrollToOffset(a.Start())
	w.objectSelected()
	w.view.SelectHighlight(a.ID)
	w.inspector.show(a)
	w.annList.selectID(a.ID)
	w.updateStatus()
	w.win.Canvas().Focus(w.view)
}

func (w *Window) setStatus(s model.Status) {
	if !w.canEdit() {
		return
	}
	if w.doc == nil || s == "" || w.statuses[w.doc.ID][w.annotator] == s {
		return
	}
	w.writeStatus(w.doc.ID, s, "status "+string(s))
}

func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// fragmentSelected adds a Ctrl+dragged range as a further fragment of the
// selected annotation (a discontinuous span, as in brat).
func (w *Window) fragmentSelected(start, end int) {
	a := w.annotation(w.view.SelectedHighlight())
	if a == nil || w.mode == modeCompare || !w.canEdit() {
		return
	}
	upd := *a
	upd.Fragments = append(append([]model.Fragment(nil), a.Fragments...), model.Fragment{Start: start, End: end})
	model.NormalizeFragments(upd.Fragments)
	if err := model.ValidateFragments(upd.Fragments, w.ix.Len()); err != nil {
		w.showError(err)
		return
	}
	w.update(&upd, fmt.Sprintf("%s + fragment %d–%d", upd.Label, start, end))
}

// showSchemaEditor edits the schema; renames move annotations, and labels
// removed while in use are deleted only after the user confirms.
func (w *Window) showSchemaEditor() {
	if !w.canEdit() {
		return
	}
	ShowSchemaEditor(w.win, w.schema, w.saveSchema)
}

// saveSchema is the schema editor's SchemaSaveFunc.
func (w *Window) saveSchema(next *model.Schema, renames map[string]string, force bool, done func(error)) {
	// In the edit queue, after the edits before it (they may use a
	// label being renamed), off the UI goroutine; the editor waits for
	// done, which says whether it was stored. Queued as a Read: a
	// refusal (labels in use) is the editor's to show and to retry
	// with force, not a failed edit of the window's.
	w.ctl.Read(func(s model.Store) error {
		_, err := s.ChangeSchema(w.ctx, next, w.annotator, renames, force)
		return err
	}, func(err error) {
		if err != nil {
			done(err)
			return
		}
		w.reloadSchema(func(err error) {
			if err == nil && w.doc != nil {
				w.showDocLabels()
				w.reloadAndSelect(baseID(w.view.SelectedHighlight()))
			}
			w.lastSaved = "saved · schema"
			w.updateStatus()
			done(err)
		})
	})
}
