package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	mstorage "github.com/margin-app/margin/storage"

	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/model"
)

// overlayTexts is every text drawn in the window's overlays (dialogs).
func overlayTexts(w *Window) []string {
	var out []string
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, obj := range test.LaidOutObjects(o) {
			if t, ok := obj.(*canvas.Text); ok && t.Visible() && t.Text != "" {
				out = append(out, t.Text)
			}
		}
	}
	return out
}

func hasText(texts []string, sub string) bool {
	for _, t := range texts {
		if strings.Contains(t, sub) {
			return true
		}
	}
	return false
}

// overlayButton is the visible button labelled text in the top overlay.
func overlayButton(t *testing.T, w *Window, text string) *widget.Button {
	t.Helper()
	for _, obj := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if b := buttonOf(obj); b != nil && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q in the top dialog; texts: %q", text, overlayTexts(w))
	return nil
}

func capture(t *testing.T, w *Window, name string) {
	t.Helper()
	if dir := os.Getenv("MARGIN_CAPTURE_DIR"); dir != "" {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
}

// bensProject writes a colleague's project at path: the demo documents
// with one ACTOR annotation of ben's.
func bensProject(t *testing.T, path string) {
	t.Helper()
	ben := demoProject(t, path)
	defer ben.Close()
	a := &model.Annotation{DocID: 1, Annotator: "ben", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 9}}}
	if err := ben.CreateAnnotations(context.Background(), []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
}

// TestMergeShowsOnlyTheMergeReport: a merge used to show "Import
// finished: 0 documents" on top of its own report.
func TestMergeShowsOnlyTheMergeReport(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	benPath := filepath.Join(dir, "ben.margin")
	bensProject(t, benPath)
	w.Merge = fileMerge(db)
	merged := make(chan error, 1)
	w.runMerge(benPath, func(_ *model.MergeReport, err error) { merged <- err })
	if err := wait(t, merged); err != nil {
		t.Fatal(err)
	}
	texts := overlayTexts(w)
	if !hasText(texts, "Merge finished") || !hasText(texts, "1 new annotations") {
		t.Fatalf("no merge report shown: %q", texts)
	}
	if hasText(texts, "Import finished") {
		t.Fatalf("a merge showed an import report: %q", texts)
	}
	if n := len(w.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("%d dialogs open after the merge, want the report only: %q", n, texts)
	}
}

// TestExportDefaultNamesDiffer: no two export formats propose the same
// name, so a lossy export's "Overwrite? Yes" cannot replace the lossless
// jsonl export by default.
func TestExportDefaultNamesDiffer(t *testing.T) {
	seen := map[string]string{}
	for _, n := range all.Names() {
		f, _ := all.Lookup(n)
		if f.NewExporter == nil {
			continue
		}
		name := exportDefaultName("/data/p.margin", f)
		if other, dup := seen[name]; dup {
			t.Fatalf("%s and %s both propose %s", other, n, name)
		}
		seen[name] = n
	}
	want := map[string]string{"jsonl": "p.jsonl", "doccano": "p.doccano.jsonl", "spacy": "p.spacy.jsonl", "brat": "p-brat", "webanno": "p-webanno", "conll": "p.conll"}
	for n, name := range want {
		if seen[name] != n {
			t.Errorf("%s proposes something else than %s (names: %v)", n, name, seen)
		}
	}
}

// TestExportSaveRefusesTheProjectBeforeOverwrite: choosing the open
// project in the Save dialog shows Margin's refusal, never Fyne's
// "Overwrite?"; an ordinary existing file still gets the question.
func TestExportSaveRefusesTheProjectBeforeOverwrite(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	os.WriteFile(filepath.Join(dir, "old.jsonl"), []byte("{}\n"), 0o644)
	loc, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := all.Lookup("jsonl")
	for _, name := range []string{"p.margin", "p.margin-wal", "old.jsonl"} {
		d := w.exportSaveDialog(f, "", "")
		d.SetLocation(loc)
		d.SetFileName(name)
		d.Show()
		test.Tap(overlayButton(t, w, "Save"))
		texts := overlayTexts(w)
		if name == "old.jsonl" {
			if !hasText(texts, "Overwrite?") {
				t.Fatalf("no overwrite question for an existing file: %q", texts)
			}
			capture(t, w, "overwrite.png")
			break
		}
		if hasText(texts, "Overwrite?") || !hasText(texts, "it is the open project") {
			t.Fatalf("%s: want the refusal, not Fyne's question: %q", name, texts)
		}
		if name == "p.margin" {
			capture(t, w, "refusal.png")
		}
		for _, o := range w.win.Canvas().Overlays().List() {
			w.win.Canvas().Overlays().Remove(o)
		}
	}
	if docs, err := db.Documents(w.ctx); err != nil || len(docs) != 2 {
		t.Fatalf("the project after the refusals: %d documents, %v", len(docs), err)
	}
}

