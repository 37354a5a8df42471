package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
)

// prefRecent is the preference holding the recently opened projects,
// newest first (absolute paths).
const prefRecent = "recentProjects"

// maxRecent is how many projects Open recent lists.
const maxRecent = 10

// RememberRecent puts path first in the app's list of recent projects
// (cmd/margin calls it for the project a window opens).
func RememberRecent(p fyne.Preferences, path string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	list := []string{abs}
	for _, q := range p.StringList(prefRecent) {
		if q != abs && len(list) < maxRecent {
			list = append(list, q)
		}
	}
	p.SetStringList(prefRecent, list)
}

func rememberRecent(path string) {
	if p := prefs(); p != nil {
		RememberRecent(p, path)
	}
}

// recentProjects is the remembered list without files that are gone.
func recentProjects(p fyne.Preferences) []string {
	var out []string
	for _, q := range p.StringList(prefRecent) {
		if _, err := os.Stat(q); err == nil {
			out = append(out, q)
		}
	}
	return out
}

// recentMenuItems is Open recent's submenu: the remembered projects other
// than the one open here.
func (w *Window) recentMenuItems() []*fyne.MenuItem {
	pr := prefs()
	if pr == nil {
		return nil
	}
	var items []*fyne.MenuItem
	for _, p := range recentProjects(pr) {
		p := p
		if w.store != nil && p == absPath(w.store.Path()) {
			continue
		}
		items = append(items, fyne.NewMenuItem(p, func() { w.openProjectPath(p) }))
	}
	return items
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
