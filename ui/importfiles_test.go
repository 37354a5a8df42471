package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/dataset"
)

// TestImportFormImportsSeveralFiles: Fyne's file dialog picks one file,
// so importing several from the window needed one Import per file (or a
// drag and drop). The Import form gathers files with "Add file…" (each a
// file chooser) and imports them all in one go; its confirm button says
// so ("Import 2 files"), a file added twice is listed once, and a file
// removed from the list is not imported. With no file listed the button
// still picks one ("Choose file…").
func TestImportFormImportsSeveralFiles(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	before, _ := db.Documents(context.Background())
	d := w.importForm()
	w.win.Canvas().Focused().(*escSelect).SetSelected("text")
	overlayButton(t, w, "Choose file…")

	// Add file… opens a chooser over the form.
	test.Tap(overlayButton(t, w, "Add file…"))
	if n := len(w.win.Canvas().Overlays().List()); n != 2 {
		t.Fatalf("Add file… shows %d overlays, want the form and a file chooser", n)
	}
	w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())

	corpus := filepath.Join("..", "..", "shared", "corpus")
	talks := filepath.Join(corpus, "synthetic-black-sea-talks.txt")
	report := filepath.Join(corpus, "synthetic-frontline-report.txt")
	call := filepath.Join(corpus, "ceasefire-call.txt")
	for _, p := range []string{talks, report, talks, call} { // what the choosers return
		w.importFiles.add(p)
	}
	overlayButton(t, w, "Import 3 files")
	w.importFiles.remove(call)
	overlayButton(t, w, "Import 2 files")

	ended := make(chan error, 1)
	w.importDone = func(_ *dataset.ImportSummary, err error) { ended <- err }
	d.Submit()
	awaitEnded(t, ended, "the import of the files listed")
	after, _ := db.Documents(context.Background())
	names := map[string]bool{}
	for _, doc := range after {
		names[doc.Name] = true
	}
	if len(after) != len(before)+2 || !names["synthetic-black-sea-talks"] || !names["synthetic-frontline-report"] {
		t.Fatalf("after importing 2 files the project holds %d documents (%d before): %v", len(after), len(before), names)
	}
}

// awaitEnded waits for an import or export the window started to end,
// without error.
func awaitEnded(t *testing.T, ended <-chan error, what string) {
	t.Helper()
	select {
	case err := <-ended:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not end in 30 s", what)
	}
}

// TestImportFormFitsAnySmallWindow: with 7 files listed the Import form
// was taller than an 800×600 window and its buttons covered the list; a
// folder listed was counted as a file, with nothing to tell it from one.
// The list scrolls past 4 files, so the form keeps its height; a folder
// shows with a trailing slash and is counted as a folder.
func TestImportFormFitsAnySmallWindow(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.win.Resize(fyne.NewSize(800, 600))
	d := w.importForm()
	w.win.Canvas().Focused().(*escSelect).SetSelected("text")
	var heights []float32
	for i := range 9 {
		p := filepath.Join(dir, fmt.Sprintf("note-%d.txt", i))
		os.WriteFile(p, []byte(fmt.Sprintf("Note %d about a ceasefire.", i)), 0o644)
		w.importFiles.add(p)
		heights = append(heights, d.MinSize().Height)
	}
	if grown := heights[8] - heights[4]; grown > 1 {
		t.Errorf("the form grew by %.0f px from 5 to 9 files (heights %v), want it to scroll", grown, heights)
	}
	if h := d.MinSize().Height; h > 600 {
		t.Errorf("with 9 files the form needs %.0f px, more than an 800×600 window", h)
	}
	sub := filepath.Join(dir, "more")
	os.Mkdir(sub, 0o755)
	w.importFiles.add(sub)
	overlayButton(t, w, "Import 9 files and 1 folder")
	var shown []string
	eachObject(w.importFiles.rows, func(o fyne.CanvasObject) {
		if m, ok := o.(*midLabel); ok {
			shown = append(shown, m.full)
		}
	})
	if len(shown) != 10 || shown[9] != "more"+string(filepath.Separator) {
		t.Errorf("the list shows %q, want the folder last as more/", shown)
	}
}