// TestImportFormRemembersFormatAndEscapeCloses: the Import form starts
// from the last format chosen; Escape closes it and the Export form.
func TestImportFormRemembersFormatAndEscapeCloses(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.importForm()
	sel, ok := w.win.Canvas().Focused().(*escSelect)
	if !ok {
		t.Fatalf("the format choice is not focused: %T", w.win.Canvas().Focused())
	}
	sel.SetSelected("brat")
	capture(t, w, "import-form.png")
	sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n := len(w.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("Escape left %d dialogs open", n)
	}
	w.importForm()
	if sel := w.win.Canvas().Focused().(*escSelect); sel.Selected != "brat" {
		t.Fatalf("the form starts from %q, want the last choice brat", sel.Selected)
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	w.showExportDialog()
	sel, ok = w.win.Canvas().Focused().(*escSelect)
	if !ok || sel.Selected != "jsonl" {
		t.Fatalf("the export form's format choice is not focused: %T", w.win.Canvas().Focused())
	}
	sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n := len(w.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("Escape left %d export dialogs open", n)
	}
}

// TestFolderOrFileAndFilters: formats that read folders ask folder or
// file with plain buttons (no cancel icon on "File…"), the folder button
// opens a folder picker, and the file picker lists only the format's
// extensions.
func TestFolderOrFileAndFilters(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	for n := range folderImports {
		if f, err := all.Lookup(n); err != nil || f.Import == nil {
			t.Fatalf("%s is not an import format: %v", n, err)
		}
	}
	var folder, file int
	w.askFolderOrFile("brat", func() { folder++ }, func() { file++ })
	capture(t, w, "folder-or-file.png")
	for _, text := range []string{"File…", "Folder…"} {
		if b := overlayButton(t, w, text); b.Icon != nil {
			t.Fatalf("%q has an icon", text)
		}
	}
	test.Tap(overlayButton(t, w, "File…"))
	if file != 1 || folder != 0 || len(w.win.Canvas().Overlays().List()) != 0 {
		t.Fatalf("File… ran file %d folder %d times, %d dialogs left", file, folder, len(w.win.Canvas().Overlays().List()))
	}

	sub := filepath.Join(dir, "in")
	os.Mkdir(sub, 0o755)
	for _, n := range []string{"a.jsonl", "b.txt", "c.csv"} {
		os.WriteFile(filepath.Join(sub, n), []byte("x\n"), 0o644)
	}
	loc, err := storage.ListerForURI(storage.NewFileURI(sub))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := all.Lookup("doccano")
	d := w.pickFile(f.Extensions, func(string) {})
	d.SetLocation(loc)
	d.SetView(0) // list view: whole names
	texts := overlayTexts(w)
	if !hasText(texts, "a.jsonl") || hasText(texts, "b.txt") || hasText(texts, "c.csv") {
		t.Fatalf("the doccano file picker lists %q", texts)
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	// Merge's picker lists bob.margin, not its SQLite sidecars.
	for _, n := range []string{"bob.margin", "bob.margin-wal", "bob.margin-shm"} {
		os.WriteFile(filepath.Join(sub, n), []byte("x"), 0o644)
	}
	d = w.pickFile([]string{".margin"}, func(string) {})
	d.SetLocation(loc)
	d.SetView(0)
	texts = overlayTexts(w)
	if !hasText(texts, "bob.margin") || hasText(texts, "-wal") || hasText(texts, "-shm") || hasText(texts, "a.jsonl") {
		t.Fatalf("the merge picker lists %q", texts)
	}
}

// TestMergeReportSaysYourLayerWasKept: a colleague's file that holds
// spans in the merging person's own layer has them left out (a merge
// never changes your layer), and the report says so; the helper's walk
// found them skipped without a word.
func TestMergeReportSaysYourLayerWasKept(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	benPath := filepath.Join(dir, "ben.margin")
	bensProject(t, benPath)
	ben, err := mstorage.Open(context.Background(), benPath)
	if err != nil {
		t.Fatal(err)
	}
	mine := &model.Annotation{DocID: 1, Annotator: w.annotator, Label: "ACTOR", Fragments: []model.Fragment{{Start: 10, End: 14}}}
	if err := ben.CreateAnnotations(context.Background(), []*model.Annotation{mine}); err != nil {
		t.Fatal(err)
	}
	ben.Close()
	w.Merge = fileMerge(db)
	merged := make(chan error, 1)
	w.runMerge(benPath, func(_ *model.MergeReport, err error) { merged <- err })
	if err := wait(t, merged); err != nil {
		t.Fatal(err)
	}
	want := "Your layer (" + w.annotator + ") is kept as it is: 1 item of it in ben.margin not copied."
	if texts := overlayTexts(w); !hasText(texts, "1 new annotations") || !hasText(texts, want) {
		t.Fatalf("merge report %q, want it to say %q", texts, want)
	}
}

// fileMerge is the window's Merge of a colleague's file into db, as
// cmd/margin wires it for a project file.
func fileMerge(db *mstorage.DB) func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error) {
	return func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error) {
		o, err := mstorage.OpenReadOnly(ctx, path)
		if err != nil {
			return nil, err
		}
		defer o.Close()
		return db.MergeProgress(ctx, o, local, progress)
	}
}
