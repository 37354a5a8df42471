package ui

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importFiles is the Import form's list of files (and folders) to import
// in one go. Fyne's file dialog selects one file: the form gathers
// several, each with "Add file…" (and "Add folder…" for formats that read
// a folder), and imports them all when the user confirms; with none
// gathered, confirming picks one file and imports it, as before.
type importFiles struct {
	paths []string
	box   *fyne.Container // the files, one row each with a remove button
	// changed is called after the list changed (the confirm button's
	// text follows it).
	changed func()
}

func newImportFiles() *importFiles {
	f := &importFiles{box: container.NewVBox()}
	f.show()
	return f
}

// add appends path unless it is listed already.
func (f *importFiles) add(path string) {
	for _, p := range f.paths {
		if p == path {
			return
		}
	}
	f.paths = append(f.paths, path)
	f.show()
}

func (f *importFiles) remove(path string) {
	for i, p := range f.paths {
		if p == path {
			f.paths = append(f.paths[:i:i], f.paths[i+1:]...)
			break
		}
	}
	f.show()
}

func (f *importFiles) show() {
	objs := make([]fyne.CanvasObject, 0, len(f.paths)+1)
	if len(f.paths) == 0 {
		objs = append(objs, widget.NewLabel("none listed: Choose file… picks one, Add file… lists several"))
	}
	for _, p := range f.paths {
		p := p
		// The name cut in the middle keeps its end ("…-train.conll",
		// "…-test.conll" stay apart); the whole name is its tooltip.
		name := newMidLabel(filepath.Base(p))
		rm := newKeyButton("", theme.ContentRemoveIcon(), func() { f.remove(p) })
		rm.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, nil, rm, name))
	}
	f.box.Objects = objs
	f.box.Refresh()
	if f.changed != nil {
		f.changed()
	}
}

// confirmText is the Import form's confirm button for the files listed.
func (f *importFiles) confirmText() string {
	if len(f.paths) == 0 {
		return "Choose file…"
	}
	return fmt.Sprintf("Import %s", plural(len(f.paths), "file", "files"))
}
