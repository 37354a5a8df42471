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
