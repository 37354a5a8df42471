package ui

import (
	"runtime"
	"testing"
	"weak"

	"fyne.io/fyne/v2/test"
)

// TestLabelAllPreviewDoesNotKeepTheDocumentsIndex: once its preview is
// closed and another document opened, the text index of the document
// previewed can go. The preview's rows held it (through their row func)
// for as long as Fyne caches the rows: in the 1,000-action soak of
// bench/gui.py each label-all on the 1 MB document kept 3.8 MB for a
// minute, the Go heap 53 → 108 MB.
func TestLabelAllPreviewDoesNotKeepTheDocumentsIndex(t *testing.T) {
	w, _ := secondDocWithSpan(t)
	old := weak.Make(w.ix)
	w.search.labelAs.SetSelected("CEASEFIRE_TERM")
	if !hasText(overlayTexts(w), "holds; the [ceasefire] is fragile.") {
		t.Fatal("no preview")
	}
	test.Tap(dialogButton(t, w, "Cancel"))
	w.nextDocument(-1)
	if old.Value() == w.ix {
		t.Fatal("the other document did not open")
	}
	for range 3 {
		runtime.GC()
	}
	if old.Value() != nil {
		t.Fatal("the previewed document's text index is still held after the preview closed and another document opened")
	}
}
