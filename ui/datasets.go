package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
)

// Layer choices in the export dialog besides annotator names.
const (
	layerMine = "my layer"
	layerGold = "gold (adjudicated)"
	layerAll  = "every layer"
)

// showImportDialog asks for a format and options, then a file or folder,
// and imports it off the UI goroutine with a progress dialog that can
// cancel (the project then stays as it was).
func (w *Window) showImportDialog() {
	if !w.canEdit() {
		return
	}
	w.importForm()
}

// importForm shows the Import form and returns it (tests drive it). It
// starts from the format last chosen and closes on Escape.
func (w *Window) importForm() *dialog.FormDialog {
	var names []string
	for _, n := range all.Names() {
		if f, _ := all.Lookup(n); f.Import != nil {
			names = append(names, n)
		}
	}
	format := newEscSelect(names)
	desc := widget.NewLabel("")
	desc.Wrapping = fyne.TextWrapWord
	strict := newKeyCheck("refuse labels not in the schema (strict)", nil)
	// doccano's renamable columns, a spreadsheet's text column: the same
	// options as the CLI's --text-field / --label-field, shown only for
	// the formats that read them (formats.Format.ImportFields).
	textField := newEscEntry()
	textField.SetPlaceHolder("default: text")
	labelField := newEscEntry()
	labelField.SetPlaceHolder("default: label (doccano), none (csv/xlsx)")
	rows := newFormRows()
	files := newImportFiles()
	w.importFiles = files
	var d *dialog.FormDialog
	addFile := newKeyButton("Add file…", theme.ContentAddIcon(), nil)
	addFolder := newKeyButton("Add folder…", theme.FolderIcon(), nil)
	format.OnChanged = func(n string) {
		f, _ := all.Lookup(n)
		desc.SetText(f.Description)
		rememberImportFormat(n)
		addFile.OnTapped = func() { w.pickFile(f.Extensions, files.add).SetTitleText("Add a file to import") }
		addFolder.OnTapped = func() { w.pickFolder("Add a folder to import", files.add) }
		adders := []fyne.CanvasObject{addFile}
		if folderImports[f.Name] {
			adders = append(adders, addFolder)
		}
		items := []*widget.FormItem{
			widget.NewFormItem("format", format),
			widget.NewFormItem("", desc),
			widget.NewFormItem("", strict),
			widget.NewFormItem("files", container.NewVBox(files.box, container.NewHBox(adders...))),
		}
		if f.Imports(formats.OptTextField) {
			items = append(items, widget.NewFormItem("text field", textField))
		}
		if f.Imports(formats.OptLabelField) {
			items = append(items, widget.NewFormItem("label field", labelField))
		}
		rows.set(items...)
		if d != nil { // other rows, a longer description: fit them
			d.Resize(fyne.NewSize(560, d.MinSize().Height))
		}
	}
	format.SetSelected(importFormatDefault(names))
	d = dialog.NewForm("Import", "Choose file…", "Cancel", []*widget.FormItem{widget.NewFormItem("", rows.box)}, func(ok bool) {
		if !ok {
			return
		}
		f, _ := all.Lookup(format.Selected)
		var opts formats.ImportOptions
		if f.Imports(formats.OptTextField) { // text a hidden row kept is not sent
			opts.TextField = strings.TrimSpace(textField.Text)
		}
		if f.Imports(formats.OptLabelField) {
			opts.LabelField = strings.TrimSpace(labelField.Text)
		}
		if len(files.paths) > 0 { // gathered with Add file… / Add folder…
			w.runImportMany(f.Name, files.paths, strict.Checked, opts, w.importDone)
			return
		}
		run := func(path string) {
			w.runImportWith(f.Name, path, strict.Checked, opts, w.importDone)
		}
		if folderImports[f.Name] {
			w.askFolderOrFile(f.Name, func() { w.pickFolder("Import a folder", run) }, func() { w.pickFile(f.Extensions, run).SetTitleText("Import a file") })
			return
		}
		w.pickFile(f.Extensions, run).SetTitleText("Import a file")
	}, w.win)
	format.onEscape, textField.onEscape, labelField.onEscape = d.Hide, d.Hide, d.Hide
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	showDialog(d, w.win)
	// The confirm button says what it does: pick one file, or import
	// the files listed (Fyne's form has no setter for it).
	if confirm, _ := dialogButtons(w.win.Canvas().Overlays().Top()); confirm != nil {
		files.changed = func() {
			confirm.SetText(files.confirmText())
			d.Resize(fyne.NewSize(560, d.MinSize().Height))
		}
	}
	w.win.Canvas().Focus(format)
	return d
}

