package ui

import "fmt"

// openDocumentThen shows document docID, then runs then (at once when it
// is already shown); false when the document is not in the list.
func (w *Window) openDocumentThen(docID int64, then func()) bool {
	if w.doc != nil && w.doc.ID == docID && w.opening == 0 {
		then()
		return true
	}
	w.showHiddenDocument(docID)
	i, ok := w.docRow[docID]
	if !ok {
		return false
	}
	w.afterOpen = then
	w.opening = 0
	w.docList.Select(i)
	if w.opening == 0 { // already selected in the list: open it anyway
		w.openDocument(i)
	}
	return true
}

// jumpToSpan opens a span's document and shows the span: the window's own
// layer's span is selected (view, list, inspector); a colleague's span
// (not drawn while annotating: the table's jump to it showed nothing) is
// shown in Compare, their layer ticked, the span outlined as the current
// group.
func (w *Window) jumpToSpan(docID int64, id, annotator, label string, start, end int) {
	ok := w.openDocumentThen(docID, func() {
		if w.annotation(id) != nil && w.mode != modeCompare {
			w.focusAnnotation(id)
			return
		}
		if annotator != w.annotator && id != "" && w.review != nil {
			w.showInCompare(id, annotator, start)
			return
		}
		w.view.SelectHighlight("")
		w.view.ScrollToOffset(start)
		w.view.SetSelection(start, end)
		w.selectionChanged(start, end)
		w.setStatusText(fmt.Sprintf("%s · %s's %s %d–%d (Compare shows colleagues' layers)", w.doc.Name, annotator, label, start, end))
		w.win.Canvas().Focus(w.view)
	})
	if !ok {
		w.setStatusText(fmt.Sprintf("document %d is not in this project's list", docID))
	}
}

// showInCompare switches to Compare with annotator's layer ticked and
// outlines their span id (at start) as the current group.
func (w *Window) showInCompare(id, annotator string, start int) {
	p := w.review
	if off := p.untickedLayers(); off[annotator] {
		delete(off, annotator)
		p.saveUnticked()
	}
	if w.mode != modeCompare {
		w.modeSelect.SetSelected(modeCompare) // reads the layers again
	}
	w.reloadLayer(func() {
		sel := overlayID(id, 0)
		i := p.clusterOf(sel)
		if i < 0 {
			w.setStatusText(fmt.Sprintf("%s's span is no longer in %s", annotator, w.doc.Name))
			return
		}
		p.at = i
		w.view.ScrollToOffset(start)
		w.view.SelectHighlight(sel)
		p.showCurrent()
		w.updateStatus()
		w.win.Canvas().Focus(w.view)
	})
}
