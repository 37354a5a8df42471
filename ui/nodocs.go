package ui

import "fmt"

// noDocumentsHint is the status bar of a project without documents: it
// points to what the window offers, not to the command line.
const noDocumentsHint = "no documents yet: click Import (Ctrl+I) or drop .txt, .jsonl or other files on the window"

// progressText is the progress bar's text: "N of M done", or, for a
// project without documents (whose bar's Max is 1 so it can draw), that
// there are none rather than "0 of 1".
func (w *Window) progressText() string {
	if len(w.allDocuments()) == 0 {
		return "no documents yet"
	}
	if who := w.statusPerson(); who != w.annotator {
		return fmt.Sprintf("%s: %d of %d done", who, int(w.progress.Value), int(w.progress.Max))
	}
	return fmt.Sprintf("%d of %d done", int(w.progress.Value), int(w.progress.Max))
}

// statusPerson is whose statuses the document list's marks and the
// progress bar show: the person the list's filter names (a lead checking
// bob's queue sees bob's to do, in progress and done), else yours.
func (w *Window) statusPerson() string {
	if w.docFilter != nil && w.docFilter.spec.Annotator != "" {
		return w.docFilter.spec.Annotator
	}
	return w.annotator
}
