package ui

// Ctrl+Q quits the app: every project window, not only the one the key
// was pressed in. Each project window is a process of its own (opened
// from the menu, cmd/margin's windowProjects), so the opener that
// started them is the one that can reach them all.

// AppQuitter is a ProjectOpener that can close every project window of
// the app, each the safe way (typed text saved, queued edits written,
// running imports asked about) as its own Ctrl+Q does.
type AppQuitter interface {
	// QuitAll asks every other project window of the app to close. It
	// reports whether this window is asked too (the request went to the
	// window that started it); when not, this window closes itself.
	QuitAll() (closesThis bool)
}

// quit is Ctrl+Q and the menu's Quit: the other project windows are
// asked to close, then this one closes (requestClose).
func (w *Window) quit() {
	if q, ok := w.Projects.(AppQuitter); ok && q.QuitAll() {
		return
	}
	w.requestClose()
}

// RequestClose closes the window the safe way, as its close button does;
// cmd/margin calls it when another window of the app quits.
func (w *Window) RequestClose() { w.requestClose() }
