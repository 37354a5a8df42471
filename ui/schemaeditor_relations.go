package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (ed *schemaEditor) buildRelationsTab() fyne.CanvasObject {
	ed.relBox = container.NewVBox()
	return ed.rowsTab(ed.relBox, "Add relation type", func() { ed.e.AddRelation() }, ed.rebuildRelations)
}

// rebuildRelations lays out one block per relation type: its name and
// the labels allowed at either end, as check boxes.
func (ed *schemaEditor) rebuildRelations() {
	ed.relBox.RemoveAll()
	rels := ed.e.Schema().Relations
	if len(rels) == 0 {
		ed.relBox.Add(widget.NewLabel("No relation types. A relation links two spans, e.g. a claim claimed_by an ACTOR."))
	}
	for k, r := range rels {
		name := newEscEntry()
		name.SetText(r.Name)
		name.OnChanged = func(s string) { ed.e.SetRelationName(k, s); ed.changed() }
		del := newKeyButton("", theme.DeleteIcon(), func() {
			ed.e.RemoveRelation(k)
			ed.rebuildRelations()
			ed.changed()
		})
		ed.relBox.Add(container.NewBorder(nil, nil, widget.NewLabelWithStyle("Relation", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), del, name))
		ed.relBox.Add(widget.NewLabel("from (source labels):"))
		ed.relBox.Add(ed.relationEnds(k, true))
		ed.relBox.Add(widget.NewLabel("to (target labels):"))
		ed.relBox.Add(ed.relationEnds(k, false))
		ed.relBox.Add(widget.NewSeparator())
	}
	ed.relBox.Refresh()
}

// relationEnds is one check box per label: allowed at relation type k's
// source (from) or target end.
func (ed *schemaEditor) relationEnds(k int, from bool) fyne.CanvasObject {
	grid := container.NewGridWithColumns(3)
	for i, l := range ed.labels() {
		c := newKeyCheck(l.Name, nil)
		c.Checked = ed.e.Allows(k, from, i)
		c.OnChanged = func(on bool) { ed.e.SetRelationEnd(k, from, i, on); ed.changed() }
		grid.Add(c)
	}
	return grid
}
