package ui

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// importFiles is the Import form's list of files (and folders) to import
// in one go. Fyne's file dialog selects one file: the form gathers
// several, each with "Add file…" (and "Add folder…" for formats that read
// a folder), and imports them all when the user confirms; with none
// gathered, confirming picks one file and imports it, as before.
type importFiles struct {
	paths []string
	rows  *fyne.Container // the files, one row each with a remove button
	// box shows rows, scrolling beyond importFilesShown of them: the form
	// grew past an 800×600 window with 7, its buttons over the list.
	box *fyne.Container
	// changed is called after the list changed (the confirm button's
	// text follows it).
	changed func()
}

// importFilesShown is how many listed files show before the list scrolls.
const importFilesShown = 4

func newImportFiles() *importFiles {
	f := &importFiles{rows: container.NewVBox()}
	scroll := container.NewVScroll(f.rows)
	f.box = container.New(&upToRows{rows: f.rows, most: importFilesShown}, scroll)
	f.show()
	return f
}

// upToRows lays out its one object (a scroll of rows) at the height of
// rows' objects up to most of them.
type upToRows struct {
	rows *fyne.Container
	most int
}

func (l *upToRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for i, o := range l.rows.Objects {
		if i == l.most {
			h += o.MinSize().Height / 2 // half a row more: the list goes on
			break
		}
		if i > 0 {
			h += theme.Padding()
		}
		h += o.MinSize().Height
	}
	return fyne.NewSize(l.rows.MinSize().Width, h)
}

func (l *upToRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
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
		// "…-test.conll" stay apart); the whole name is its tooltip. A
		// folder has the folder icon and a trailing slash.
		icon, base := theme.FileIcon(), filepath.Base(p)
		if isDir(p) {
			icon, base = theme.FolderIcon(), base+string(filepath.Separator)
		}
		rm := newKeyButton("", theme.ContentRemoveIcon(), func() { f.remove(p) })
		rm.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(icon), rm, newMidLabel(base)))
	}
	f.rows.Objects = objs
	f.rows.Refresh()
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
	dirs := 0
	for _, p := range f.paths {
		if isDir(p) {
			dirs++
		}
	}
	switch files := len(f.paths) - dirs; {
	case dirs == 0:
		return "Import " + model.Plural(files, "file", "files")
	case files == 0:
		return "Import " + model.Plural(dirs, "folder", "folders")
	default:
		return fmt.Sprintf("Import %s and %s", model.Plural(files, "file", "files"), model.Plural(dirs, "folder", "folders"))
	}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