// pickFile shows a file dialog listing the files with exts (all when
// empty) and returns it (tests set its location).
func (w *Window) pickFile(exts []string, fn func(path string)) *dialog.FileDialog {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		rememberChooserDir(filepath.Dir(path))
		fn(path)
	}, w.win)
	d.SetFilter(extensionFilter(exts))
	w.startInFolder(d)
	d.Resize(fyne.NewSize(900, 600))
	showChooser(d, w.win)
	return d
}

// pickFolder shows a folder dialog titled title ("Open Folder", Fyne's
// own, said nothing of a brat export into the folder chosen).
func (w *Window) pickFolder(title string, fn func(path string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if u != nil {
			rememberChooserDir(filepath.Dir(u.Path())) // beside the folder, to see it again
			fn(u.Path())
		}
	}, w.win)
	d.SetTitleText(title)
	w.startInFolder(d)
	d.Resize(fyne.NewSize(900, 600))
	showChooser(d, w.win)
}

// progressDialog shows a progress bar (infinite when total is unknown)
// with a Cancel button that cancels ctx.
type progressDialog struct {
	d      dialog.Dialog
	bar    *widget.ProgressBar
	cancel context.CancelFunc
}

func (w *Window) newProgress(title string, determinate bool, cancel context.CancelFunc) *progressDialog {
	p := &progressDialog{cancel: cancel}
	var body fyne.CanvasObject
	if determinate {
		p.bar = widget.NewProgressBar()
		body = p.bar
	} else {
		body = widget.NewProgressBarInfinite()
	}
	p.d = dialog.NewCustom(title, "Cancel", container.NewPadded(body), w.win)
	p.d.SetOnClosed(func() { cancel() })
	p.d.Resize(fyne.NewSize(420, 120))
	showDialog(p.d, w.win)
	return p
}

// enterBulk marks the start of a bulk operation (BulkGC); the func it
// returns marks its end.
func (w *Window) enterBulk() (leave func()) {
	if w.BulkGC == nil {
		return func() {}
	}
	var once sync.Once
	end := w.BulkGC()
	return func() { once.Do(end) }
}

// countFunc moves a determinate bar to done of total; it may be called
// from any goroutine.
func (p *progressDialog) countFunc() func(done, total int) {
	return func(done, total int) {
		fyne.Do(func() {
			p.bar.Max = float64(total)
			p.bar.SetValue(float64(done))
		})
	}
}

// runImport imports path in the background. done, if not nil, is called
// on the UI goroutine afterwards (tests use it).
func (w *Window) runImport(format, path string, strict bool, done func(*dataset.ImportSummary, error)) {
	w.runImportWith(format, path, strict, formats.ImportOptions{}, done)
}

// runImportWith is runImport with the dialog's options (text and label
// fields); the annotator is always the window's.
func (w *Window) runImportWith(format, path string, strict bool, opts formats.ImportOptions, done func(*dataset.ImportSummary, error)) {
	w.runImportMany(format, []string{path}, strict, opts, done)
}

// runImportMany imports paths (files dropped on the window, say) one
// after another, each input one transaction as the CLI does; it stops at
// the first that fails, which names its file.
func (w *Window) runImportMany(format string, paths []string, strict bool, opts formats.ImportOptions, done func(*dataset.ImportSummary, error)) {
	opts.Annotator = w.annotator
	what := filepath.Base(paths[0])
	if len(paths) > 1 {
		what = fmt.Sprintf("%d files", len(paths))
	}
	ctx, cancel := context.WithCancel(w.ctx)
	prog := w.newProgress("Importing "+what, false, cancel)
	leave := w.enterBulk()
	op := w.startOp("importing "+what, cancel)
	go func() {
		defer w.endOp(op)
		defer leave()
		var sum *dataset.ImportSummary
		var inputs []string
		total := dataset.ImportSummary{}
		var err error
		for _, path := range paths {
			in, skipped, perr := importInputs(format, path)
			inputs, total.Warnings = append(inputs, in...), append(total.Warnings, skipped...)
			if perr != nil {
				err = perr
				break
			}
		}
		for _, in := range inputs {
			if err != nil {
				break
			}
			sum, err = dataset.Import(ctx, w.store, format, in, opts, strict)
			if err == nil {
				total.Results = append(total.Results, sum.Results...)
				total.AddedLabels = append(total.AddedLabels, sum.AddedLabels...)
				total.Warnings = append(total.Warnings, sum.Warnings...)
			}
		}
		total.Input = strings.Join(paths, ", ")
		if err != nil && len(total.Results) > 0 {
			// Each file was its own transaction: say what stays.
			err = fmt.Errorf("%w (the %d documents of the files before it were imported and stay)", err, total.Documents())
		}
		leave() // the work is done: before the UI is told
		fyne.Do(func() {
			prog.d.Hide()
			cancel()
			w.afterImport(&total, err)
			if done != nil {
				done(&total, err)
			}
		})
	}()
}

