package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/storage"
)

// overlaySelect is the escSelect of the top dialog whose first option
// starts with prefix.
func overlaySelect(t *testing.T, w *Window, prefix string) *escSelect {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*escSelect); ok && len(s.Options) > 0 && strings.HasPrefix(s.Options[0], prefix) {
			return s
		}
	}
	t.Fatalf("no choice starting %q in the top dialog: %q", prefix, overlayTexts(w))
	return nil
}

// overlaySelectShowing is the choice in the top dialog showing value.
func overlaySelectShowing(t *testing.T, w *Window, value string) *escSelect {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*escSelect); ok && s.Selected == value {
			return s
		}
	}
	t.Fatalf("no choice showing %q in the top dialog: %q", value, overlayTexts(w))
	return nil
}

// TestFormsShowOnlyTheOptionsAFormatHas: for every format the Export
// form shows "CoNLL tags" exactly when the format declares the scheme
// option (conll, not jsonl or doccano), always the layer and document
// choices; the Import form shows the text and label fields exactly for
// the formats that read them (not for plain text).
func TestFormsShowOnlyTheOptionsAFormatHas(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)

	w.exportDialog(nil)
	format := w.win.Canvas().Focused().(*escSelect)
	for _, n := range all.Names() {
		f, _ := all.Lookup(n)
		if f.NewExporter == nil {
			continue
		}
		format.SetSelected(n)
		texts := overlayTexts(w)
		if got, want := hasText(texts, "CoNLL tags"), f.Exports(formats.OptScheme); got != want {
			t.Errorf("export %s: CoNLL tags shown %v, declared %v: %q", n, got, want, texts)
		}
		if !hasText(texts, "layer") || !hasText(texts, "every document (2)") {
			t.Errorf("export %s: no layer or document choice: %q", n, texts)
		}
		if n == "doccano" {
			capture(t, w, "export-form-doccano.png")
		}
	}
	for _, n := range []string{"jsonl", "doccano"} {
		format.SetSelected(n)
		if hasText(overlayTexts(w), "CoNLL tags") {
			t.Errorf("export %s offers CoNLL tags", n)
		}
	}
	format.SetSelected("conll")
	if !hasText(overlayTexts(w), "CoNLL tags") {
		t.Error("export conll lacks its tag scheme")
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	w.importForm()
	format = w.win.Canvas().Focused().(*escSelect)
	for _, n := range format.Options {
		f, _ := all.Lookup(n)
		format.SetSelected(n)
		texts := overlayTexts(w)
		if got, want := hasText(texts, "text field"), f.Imports(formats.OptTextField); got != want {
			t.Errorf("import %s: text field shown %v, declared %v", n, got, want)
		}
		if got, want := hasText(texts, "label field"), f.Imports(formats.OptLabelField); got != want {
			t.Errorf("import %s: label field shown %v, declared %v", n, got, want)
		}
	}
	format.SetSelected("text")
	if texts := overlayTexts(w); hasText(texts, "text field") || hasText(texts, "label field") {
		t.Errorf("import text shows fields it does not read: %q", texts)
	}
	format.SetSelected("doccano")
	if texts := overlayTexts(w); !hasText(texts, "text field") || !hasText(texts, "label field") {
		t.Errorf("import doccano lacks its renamable fields: %q", texts)
	}
}

// TestExportFormWritesTheChosenDocuments: ticking one of two documents in
// the Export form and saving where the Save dialog starts (the project's
// folder) writes a JSONL file that the jsonl reader reads back as that
// one document.
func TestExportFormWritesTheChosenDocuments(t *testing.T) {
	rememberChooserDir("")
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	docs, err := db.Documents(w.ctx)
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents: %v %v", docs, err)
	}

	w.exportDialog(nil)
	overlaySelect(t, w, "every document").SetSelected(docsChosen)
	ticked := 0
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*keyCheck); ok && strings.HasPrefix(c.Text, "second ") {
			c.SetChecked(true)
			ticked++
		}
	}
	if ticked != 1 {
		t.Fatalf("%d boxes for the second document after %q: %q", ticked, docsChosen, overlayTexts(w))
	}
	capture(t, w, "export-form-chosen.png")
	test.Tap(overlayButton(t, w, "Choose destination…"))
	test.Tap(overlayButton(t, w, "Save"))

	out := filepath.Join(dir, "p.jsonl")
	// The export runs on its own goroutine, and Fyne's test driver runs
	// its progress updates (fyne.Do) there too: the canvas is looked at
	// only once the export has ended (endOp comes after its last update).
	deadline := time.Now().Add(30 * time.Second)
	for len(w.runningNow()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("export still running after 30 s: %q", w.runningNow())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !hasText(overlayTexts(w), "Export finished") {
		t.Fatalf("no export finished; %s: %v; dialogs: %q", out, statErr(out), overlayTexts(w))
	}
	f, _ := all.Lookup("jsonl")
	imp, err := f.Import(out, formats.ImportOptions{Annotator: "x"})
	if err != nil {
		t.Fatalf("read back %s: %v", out, err)
	}
	second, err := db.Document(w.ctx, docs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 1 || imp.Docs[0].Doc.Name != "second" || imp.Docs[0].Doc.Text != second.Text {
		t.Fatalf("exported %d documents %+v, want only \"second\"", len(imp.Docs), imp.Docs)
	}
}

func statErr(p string) error {
	_, err := os.Stat(p)
	return err
}

// TestFileChoosersStartInTheProjectFolder: the Open and Import choosers
// start in the project's folder, and after a file was chosen elsewhere,
// in that folder.
func TestFileChoosersStartInTheProjectFolder(t *testing.T) {
	rememberChooserDir("")
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	os.WriteFile(filepath.Join(dir, "aa1.txt"), []byte("x"), 0o644)
	w.pickFile(nil, func(string) {})
	if texts := overlayTexts(w); !hasText(texts, "aa1") {
		t.Fatalf("the chooser does not start in the project's folder %s: %q", dir, texts)
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "bb2.txt"), []byte("x"), 0o644)
	rememberChooserDir(other) // as choosing a file there does
	w.pickFile([]string{".txt"}, func(string) {})
	if texts := overlayTexts(w); !hasText(texts, "bb2") {
		t.Fatalf("the chooser does not start in the last folder used: %q", texts)
	}
}

