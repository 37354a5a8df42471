package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/formats"
)

// formRows holds the rows of an Import or Export form that depend on the
// chosen format: an inner form rebuilt from the rows the format declares
// (formats.Format ImportFields / ExportFields), so a row the format does
// not read is not there at all rather than greyed out.
type formRows struct {
	box  *fyne.Container
	form *widget.Form
}

func newFormRows() *formRows {
	r := &formRows{box: container.NewStack()}
	r.set()
	return r
}

// set replaces the rows with items (none: the rows take no room).
func (r *formRows) set(items ...*widget.FormItem) {
	r.form = widget.NewForm(items...)
	r.box.Objects = []fyne.CanvasObject{r.form}
	r.box.Refresh()
}

// The Export form's document choices.
const (
	docsEvery  = "every document"
	docsShown  = "the list as shown"
	docsOpen   = "the open document"
	docsChosen = "chosen documents…"
)

// exportDocs is the Export form's choice of documents: every document,
// the list as its filter shows it (by status or annotator), the open
// document, or documents ticked in a list.
type exportDocs struct {
	w      *Window
	choice *escSelect
	chosen *checkList
	ids    map[string]int64 // a ticked option's document
	texts  map[string]string
}

func newExportDocs(w *Window) *exportDocs {
	e := &exportDocs{w: w, ids: map[string]int64{}, texts: map[string]string{}}
	every := w.allDocuments()
	var opts []string
	add := func(key, text string) {
		e.texts[text] = key
		opts = append(opts, text)
	}
	add(docsEvery, fmt.Sprintf("%s (%d)", docsEvery, len(every)))
	if len(w.docs) != len(every) {
		add(docsShown, fmt.Sprintf("%s (%d)", docsShown, len(w.docs)))
	}
	if w.doc != nil {
		add(docsOpen, docsOpen+": "+w.doc.Name)
	}
	add(docsChosen, docsChosen)
	e.choice = newEscSelect(opts)
	e.choice.SetSelected(opts[0])
	var names []string
	for _, d := range every {
		// The id keeps two documents of one name apart.
		n := fmt.Sprintf("%s  #%d", d.Name, d.ID)
		e.ids[n] = d.ID
		names = append(names, n)
	}
	e.chosen = newCheckList(names)
	return e
}

// key is the choice made (docsEvery, docsShown, ...).
func (e *exportDocs) key() string { return e.texts[e.choice.Selected] }

// list is the ticked documents' box, shown only for docsChosen.
func (e *exportDocs) list() fyne.CanvasObject {
	s := container.NewVScroll(e.chosen.box)
	s.SetMinSize(fyne.NewSize(360, 160))
	return s
}

// only is the documents to export: nil for every document.
func (e *exportDocs) only() []int64 {
	switch e.key() {
	case docsShown:
		out := []int64{}
		for _, d := range e.w.docs {
			out = append(out, d.ID)
		}
		return out
	case docsOpen:
		return []int64{e.w.doc.ID}
	case docsChosen:
		out := []int64{}
		for _, n := range e.chosen.selected() {
			out = append(out, e.ids[n])
		}
		return out
	}
	return nil
}

// exportRows are the rows for format f after the format and layer rows:
// the document choice (with the list when documents are ticked) and the
// options f declares.
func exportRows(f *formats.Format, docs *exportDocs, scheme *escSelect) []*widget.FormItem {
	items := []*widget.FormItem{widget.NewFormItem("documents", docs.choice)}
	if docs.key() == docsChosen {
		items = append(items, widget.NewFormItem("", docs.list()))
	}
	if f.Exports(formats.OptScheme) {
		items = append(items, widget.NewFormItem("CoNLL tags", scheme))
	}
	return items
}
