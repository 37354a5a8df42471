package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/codebook"
	"github.com/margin-app/margin/dataset"
)

// The schema editor's "Codebook…" button saves the codebook of the schema
// as it stands in the editor (saved or not: the guidelines just written
// are what a colleague should read), as Markdown or HTML, through
// dataset.WriteFile: never onto the project, its journal or any SQLite
// file, and an existing file only after the save dialog's "Overwrite?".

const (
	codebookMarkdown = "Markdown (.md)"
	codebookHTML     = "HTML page (.html)"
)

// exportCodebook asks for the format, then for the file.
func (ed *schemaEditor) exportCodebook() {
	if err := ed.e.Validate(); err != nil {
		ed.changed()
		return
	}
	// A select, as the Export form's format: a radio group's options
	// are Fyne's own focusable widgets, which would keep Enter and Esc
	// once Tab reached them (dialogwidgets.go).
	format := newEscSelect([]string{codebookMarkdown, codebookHTML})
	format.SetSelected(codebookMarkdown)
	items := []*widget.FormItem{widget.NewFormItem("Format", format)}
	showDialog(dialog.NewForm("Export codebook", "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		f := codebook.Markdown
		if format.Selected == codebookHTML {
			f = codebook.HTML
		}
		ed.pickCodebookFile(f)
	}, ed.win), ed.win)
	ed.win.Canvas().Focus(format) // ← → choose, Enter goes on
}

func (ed *schemaEditor) pickCodebookFile(f codebook.Format) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		path, existed, err := chosenSavePath(wc, err)
		if err == nil && path != "" {
			err = ed.writeCodebook(path, f, existed)
		}
		switch {
		case err != nil:
			showErrorDialog(err, ed.win)
		case path != "":
			showInformation("Codebook", "Written to "+path, ed.win)
		}
	}, ed.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{f.Ext()}))
	d.SetFileName(ed.codebookTitle() + "-codebook" + f.Ext())
	if ed.project != "" { // beside the project, where its readers look
		if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(ed.project))); err == nil {
			d.SetLocation(dir)
		}
	}
	d.Resize(fyne.NewSize(900, 600))
	showChooser(d, ed.win)
}

// chosenSavePath is the file a save dialog chose ("" when cancelled) and
// whether it existed: the guarded file repository (fsguard.go) created
// nothing, so an existing file was there before and the dialog asked
// "Overwrite?".
func chosenSavePath(wc fyne.URIWriteCloser, err error) (string, bool, error) {
	if err != nil || wc == nil {
		return "", false, err
	}
	path := wc.URI().Path()
	wc.Close()
	_, statErr := os.Stat(path)
	return path, statErr == nil, nil
}

// writeCodebook writes the editor's schema as format f to path.
func (ed *schemaEditor) writeCodebook(path string, f codebook.Format, replace bool) error {
	if isGuarded(storage.NewFileURI(path)) {
		return fmt.Errorf("codebook: %s %w; choose another file", path, ErrProjectFile)
	}
	sc := ed.e.Result()
	target := dataset.FileTarget{Path: path, Project: ed.project, Replace: replace}
	err := dataset.WriteFile(target, func(w io.Writer) error { return codebook.Write(w, f, ed.codebookTitle(), sc) })
	if errors.Is(err, dataset.ErrTargetExists) {
		return fmt.Errorf("codebook: %w", err)
	}
	return err
}

// codebookTitle is the project's name, without its extension.
func (ed *schemaEditor) codebookTitle() string {
	if ed.project == "" {
		return "project"
	}
	return strings.TrimSuffix(filepath.Base(ed.project), filepath.Ext(ed.project))
}

// lastGuardedProject is the project the window protects (GuardProjectFiles),
// the newest when several are, or "".
func lastGuardedProject() string {
	fsGuard.mu.Lock()
	defer fsGuard.mu.Unlock()
	if n := len(fsGuard.projects); n > 0 {
		return fsGuard.projects[n-1]
	}
	return ""
}
