package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
)

// installDrop makes files dropped on the window import (Fyne's
// SetOnDropped): a project file opens in a new window, other files are
// imported after the user confirmed the format.
func (w *Window) installDrop() {
	w.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { w.dropped(uris) })
}

// dropped handles files dropped on the window.
func (w *Window) dropped(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	if len(paths) == 1 && filepath.Ext(paths[0]) == projectExt {
		w.openProjectPath(paths[0])
		return
	}
	if !w.canEdit() {
		return
	}
	w.dropImportForm(paths, nil)
}

// guessFormat is the import format for paths: text for a folder or a
// .txt file (CoNLL lists .txt too), else the first format listing the
// first file's extension, else text. The form lets the user change it.
func guessFormat(paths []string) string {
	if st, err := os.Stat(paths[0]); err == nil && st.IsDir() {
		return "text"
	}
	ext := strings.ToLower(filepath.Ext(paths[0]))
	if ext == ".txt" {
		return "text"
	}
	for _, n := range all.Names() {
		f, _ := all.Lookup(n)
		if f.Import == nil {
			continue
		}
		for _, e := range f.Extensions {
			if strings.EqualFold(e, ext) {
				return n
			}
		}
	}
	return "text"
}

// dropImportForm asks for the format of the dropped files (guessed from
// the first one's extension) and imports them all; Enter imports, Esc
// cancels. done, if not nil, runs once the import ended (tests).
func (w *Window) dropImportForm(paths []string, done func(*dataset.ImportSummary, error)) *dialog.FormDialog {
	var names []string
	for _, n := range all.Names() {
		if f, _ := all.Lookup(n); f.Import != nil {
			names = append(names, n)
		}
	}
	format := newEscSelect(names)
	format.SetSelected(guessFormat(paths))
	list := make([]string, 0, len(paths))
	for i, p := range paths {
		if i == 8 {
			list = append(list, fmt.Sprintf("… and %d more", len(paths)-i))
			break
		}
		list = append(list, filepath.Base(p))
	}
	files := widget.NewLabel(strings.Join(list, "\n"))
	strict := newKeyCheck("refuse labels not in the schema (strict)", nil)
	items := []*widget.FormItem{
		widget.NewFormItem(fmt.Sprintf("%d dropped", len(paths)), files),
		widget.NewFormItem("format", format),
		widget.NewFormItem("", strict),
	}
	d := dialog.NewForm("Import dropped files", "Import", "Cancel", items, func(ok bool) {
		if ok {
			w.runImportMany(format.Selected, paths, strict.Checked, formats.ImportOptions{}, done)
		}
	}, w.win)
	format.onEscape = d.Hide
	format.onEnter = d.Submit
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	showDialog(d, w.win)
	w.win.Canvas().Focus(format)
	return d
}
