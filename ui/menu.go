package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// buildToolbar makes the window's top row: the mode switch and the
// actions at the left, Search and the menu button (☰) at the right. What
// does not fit the width goes into the menu (toolbarLayout).
func (w *Window) buildToolbar() fyne.CanvasObject {
	modes := &toolItem{obj: w.modeSelect, keep: 90, menu: w.modeMenuItems}
	sep := &toolItem{obj: widget.NewSeparator(), keep: 89}
	title := &toolItem{obj: w.title, keep: 0, menu: func() []*fyne.MenuItem {
		it := fyne.NewMenuItem(w.title.Text, nil)
		it.Disabled = true
		return []*fyne.MenuItem{it}
	}}
	about := &toolItem{obj: aboutButton(w.win), keep: 10} // About is always in the menu
	w.toolbar = &toolbarLayout{
		items: []*toolItem{
			modes, sep,
			actionItem(80, "Import", "Import documents…", theme.DownloadIcon(), w.showImportDialog),
			actionItem(70, "Export", "Export a dataset…", theme.UploadIcon(), w.showExportDialog),
			actionItem(60, "Merge", "Merge a colleague's file…", theme.ContentAddIcon(), w.showMergeDialog),
			actionItem(40, "Agreement", "Agreement…", theme.GridIcon(), w.showDashboard),
			actionItem(50, "Schema", "Schema…", theme.SettingsIcon(), w.showSchemaEditor),
			about,
			title,
		},
	}
	w.menuButton = widget.NewButtonWithIcon("", theme.MenuIcon(), w.showMenu)
	w.toolbar.right = []fyne.CanvasObject{w.search.box, w.menuButton}
	w.toolbar.reserve = searchReserve(w.search.box)
	return container.New(w.toolbar, w.toolbar.objects()...)
}

// modeMenuItems offers the modes as checked items (when the mode switch
// does not fit).
func (w *Window) modeMenuItems() []*fyne.MenuItem {
	var out []*fyne.MenuItem
	for _, m := range []string{modeAnnotate, modeCompare, modeCurate} {
		m := m
		it := fyne.NewMenuItem(m, func() { w.modeSelect.SetSelected(m) })
		it.Checked = w.mode == m
		out = append(out, it)
	}
	return out
}

// menu is the window menu: what the toolbar hid, then the project's
// commands, recent projects, preferences, keys and About.
func (w *Window) menu() *fyne.Menu {
	var items []*fyne.MenuItem
	if over := w.toolbar.overflow(); len(over) > 0 {
		items = append(over, fyne.NewMenuItemSeparator())
	}
	item := func(label string, sc fyne.Shortcut, run func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, run)
		it.Shortcut = sc // shown beside the label; the window registers the key itself (bindings)
		return it
	}
	recent := fyne.NewMenuItem("Open recent", nil)
	recent.ChildMenu = fyne.NewMenu("", w.recentMenuItems()...)
	if len(recent.ChildMenu.Items) == 0 {
		recent.Disabled = true
	}
	items = append(items,
		item("New project…", shortcutKey(fyne.KeyN, ctrl), w.newProject),
		item("Open project…", shortcutKey(fyne.KeyO, ctrl), w.openProject),
		recent,
		item("Save a copy…", shortcutKey(fyne.KeyS, ctrl|fyne.KeyModifierShift), w.saveCopy),
		fyne.NewMenuItemSeparator(),
	)
	items = append(items, w.toolMenuItems()...)
	items = append(items,
		fyne.NewMenuItemSeparator(),
		item("Guidelines panel", shortcutKey(fyne.KeyG, ctrl), w.toggleGuidelines),
		item("Preferences…", shortcutKey(fyne.KeyComma, ctrl), w.showPreferences),
		fyne.NewMenuItem("Keyboard shortcuts (F1)", w.showShortcuts),
		AboutMenuItem(w.win),
		fyne.NewMenuItemSeparator(),
		item("Quit", quitShortcut, w.quit),
	)
	return fyne.NewMenu("", items...)
}

// showMenu opens the menu below the menu button.
func (w *Window) showMenu() {
	widget.ShowPopUpMenuAtRelativePosition(w.menu(), w.win.Canvas(), fyne.NewPos(0, w.menuButton.Size().Height), w.menuButton)
}
