package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
)

// doccano's text-classification export imported in the window: the
// classes become a document-label set of the schema, shown as toggles
// above the text with the imported class selected.
func TestImportedDocLabelsShowAsToggles(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	done := make(chan error, 1)
	in := realdata.Path(t, "doccano/export_text_classification.jsonl")
	w.runImportWith("doccano", in, false, formats.ImportOptions{}, func(_ *dataset.ImportSummary, err error) { done <- err })
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	i := -1
	for n, d := range w.docs {
		if d.Name == "export_text_classification-1" {
			i = n
		}
	}
	if i < 0 {
		t.Fatalf("imported document not listed: %+v", w.docs)
	}
	w.openDocument(i)
	// The set's name, then its toggles (after the schema's own sets).
	var rg *widget.RadioGroup
	objs := w.docLabels.Objects
	for n, o := range objs {
		if l, ok := o.(*widget.Label); ok && l.Text == "label:" && n+1 < len(objs) {
			rg, _ = objs[n+1].(*widget.RadioGroup)
		}
	}
	if rg == nil || len(rg.Options) != 2 || rg.Options[0] != "negative" || rg.Selected != "negative" {
		t.Fatalf("toggles: %+v", rg)
	}
}
