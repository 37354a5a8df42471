package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// binding is one key of the window. The window registers its shortcuts
// from bindings() and the shortcut sheet (F1, ?) lists the same table, so
// the two cannot drift apart.
type binding struct {
	// keys is what the sheet shows ("Ctrl+O", "1–9").
	keys string
	what string
	// group orders the sheet: "Project", "Edit", "Navigate", "Article".
	group string
	// shortcut, when set, is registered on the window's canvas and run
	// by run. Without it the binding is handled elsewhere (the article
	// view's keys in typedKey/typedRune, a rune in shellRune, dialogs'
	// Enter/Esc) and the entry documents it.
	shortcut fyne.Shortcut
	run      func()
}

const ctrl = fyne.KeyModifierShortcutDefault

func shortcutKey(k fyne.KeyName, mod fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: mod}
}

// bindings is every key binding of the window, in the sheet's order.
func (w *Window) bindings() []binding {
	return append(w.shellBindings(), w.toolBindings()...)
}

func (w *Window) shellBindings() []binding {
	return []binding{
		{keys: "Ctrl+N", what: "New project…", group: "Project", shortcut: shortcutKey(fyne.KeyN, ctrl), run: w.newProject},
		{keys: "Ctrl+O", what: "Open project…", group: "Project", shortcut: shortcutKey(fyne.KeyO, ctrl), run: w.openProject},
		{keys: "Ctrl+Shift+S", what: "Save a copy of the project…", group: "Project", shortcut: shortcutKey(fyne.KeyS, ctrl|fyne.KeyModifierShift), run: w.saveCopy},
		{keys: "Ctrl+I", what: "Import documents…", group: "Project", shortcut: shortcutKey(fyne.KeyI, ctrl), run: w.showImportDialog},
		{keys: "Ctrl+E", what: "Export a dataset…", group: "Project", shortcut: shortcutKey(fyne.KeyE, ctrl), run: w.showExportDialog},
		{keys: "Ctrl+,", what: "Preferences…", group: "Project", shortcut: shortcutKey(fyne.KeyComma, ctrl), run: w.showPreferences},
		{keys: "Ctrl+Q", what: "Quit: close every project window (each asks first while an import, export or merge runs)", group: "Project", shortcut: quitShortcut, run: w.quit},
		{keys: "F1 or ?", what: "This list of keys", group: "Project"}, // viewKey, viewRune and the canvas's key handlers

		{keys: "Ctrl+Z", what: "Undo (asks first for a bulk step)", group: "Edit", shortcut: &fyne.ShortcutUndo{}, run: w.Undo},
		{keys: "Ctrl+Y", what: "Redo", group: "Edit", shortcut: &fyne.ShortcutRedo{}, run: w.Redo},
		{keys: "Ctrl+Shift+Z", what: "Redo", group: "Edit", shortcut: shortcutKey(fyne.KeyZ, ctrl|fyne.KeyModifierShift), run: w.Redo},
		{keys: "Ctrl+G", what: "Show or hide the Guidelines panel (the label in hand's guideline)", group: "Navigate", shortcut: shortcutKey(fyne.KeyG, ctrl), run: w.toggleGuidelines},
		{keys: "Ctrl+F", what: "Search the document", group: "Edit", shortcut: shortcutKey(fyne.KeyF, ctrl), run: w.search.focus},
		{keys: "Alt+Shift+← / →", what: "Move the start of the selected span", group: "Edit", shortcut: shortcutKey(fyne.KeyLeft, fyne.KeyModifierAlt|fyne.KeyModifierShift), run: func() { w.nudgeBoundary(true, -1) }},
		{keys: "", group: "Edit", shortcut: shortcutKey(fyne.KeyRight, fyne.KeyModifierAlt|fyne.KeyModifierShift), run: func() { w.nudgeBoundary(true, 1) }},

		{keys: "Ctrl+↓ / Ctrl+↑", what: "Next / previous document", group: "Navigate", shortcut: shortcutKey(fyne.KeyDown, ctrl), run: func() { w.nextDocument(1) }},
		{keys: "", group: "Navigate", shortcut: shortcutKey(fyne.KeyUp, ctrl), run: func() { w.nextDocument(-1) }},
		{keys: "j / k", what: "Next / previous document (in the article)", group: "Navigate"},
		{keys: "Tab / Shift+Tab", what: "Next / previous annotation (in the article)", group: "Navigate"},
		{keys: "n", what: "Next disagreement (Compare and Curate)", group: "Navigate"},
		{keys: "Enter (Curate)", what: "Accept the outlined span into gold", group: "Curate"}, // review_keys.go
		{keys: "Delete (Curate)", what: "Reject the rest of the group", group: "Curate"},
		{keys: "Tab / Shift+Tab (Curate)", what: "Outline the next / previous span of the group", group: "Curate"},
		{keys: "Shift+Enter (Curate)", what: "Accept every exact match left in the document", group: "Curate"},
		{keys: "Enter (in Search)", what: "Next match", group: "Navigate"},

		{keys: "1–9, or a label's hotkey", what: "Label the selection, or relabel the selected span", group: "Article"},
		{keys: "Delete / Backspace", what: "Delete the selected span or relation", group: "Article"},
		{keys: "Shift+← / →", what: "Move the end of the selected span", group: "Article"},
		{keys: "Ctrl+drag", what: "Add a fragment to the selected span", group: "Article"},
		{keys: "Esc", what: "Clear the selection (and cancel a relation being drawn)", group: "Article"},

		{keys: "] / [", what: "Next / previous suggestion", group: "Suggestions"}, // suggestionsUI.typedRune
		{keys: "Enter", what: "Accept the selected suggestion", group: "Suggestions"},
		{keys: "Backspace / Delete", what: "Reject the selected suggestion", group: "Suggestions"},
		{keys: "A label's hotkey", what: "Accept the selected suggestion with that label", group: "Suggestions"},
		{keys: "Tab / Shift+Tab", what: "Next / previous suggestion (one selected)", group: "Suggestions"},

		{keys: "Enter / Esc", what: "OK / Cancel in a dialog", group: "Dialogs"},
	}
}