// importInputs is the files a text import of path reads, one transaction
// each (as the CLI does): a folder's .txt files, less a project open in
// this process found there (named corpus.txt, say), which is never opened
// and is reported in skipped (text.Collect).
func importInputs(format, path string) (files, skipped []string, err error) {
	if format != "text" {
		return []string{path}, nil, nil
	}
	files, skipped, err = text.Collect([]string{path})
	if len(files) == 0 && err == nil {
		err = fmt.Errorf("import %s: no .txt files", path)
	}
	return files, skipped, err
}

// reloadAfterBulk shows what an import or a merge changed: the schema,
// the document list and the open document's annotations.
// They are read in the edit queue, off the UI goroutine.
func (w *Window) reloadAfterBulk() {
	w.readBack(true, nil, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if w.doc == nil && len(w.docs) > 0 {
			w.docList.Select(0)
		} else if w.doc != nil {
			if e := w.reloadAnnotations(); e != nil {
				w.showError(e)
			}
		}
	})
}

// afterImport reloads and reports an import (a merge has its own report,
// runMerge).
func (w *Window) afterImport(sum *dataset.ImportSummary, err error) {
	w.reloadAfterBulk()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			w.setStatusText("import cancelled: the project is unchanged")
			return
		}
		w.showError(err)
		return
	}
	reused := 0
	for _, r := range sum.Results {
		if r.Reused {
			reused++
		}
	}
	msg := fmt.Sprintf("%s (%d already in the project), %s.", model.Plural(sum.Documents(), "document", "documents"), reused, model.Plural(sum.Annotations(), "annotation", "annotations"))
	if len(sum.AddedLabels) > 0 {
		msg += "\nLabels added to the schema: " + strings.Join(sum.AddedLabels, ", ")
	}
	for _, warn := range sum.Warnings {
		msg += "\n" + warn
	}
	w.lastSaved = "saved · imported " + model.Plural(sum.Documents(), "document", "documents")
	w.updateStatus()
	showInformation("Import finished", msg, w.win)
}

// showExportDialog asks for a format and a layer, then where to write;
// Escape closes it. The layers offered are read in the edit queue (off
// the UI goroutine), then the dialog shows.
func (w *Window) showExportDialog() {
	var others []string
	w.ctl.Read(func(s model.Store) error {
		var err error
		others, err = s.Annotators(w.ctx)
		return err
	}, func(err error) {
		if err != nil {
			others = nil // the dialog still offers mine, gold and all
		}
		w.exportDialog(others)
	})
}

// exportDialog is showExportDialog's dialog; others are the project's
// annotators.
func (w *Window) exportDialog(others []string) {
	var names []string
	for _, n := range all.Names() {
		if f, _ := all.Lookup(n); f.NewExporter != nil {
			names = append(names, n)
		}
	}
	format := newEscSelect(names)
	layers := []string{layerMine, layerGold, layerAll}
	for _, o := range others {
		if o != w.annotator && o != model.GoldAnnotator {
			layers = append(layers, o)
		}
	}
	layer := newEscSelect(layers)
	layer.SetSelected(layerMine)
	scheme := newEscSelect([]string{"iob2", "bioes"})
	scheme.SetSelected("iob2")
	docs := newExportDocs(w)
	rows := newFormRows()
	var d *dialog.FormDialog
	relayout := func() {
		f, _ := all.Lookup(format.Selected)
		rows.set(append([]*widget.FormItem{
			widget.NewFormItem("format", format),
			widget.NewFormItem("layer", layer),
		}, exportRows(f, docs, scheme)...)...)
		if d != nil {
			d.Resize(d.MinSize())
		}
	}
	format.OnChanged = func(string) { relayout() }
	docs.choice.OnChanged = func(string) { relayout() }
	format.SetSelected("jsonl")
	d = dialog.NewForm("Export", "Choose destination…", "Cancel", []*widget.FormItem{widget.NewFormItem("", rows.box)}, func(ok bool) {
		if !ok {
			return
		}
		f, _ := all.Lookup(format.Selected)
		who := w.layerName(layer.Selected)
		sch := ""
		if f.Exports(formats.OptScheme) {
			sch = scheme.Selected
		}
		only := docs.only()
		if only != nil && len(only) == 0 {
			// The form comes back as it was, under the message: closed,
			// its choices were lost with it.
			showDialog(d, w.win)
			w.showError(fmt.Errorf("export: %w: tick the documents to export", dataset.ErrNoDocuments))
			return
		}
		if f.DirOutput {
			w.pickFolder("Export into a folder (a new "+exportDefaultName(w.store.Path(), f)+" inside it)", func(dir string) { w.exportIntoFolder(f, who, sch, only, dir, nil) })
			return
		}
		showChooser(w.exportSaveDialogDocs(f, who, sch, only), w.win)
	}, w.win)
	format.onEscape, layer.onEscape, scheme.onEscape, docs.choice.onEscape = d.Hide, d.Hide, d.Hide, d.Hide
	showDialog(d, w.win)
	w.win.Canvas().Focus(format)
}

