package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Where the file choosers start (issue 15: they all started in $HOME):
// in the folder last used by a chooser of this process, else in the open
// project's folder, where its imports and exports usually live.

var lastChooserDir memo

// rememberChooserDir records dir as the folder last used.
func rememberChooserDir(dir string) { lastChooserDir.set(dir) }

// chooserDir is the folder a chooser starts in: the last one used if it
// is still a folder, else the project's (a PostgreSQL project has none:
// then "", and Fyne's own default).
func (w *Window) chooserDir() string {
	dirs := []string{lastChooserDir.get()}
	if p := w.store.Path(); p != "" {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		// A project opened by a relative name (margin p.margin) has a
		// relative path: the chooser started in $HOME instead of beside it.
		abs, err := filepath.Abs(dir)
		if err != nil {
			continue
		}
		dir = abs
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	return ""
}

// startInFolder points d at chooserDir.
func (w *Window) startInFolder(d *dialog.FileDialog) {
	dir := w.chooserDir()
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}
