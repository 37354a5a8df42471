package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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

func (w *Window) installToolShortcuts() {
	for _, s := range toolShortcuts {
		open := s.open
		w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: s.key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
			func(fyne.Shortcut) { open(w) })
	}
}