// exportIntoFolder exports a folder format (brat, HTML) into a new
// folder inside dir, unless that exists. The next chooser starts in dir,
// where the export is: pickFolder remembered dir's parent, as for an
// imported folder, and the chooser after a brat export opened a level
// above it. done, if not nil, runs once the export ended (tests).
func (w *Window) exportIntoFolder(f *formats.Format, who, scheme string, only []int64, dir string, done func([]string, error)) {
	rememberChooserDir(dir)
	target := filepath.Join(dir, exportDefaultName(w.store.Path(), f))
	w.confirmNewPath(target, func() { w.runExportDocs(f.Name, who, target, scheme, only, false, done) })
}

// exportSaveDialog is the Save dialog of a file export, not yet shown
// (tests set its location). Its default name differs per format
// (exportDefaultName). The open project and its sidecars are refused
// before Fyne's "Overwrite?" question: the guarded repository answers
// Exists for them with ErrProjectFile (fsguard.go), so Fyne asks for a
// writer at once, which the guard refuses, and the refusal is shown.
func (w *Window) exportSaveDialog(f *formats.Format, who, scheme string) *dialog.FileDialog {
	return w.exportSaveDialogDocs(f, who, scheme, nil)
}

// exportSaveDialogDocs is exportSaveDialog for the documents only names
// (nil: every document).
func (w *Window) exportSaveDialogDocs(f *formats.Format, who, scheme string, only []int64) *dialog.FileDialog {
	d := dialog.NewFileSave(w.savedPath("export to", "Margin never exports over it. Choose another file name", func(path string) {
		// The guarded file repository (fsguard.go) created nothing: the
		// export goes to a temporary file moved into place once it
		// succeeded. A file there now existed before, and the dialog
		// asked "Overwrite?": replacing it is confirmed.
		_, statErr := os.Stat(path)
		rememberChooserDir(filepath.Dir(path))
		w.runExportDocs(f.Name, who, path, scheme, only, statErr == nil, nil)
	}), w.win)
	d.SetFilter(extensionFilter(f.Extensions))
	d.SetFileName(exportDefaultName(w.store.Path(), f))
	w.startInFolder(d)
	d.Resize(fyne.NewSize(900, 600))
	return d
}

// confirmNewPath runs fn at once when path does not exist, else asks.
func (w *Window) confirmNewPath(path string, fn func()) {
	if _, err := os.Stat(path); err != nil {
		fn()
		return
	}
	showErrorDialog(fmt.Errorf("%s already exists; Margin does not overwrite it. Choose another folder", path), w.win)
}

func (w *Window) layerName(choice string) string {
	switch choice {
	case layerMine:
		return w.annotator
	case layerGold:
		return model.GoldAnnotator
	case layerAll:
		return ""
	}
	return choice
}

// runExport writes the export in the background with a determinate
// progress bar; a file export goes through dataset.ExportFile (never the
// project; an existing path is replaced, when replace says the user
// confirmed, only after the export succeeded), so a cancelled or failed
// export leaves path as it was.
func (w *Window) runExport(format, layer, path, scheme string, replace bool, done func([]string, error)) {
	w.runExportDocs(format, layer, path, scheme, nil, replace, done)
}

// goExport runs an export's work: on a goroutine of its own in the app,
// whose UI updates fyne.Do hands to Fyne's event loop. Fyne's test driver
// runs fyne.Do on the calling goroutine instead, so there the export's
// progress and its "Export finished" dialog would be drawn beside the
// test's own taps (a data race in the file chooser's key handling under
// -race): the ui tests run it inline, and the test of closing during an
// export runs it on a goroutine again.
var goExport = func(f func()) { go f() }

