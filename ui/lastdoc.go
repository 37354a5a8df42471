package ui

import (
	"path/filepath"
	"strings"
)

// prefLastDocument + the project's key (projectPrefKey) holds the id of
// the document shown last in that project: the window opens on it again.
const prefLastDocument = "lastDocument:"

// projectPrefKey names the project in a preference key: its absolute path
// (a file opened as "ana.margin" from one folder is the same project from
// another), or its URL on a server.
func projectPrefKey(path string) string {
	if !strings.Contains(path, "://") {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	return path
}

// lastDocument is the id of the document shown last in this project (0:
// none remembered).
func (w *Window) lastDocument() int64 {
	if p := prefs(); p != nil {
		return int64(p.Int(prefLastDocument + projectPrefKey(w.store.Path())))
	}
	return 0
}

// rememberDocument keeps id as the document shown last in this project.
func (w *Window) rememberDocument(id int64) {
	if p := prefs(); p != nil {
		p.SetInt(prefLastDocument+projectPrefKey(w.store.Path()), int(id))
	}
}

// listed reports whether document id is in the project's list, shown or
// hidden by the list's filter.
func (w *Window) listed(id int64) bool {
	for _, d := range w.docFilter.all {
		if d.ID == id {
			return true
		}
	}
	return false
}
