package ui

import "fmt"

// openDocumentThen shows document docID, then runs then (at once when it
// is already shown); false when the document is not in the list.
func (w *Window) openDocumentThen(docID int64, then func()) bool {
	if w.doc != nil && w.doc.ID == docID && w.opening == 0 {
		then()
		return true
	}
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
// (not drawn while annotating) has its text selected and is named in the
// status bar.
func (w *Window) jumpToSpan(docID int64, id, annotator, label string, start, end int) {
	ok := w.openDocumentThen(docID, func() {
		if w.annotation(id) != nil {
			w.focusAnnotation(id)
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
