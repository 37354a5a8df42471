package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (ed *schemaEditor) buildDocSetsTab() fyne.CanvasObject {
	ed.docBox = container.NewVBox()
	return ed.rowsTab(ed.docBox, "Add document label set", func() { ed.e.AddDocSet() }, ed.rebuildDocSets)
}

// rebuildDocSets lays out one row per document label set: name, values,
// whether several values may be chosen.
func (ed *schemaEditor) rebuildDocSets() {
	ed.docBox.RemoveAll()
	sets := ed.e.Schema().DocLabelSets
	if len(sets) == 0 {
		ed.docBox.Add(widget.NewLabel("No document label sets. A set classifies a whole document, e.g. relevance: relevant, irrelevant."))
	}
	for i, d := range sets {
		name := newEscEntry()
		name.SetText(d.Name)
		name.PlaceHolder = "set name"
		name.OnChanged = func(s string) { ed.e.SetDocSetName(i, s); ed.changed() }
		values := newEscEntry()
		values.SetText(strings.Join(d.Values, ", "))
		values.PlaceHolder = "values, comma-separated"
		values.OnChanged = func(s string) { ed.e.SetDocSetValues(i, s); ed.changed() }
		multi := newKeyCheck("multiple", func(on bool) { ed.e.SetDocSetMultiple(i, on); ed.changed() })
		multi.Checked = d.Multiple
		del := newKeyButton("", theme.DeleteIcon(), func() {
			ed.e.RemoveDocSet(i)
			ed.rebuildDocSets()
			ed.changed()
		})
		ed.docBox.Add(container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(220, name.MinSize().Height), name),
			container.NewHBox(multi, del), values))
	}
	ed.docBox.Refresh()
}