// runExportDocs is runExport of the documents only names (nil: every
// document; dataset.ExportDocs).
func (w *Window) runExportDocs(format, layer, path, scheme string, only []int64, replace bool, done func([]string, error)) {
	ctx, cancel := context.WithCancel(w.ctx)
	prog := w.newProgress("Exporting "+filepath.Base(path), true, cancel)
	f, _ := all.Lookup(format)
	leave := w.enterBulk()
	op := w.startOp("exporting to "+filepath.Base(path), cancel)
	goExport(func() {
		defer w.endOp(op)
		defer leave()
		progress := prog.countFunc()
		var report []string
		var err error
		if f.DirOutput {
			report, err = dataset.ExportDocs(ctx, w.store, format, layer, only, nil, path, scheme, progress)
		} else {
			target := dataset.FileTarget{Path: path, Project: w.store.Path(), Replace: replace}
			report, err = dataset.ExportFileDocs(ctx, w.store, format, layer, scheme, only, target, progress)
		}
		leave() // the work is done: before the UI is told
		fyne.Do(func() {
			prog.d.Hide()
			cancel()
			switch {
			case errors.Is(err, context.Canceled):
				w.setStatusText("export cancelled")
			case err != nil:
				w.showError(err)
			default:
				msg := "Written to " + path
				if len(report) > 0 {
					msg += "\n\n" + strings.Join(report, "\n")
				}
				w.setStatusText("exported " + format + " to " + path)
				showInformation("Export finished", msg, w.win)
			}
			if done != nil {
				done(report, err)
			}
		})
	})
}

// showMergeDialog picks a colleague's project file and merges it.
func (w *Window) showMergeDialog() {
	if !w.canEdit() {
		return
	}
	if w.Merge == nil {
		showInformation("Merge", "Merging is not available here.", w.win)
		return
	}
	w.pickFile([]string{".margin"}, func(path string) { w.runMerge(path, nil) }).SetTitleText("Merge a colleague's project file")
}

func (w *Window) runMerge(path string, done func(*model.MergeReport, error)) {
	ctx, cancel := context.WithCancel(w.ctx)
	prog := w.newProgress("Merging "+filepath.Base(path), true, cancel)
	leave := w.enterBulk()
	op := w.startOp("merging "+filepath.Base(path), cancel)
	go func() {
		defer w.endOp(op)
		defer leave()
		rep, err := w.Merge(ctx, path, w.annotator, prog.countFunc())
		leave() // the work is done: before the UI is told
		fyne.Do(func() {
			prog.d.Hide()
			cancel()
			if err != nil {
				w.showError(err)
			} else {
				w.reloadAfterBulk()
				msg := MergeCounts(rep) + "."
				if len(rep.Labels) > 0 {
					msg += "\nLabels added: " + strings.Join(rep.Labels, ", ")
				}
				if rep.SkippedOwnLayer > 0 {
					msg += "\n" + KeptOwnLayer(w.annotator, rep.SkippedOwnLayer, filepath.Base(path))
				}
				for _, c := range rep.Conflicts {
					msg += "\n• " + c
				}
				w.lastSaved = "saved · merged " + filepath.Base(path)
				w.updateStatus()
				showInformation("Merge finished", msg, w.win)
			}
			if done != nil {
				done(rep, err)
			}
		})
	}()
}

// MergeCounts is what a merge brought, as the window's report and the
// command line's say it. Suggestions and decisions are named only when
// it carried some: a merge with a server project carries none (they are
// each person's there), and "0 suggestions, 0 decisions" read as lost.
func MergeCounts(rep *model.MergeReport) string {
	s := fmt.Sprintf("%d new documents, %d new annotations, %d updated, %d relations, %d document labels",
		rep.Documents, rep.Annotations, rep.Updated, rep.Relations, rep.DocLabels)
	if rep.Suggestions > 0 || rep.Decisions > 0 {
		s += fmt.Sprintf(", %d suggestions, %d decisions", rep.Suggestions, rep.Decisions)
	}
	if rep.Statuses > 0 {
		s += ", " + model.Plural(rep.Statuses, "document status", "document statuses")
	}
	return s
}

// KeptOwnLayer says that a merge left the merging person's layer as it
// was: n items of that layer in the colleague's project were not copied
// (the window's merge report and the command line's).
func KeptOwnLayer(who string, n int, from string) string {
	return fmt.Sprintf("Your layer (%s) is kept as it is: %s of it in %s not copied.", who, model.Plural(n, "item", "items"), from)
}
