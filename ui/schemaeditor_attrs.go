package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/schemaedit"
)

// attributesBlock lists label i's attributes, one row each, with a button
// to add one.
func (ed *schemaEditor) attributesBlock(i int) fyne.CanvasObject {
	attrs := container.NewVBox()
	var rebuild func()
	rebuild = func() {
		attrs.RemoveAll()
		for k, a := range ed.e.Label(i).Attributes {
			attrs.Add(ed.attributeRow(i, k, a, rebuild))
		}
		attrs.Refresh()
	}
	rebuild()
	add := newKeyButton("Add attribute", theme.ContentAddIcon(), func() {
		ed.e.AddAttribute(i)
		rebuild()
		ed.changed()
	})
	return container.NewVBox(widget.NewLabelWithStyle("Attributes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		attrs, container.NewHBox(add))
}

// attributeRow edits attribute k of label i: name, type, enum values.
func (ed *schemaEditor) attributeRow(i, k int, a model.AttributeDef, rebuild func()) fyne.CanvasObject {
	name := newEscEntry()
	name.SetText(a.Name)
	name.PlaceHolder = "name"
	name.OnChanged = func(s string) { ed.e.SetAttrName(i, k, s); ed.changed() }
	values := newEscEntry()
	values.SetText(strings.Join(a.Values, ", "))
	values.PlaceHolder = "enum values, comma-separated"
	values.OnChanged = func(s string) { ed.e.SetAttrValues(i, k, s); ed.changed() }
	typ := newKeySelect(schemaedit.AttrTypes, nil)
	typ.SetSelected(a.Type)
	if a.Type != model.AttrEnum {
		values.Disable()
	}
	typ.OnChanged = func(t string) {
		ed.e.SetAttrType(i, k, t)
		if t == model.AttrEnum {
			values.Enable()
			ed.e.SetAttrValues(i, k, values.Text)
		} else {
			values.Disable()
		}
		ed.changed()
	}
	del := newKeyButton("", theme.DeleteIcon(), func() {
		ed.e.RemoveAttribute(i, k)
		rebuild()
		ed.changed()
	})
	left := container.NewGridWithColumns(2, name, typ)
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(250, left.MinSize().Height), left), del, values)
}