// installShortcuts registers every binding that has a shortcut on the
// window's canvas (the others are handled where their comment says).
func (w *Window) installShortcuts() {
	c := w.win.Canvas()
	for _, b := range w.bindings() {
		if b.shortcut == nil {
			continue
		}
		run, quit := b.run, b.run != nil && b.shortcut.ShortcutName() == quitShortcut.ShortcutName()
		c.AddShortcut(b.shortcut, func(fyne.Shortcut) {
			// Behind a dialog the window's keys do nothing (Ctrl+Z used
			// to undo, and switch documents, under the "label all"
			// preview); Ctrl+Q still quits, which asks what it must.
			if dialogShown(c) && !quit {
				return
			}
			// Its modifiers are let go wherever the keys go next (a
			// dialog it opens): the article must not keep them held.
			w.view.ForgetModifiers()
			run()
		})
	}
	// ? opens the sheet too: typed in the article view (shellRune) or
	// with nothing focused.
	c.SetOnTypedRune(func(r rune) {
		if !dialogShown(c) {
			w.shellRune(r)
		}
	})
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if dialogKey(c, ev) { // Enter and Esc in a dialog (dialogkeys.go)
			return
		}
		if ev.Name == fyne.KeyF1 { // F1 arrives as a key, not a shortcut, without modifiers
			w.showShortcuts()
		}
	})
}

// quitShortcut is Ctrl+Q.
var quitShortcut = shortcutKey(fyne.KeyQ, ctrl)

// shellRune handles the runes that belong to the window rather than the
// article: ? opens the shortcut sheet.
func (w *Window) shellRune(r rune) bool {
	if r == '?' {
		w.showShortcuts()
		return true
	}
	return false
}

// viewRune is the article view's rune handler: the window's own runes
// first, then the article's (labels, j/k, n).
func (w *Window) viewRune(r rune) bool {
	if dialogShown(w.win.Canvas()) {
		return true // the dialog's, not the article's (dialogkeys.go)
	}
	if w.shellRune(r) {
		return true
	}
	return w.typedRune(r)
}

// viewKey is the article view's key handler: F1 first, then the
// article's keys.
func (w *Window) viewKey(ev *fyne.KeyEvent) bool {
	if dialogKey(w.win.Canvas(), ev) {
		return true
	}
	if ev.Name == fyne.KeyF1 {
		w.showShortcuts()
		return true
	}
	return w.typedKey(ev)
}

// sheetRows is the sheet's rows: bindings without keys continue the row
// above them (the second half of "Ctrl+↓ / Ctrl+↑").
func sheetRows(bs []binding) [][3]string {
	var rows [][3]string
	for _, b := range bs {
		if b.keys == "" {
			continue
		}
		rows = append(rows, [3]string{b.group, b.keys, b.what})
	}
	return rows
}
