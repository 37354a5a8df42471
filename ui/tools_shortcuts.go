package ui

import (
	"fyne.io/fyne/v2"
)

// The project-wide tools (the annotations table, search across
// documents, statistics) open in windows of their own. The toolbar and
// menus (window.go) may offer them too; these keys always do.
var toolShortcuts = []struct {
	key  fyne.KeyName
	what string
	open func(*Window)
}{
	{fyne.KeyT, "Annotations table", (*Window).ShowAnnotationsTable},
	{fyne.KeyF, "Search all documents", (*Window).ShowSearchAcrossDocuments},
	{fyne.KeyI, "Statistics", (*Window).ShowStatistics},
	{fyne.KeyP, "Progress per person", (*Window).ShowProgressMatrix},
}

// toolMenuItems are the tools as items of the window's menu (menu.go),
// with their keys shown beside them.
func (w *Window) toolMenuItems() []*fyne.MenuItem {
	out := make([]*fyne.MenuItem, 0, len(toolShortcuts))
	for _, s := range toolShortcuts {
		open := s.open
		it := fyne.NewMenuItem(s.what+"…", func() { open(w) })
		it.Shortcut = shortcutKey(s.key, ctrl|fyne.KeyModifierShift)
		out = append(out, it)
	}
	return out
}

// toolBindings are toolShortcuts as entries of the window's one table of
// keys (shortcuts.go), which registers them and lists them on the sheet.
func (w *Window) toolBindings() []binding {
	out := make([]binding, 0, len(toolShortcuts))
	for _, s := range toolShortcuts {
		open := s.open
		out = append(out, binding{keys: "Ctrl+Shift+" + string(s.key), what: s.what, group: "Tools",
			shortcut: shortcutKey(s.key, ctrl|fyne.KeyModifierShift), run: func() { open(w) }})
	}
	return out
}

// toolWindow shows a new window of the app for a tool, titled after the
// project, at about size: fitted beside the main window (toolSize);
// closed runs when the user closes it.
func (w *Window) toolWindow(title string, size fyne.Size, closed func()) fyne.Window {
	win := fyne.CurrentApp().NewWindow(title + " · " + w.title.Text)
	win.SetOnClosed(closed)
	// Esc closes a tool window, as it closes a dialog (with a text box
	// focused, the box's own Esc does: escEntry).
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		// A question shown in the tool window answers first: Esc on
		// "Label all matches?" closes the question, not the window.
		if dialogKey(win.Canvas(), ev) {
			return
		}
		if ev.Name == fyne.KeyEscape {
			win.Close()
		}
	})
	win.Resize(w.toolSize(size))
	win.Show()
	return win
}
