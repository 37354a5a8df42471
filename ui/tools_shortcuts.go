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
	{fyne.KeyF, "Search all documents", (*Window).ShowSearchAcrossDocuments},
	{fyne.KeyI, "Statistics", (*Window).ShowStatistics},
}

func (w *Window) installToolShortcuts() {
	for _, s := range toolShortcuts {
		open := s.open
		w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: s.key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
			func(fyne.Shortcut) { open(w) })
	}
}

// toolWindow shows a new window of the app for a tool, titled after the
// project; closed runs when the user closes it.
func (w *Window) toolWindow(title string, size fyne.Size, closed func()) fyne.Window {
	win := fyne.CurrentApp().NewWindow(title + " · " + w.title.Text)
	win.SetOnClosed(closed)
	win.Resize(size)
	win.Show()
	return win
}
