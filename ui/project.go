package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/margin-app/margin/internal/safefile"
)

// ProjectOpener opens and creates project files for the window's menu
// (New, Open, Open recent). cmd/margin provides it: the ui package never
// opens a project file itself. Each project opens in a window of its own,
// so the project open here keeps its edit queue, locks and undo history.
type ProjectOpener interface {
	// Open shows the project file at path in a new window.
	Open(path string) error
	// Create makes a new project at path (which must not exist) with the
	// default schema and shows it in a new window.
	Create(path string) error
}

// copier is a store that can copy itself, consistently, to a new file
// (storage.DB.Backup: SQLite's backup API, never over an existing file).
type copier interface {
	Backup(ctx context.Context, dst string) error
}

// projectExt is the extension of project files.
const projectExt = ".margin"

// errNoProjects is shown when the window was built without a ProjectOpener.
var errNoProjects = errors.New("this window cannot open or create projects (start margin without arguments, or use 'margin init')")

// newProject asks where to create a new project, then opens it.
func (w *Window) newProject() {
	if w.Projects == nil {
		w.showError(errNoProjects)
		return
	}
	w.projectSaveDialog("new"+projectExt, func(path string) {
		if err := refuseExisting(path); err != nil {
			w.showError(fmt.Errorf("new project: %w", err))
			return
		}
		if err := w.Projects.Create(path); err != nil {
			w.showError(err)
			return
		}
		rememberRecent(path)
		w.setStatusText("created " + path + " (opened in a new window)")
	})
}

// openProject asks for a project file and opens it.
func (w *Window) openProject() {
	if w.Projects == nil {
		w.showError(errNoProjects)
		return
	}
	w.pickFile([]string{projectExt}, w.openProjectPath).SetTitleText("Open a project")
}

// openProjectPath opens path (a project file) in a new window; the open
// project itself is only named, not opened twice.
func (w *Window) openProjectPath(path string) {
	if w.Projects == nil {
		w.showError(errNoProjects)
		return
	}
	if safefile.IsProjectFile(path, w.store.Path()) {
		w.setStatusText(filepath.Base(path) + " is the project open in this window")
		return
	}
	if err := w.Projects.Open(path); err != nil {
		w.showError(err)
		return
	}
	rememberRecent(path)
	w.setStatusText("opened " + path + " in a new window")
}

// saveCopy writes a copy of the open project to a new file the user
// chooses, as of one consistent moment: never over an existing file and
// never over the project itself (the guarded file dialog refuses it).
func (w *Window) saveCopy() {
	cp, ok := w.store.(copier)
	if !ok {
		w.showError(fmt.Errorf("save a copy: %s is not a project file (use the server's own backups)", w.store.Path()))
		return
	}
	base := strings.TrimSuffix(filepath.Base(w.store.Path()), filepath.Ext(w.store.Path()))
	w.projectSaveDialog(base+"-copy"+projectExt, func(path string) { w.saveCopyAs(cp, path) })
}

// saveCopyTo is Save a copy to path, chosen already (tests).
func (w *Window) saveCopyTo(path string) {
	if cp, ok := w.store.(copier); ok {
		w.saveCopyAs(cp, path)
	}
}

func (w *Window) saveCopyAs(cp copier, path string) {
	if safefile.IsProjectFile(path, w.store.Path()) {
		w.showError(fmt.Errorf("save a copy to %s: it %w; choose another name", filepath.Base(path), ErrProjectFile))
		return
	}
	if err := refuseExisting(path); err != nil {
		w.showError(fmt.Errorf("save a copy: %w", err))
		return
	}
	w.ctl.Drain() // the edits shown so far are in the copy
	if err := cp.Backup(w.ctx, path); err != nil {
		w.showError(err)
		return
	}
	w.setStatusText("saved a copy as " + path)
}

// refuseExisting refuses a path that exists: Margin never replaces a file
// with a project, even after the file dialog's "Overwrite?".
func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists; Margin does not overwrite it. Choose another name", path)
	}
	return nil
}

// projectSaveDialog asks for a new project file name; the guarded file
// repository (fsguard.go) creates nothing and refuses the open project.
func (w *Window) projectSaveDialog(name string, fn func(path string)) *dialog.FileDialog {
	d := dialog.NewFileSave(w.savedPath("", "choose another name", func(path string) {
		if filepath.Ext(path) == "" {
			path += projectExt
		}
		rememberChooserDir(filepath.Dir(path))
		fn(path)
	}), w.win)
	d.SetFilter(extensionFilter([]string{projectExt}))
	d.SetFileName(name)
	w.startInFolder(d)
	d.Resize(fyne.NewSize(900, 600))
	showChooser(d, w.win)
	return d
}

// savedPath is a save dialog's callback: a refusal of the open project
// (the guarded repository, fsguard.go) is shown naming the file, with
// op before it and advice after it; a chosen path goes to fn. The
// repository's writer is lazy, so closing it created nothing.
func (w *Window) savedPath(op, advice string, fn func(path string)) func(fyne.URIWriteCloser, error) {
	return func(wc fyne.URIWriteCloser, err error) {
		if ge := (*GuardError)(nil); errors.As(err, &ge) {
			w.showError(fmt.Errorf("%s: it %w; %s", strings.TrimSpace(op+" "+filepath.Base(ge.Path)), ErrProjectFile, advice))
			return
		}
		if err != nil {
			w.showError(err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		fn(path)
	}
}