// TestChoosersStartBesideARelativeProjectAndInsideAFolderExport: a
// project opened by a relative name (margin p.margin) made the choosers
// start in $HOME, and after a brat export into a folder the next chooser
// started in that folder's parent. They start beside the project, and
// after the export in the folder the export went into.
func TestChoosersStartBesideARelativeProjectAndInsideAFolderExport(t *testing.T) {
	rememberChooserDir("")
	dir := t.TempDir()
	demoProject(t, filepath.Join(dir, "p.margin")).Close()
	t.Chdir(dir)
	db, err := storage.Open(context.Background(), "p.margin")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := openWindow(t, db)
	os.WriteFile(filepath.Join(dir, "aa1.txt"), []byte("x"), 0o644)
	w.pickFile(nil, func(string) {})
	if texts := overlayTexts(w); !hasText(texts, "aa1") {
		t.Fatalf("the chooser of a project opened as p.margin does not start beside it in %s: %q", dir, texts)
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	out := filepath.Join(t.TempDir(), "exports")
	os.Mkdir(out, 0o755)
	f, _ := all.Lookup("brat")
	ended := make(chan error, 1)
	w.exportIntoFolder(f, "ana", "", nil, out, func(_ []string, err error) { ended <- err })
	awaitEnded(t, ended, "the brat export")
	if _, err := os.Stat(filepath.Join(out, "p-brat")); err != nil {
		t.Fatalf("the brat export is not in the folder chosen: %v", err)
	}
	for w.win.Canvas().Overlays().Top() != nil { // "Export finished"
		w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())
	}
	w.pickFile(nil, func(string) {})
	if texts := overlayTexts(w); !hasText(texts, "p-brat") || !hasText(texts, "exports") {
		t.Fatalf("after the brat export the chooser does not start in %s, where it is: %q", out, texts)
	}
}

// TestExportFormComesBackAfterNoDocumentTicked: "Chosen documents…" with
// none ticked, then Choose destination…, showed why and closed the form
// with every choice made in it. The form comes back under the message,
// its choices as they were.
func TestExportFormComesBackAfterNoDocumentTicked(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.exportDialog(nil)
	overlaySelectShowing(t, w, "jsonl").SetSelected("conll")
	overlaySelect(t, w, "every document").SetSelected(docsChosen)
	test.Tap(overlayButton(t, w, "Choose destination…"))
	if !hasText(overlayTexts(w), "tick the documents to export") {
		t.Fatalf("no message for no document ticked: %q", overlayTexts(w))
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top()) // OK
	overlayButton(t, w, "Choose destination…")
	overlaySelectShowing(t, w, "conll")
	overlaySelectShowing(t, w, docsChosen)
}

// TestFolderExportSaysWhereItWrites: a brat export's folder chooser was
// Fyne's "Open Folder", which said nothing of the export. It is titled
// with what is written where: a new p-brat folder inside the one chosen.
func TestFolderExportSaysWhereItWrites(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.exportDialog(nil)
	overlaySelectShowing(t, w, "jsonl").SetSelected("brat")
	test.Tap(overlayButton(t, w, "Choose destination…"))
	if want := "Export into a folder (a new p-brat inside it)"; !hasText(overlayTexts(w), want) {
		t.Fatalf("the folder chooser is not titled %q: %q", want, overlayTexts(w))
	}
}
