package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// searchEntry is the toolbar's Search box. Fyne gives a focused text box
// every shortcut and none to the window, so with the cursor in Search,
// Ctrl+Q, Ctrl+O, Ctrl+↓ and the other window keys did nothing. The box
// keeps the keys a text box needs (clipboard, select all, its own undo of
// typing, word moves and deletes) and hands any other shortcut the window
// binds (shortcuts.go) to the window.
type searchEntry struct {
	widget.Entry
	w *Window
}

func newSearchEntry(w *Window) *searchEntry {
	e := &searchEntry{w: w}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey: Esc clears the search (its marks go with it) and hands the
// keys back to the article, as Esc clears a selection there.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.SetText("")
		e.w.win.Canvas().Focus(e.w.view)
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut runs the window's binding for s unless the text box needs s.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if !entryKeepsShortcut(s) {
		if run := e.w.bindingFor(s); run != nil {
			run()
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// entryKeepsShortcut reports whether a text box handles s itself.
func entryKeepsShortcut(s fyne.Shortcut) bool {
	switch s.(type) {
	case *fyne.ShortcutUndo, *fyne.ShortcutRedo, *fyne.ShortcutCut, *fyne.ShortcutCopy,
		*fyne.ShortcutPaste, *fyne.ShortcutSelectAll:
		return true
	}
	if c, ok := s.(*desktop.CustomShortcut); ok {
		switch c.KeyName {
		case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd, fyne.KeyBackspace, fyne.KeyDelete:
			return true // word moves, selection and deletes
		}
	}
	return false
}

// bindingFor is the action of the window's binding whose shortcut is s,
// nil when none is.
func (w *Window) bindingFor(s fyne.Shortcut) func() {
	name := s.ShortcutName()
	for _, b := range w.bindings() {
		if b.shortcut != nil && b.run != nil && b.shortcut.ShortcutName() == name {
			return b.run
		}
	}
	return nil
}
