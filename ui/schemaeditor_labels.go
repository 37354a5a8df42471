package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// buildLabelsTab is the list of labels (swatch, name, hotkey) beside the
// selected label's form.
func (ed *schemaEditor) buildLabelsTab() fyne.CanvasObject {
	ed.labelList = newKeyList(
		func() int { return len(ed.labels()) },
		func() fyne.CanvasObject {
			sw := canvas.NewRectangle(color.Gray{Y: 128})
			sw.SetMinSize(fyne.NewSize(14, 14))
			sw.CornerRadius = 3
			return container.NewBorder(nil, nil, container.NewCenter(sw), widget.NewLabel("0"), widget.NewLabel("LABEL_NAME_LONG"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			labels := ed.labels()
			if i >= len(labels) {
				return
			}
			l := labels[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(l.Name)
			c.Objects[0].(*widget.Label).Truncation = fyne.TextTruncateEllipsis
			sw := c.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
			sw.FillColor = parseHex(l.Color)
			sw.Refresh()
			c.Objects[2].(*widget.Label).SetText(l.Hotkey)
		},
	)
	ed.labelList.OnSelected = func(i widget.ListItemID) {
		if i != ed.cur {
			ed.selectLabel(i)
		}
	}
	add := newKeyButton("Add", theme.ContentAddIcon(), func() {
		i := ed.e.AddLabel()
		ed.labelList.Refresh()
		ed.labelList.Select(i)
		ed.selectLabel(i)
		ed.rebuildRelations()
		ed.changed()
	})
	remove := newKeyButton("Remove", theme.ContentRemoveIcon(), func() { ed.removeLabel(ed.cur) })
	ed.detail = container.NewVBox()
	left := container.NewBorder(widget.NewLabelWithStyle("Labels", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, add, remove), nil, nil, ed.labelList)
	split := container.NewHSplit(left, container.NewVScroll(ed.detail))
	split.Offset = 0.27
	return split
}

func (ed *schemaEditor) removeLabel(i int) {
	if ed.e.Label(i) == nil {
		return
	}
	ed.e.RemoveLabel(i)
	ed.showLabelAfterListChange(min(i, len(ed.labels())-1))
}

// showLabelAfterListChange reselects label j (-1: none) once labels were
// removed or merged, so that the list and the form agree.
func (ed *schemaEditor) showLabelAfterListChange(j int) {
	ed.labelList.UnselectAll()
	ed.labelList.Refresh()
	ed.cur = -1
	if j >= 0 {
		ed.labelList.Select(j)
	}
	ed.selectLabel(j)
	ed.rebuildRelations()
	ed.changed()
}

// selectLabel shows label i's form.
func (ed *schemaEditor) selectLabel(i int) {
	ed.cur = i
	ed.detail.RemoveAll()
	ed.nameEntry, ed.colorEntry, ed.hotkeyEntry, ed.guideline = nil, nil, nil, nil
	l := ed.e.Label(i)
	if l == nil {
		ed.detail.Add(widget.NewLabel("No label selected. Add one with the button on the left."))
		ed.detail.Refresh()
		return
	}
	renamedFrom := widget.NewLabel("")
	renamedFrom.Importance = widget.LowImportance
	showRename := func() {
		if o := ed.e.RenamedFrom(i); o != "" {
			renamedFrom.SetText("renamed from " + o + ": its annotations follow")
			renamedFrom.Show()
		} else {
			renamedFrom.SetText("")
			renamedFrom.Hide()
		}
	}
	showRename()
	name := newEscEntry()
	name.SetText(l.Name)
	name.OnChanged = func(s string) {
		ed.e.RenameLabel(i, strings.TrimSpace(s))
		ed.labelList.RefreshItem(i)
		ed.rebuildRelations()
		showRename()
		ed.changed()
	}

	swatch := canvas.NewRectangle(parseHex(l.Color))
	swatch.SetMinSize(fyne.NewSize(28, 28))
	swatch.CornerRadius = 4
	colorEntry := newEscEntry()
	colorEntry.SetText(l.Color)
	colorEntry.OnChanged = func(s string) {
		ed.e.SetColor(i, s)
		swatch.FillColor = parseHex(s)
		swatch.Refresh()
		ed.labelList.RefreshItem(i)
		ed.changed()
	}
	pick := newKeyButton("Pick…", theme.ColorPaletteIcon(), func() {
		p := dialog.NewColorPicker("Label colour", ed.e.Label(i).Name, func(c color.Color) {
			colorEntry.SetText(hexOf(c)) // OnChanged stores it
		}, ed.win)
		p.Advanced = true
		p.SetColor(parseHex(ed.e.Label(i).Color))
		p.Show()
	})
	hotkey := newEscEntry()
	hotkey.SetText(l.Hotkey)
	hotkey.PlaceHolder = "one key, e.g. 1"
	hotkey.OnChanged = func(s string) {
		ed.e.SetHotkey(i, s)
		ed.labelList.RefreshItem(i)
		ed.changed()
	}
	guide := newGuidelineEditor(l.Description, func(s string) { ed.e.SetGuideline(i, s); ed.changed() })

	form := widget.NewForm(
		widget.NewFormItem("Name", container.NewVBox(name, renamedFrom)),
		widget.NewFormItem("Colour", container.NewBorder(nil, nil, swatch, pick, colorEntry)),
		widget.NewFormItem("Hotkey", hotkey),
	)
	ed.detail.Add(form)
	if m := ed.e.MergedInto(i); len(m) > 0 {
		note := widget.NewLabel("merged here: " + strings.Join(m, ", ") + " (their annotations become " + l.Name + " when you save)")
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		ed.detail.Add(note)
	}
	ed.detail.Add(ed.mergeRow(i))
	ed.detail.Add(widget.NewSeparator())
	ed.detail.Add(guide.object)
	ed.detail.Add(widget.NewSeparator())
	ed.detail.Add(ed.attributesBlock(i))
	ed.detail.Refresh()
	ed.nameEntry, ed.colorEntry, ed.hotkeyEntry, ed.guideline = name, colorEntry, hotkey, guide
}

// mergeRow offers to merge label i into another label: i goes, and its
// annotations take the other label when the schema is saved (Cancel
// forgets it, as every edit here).
func (ed *schemaEditor) mergeRow(i int) fyne.CanvasObject {
	var others []string
	for j, l := range ed.labels() {
		if j != i {
			others = append(others, l.Name)
		}
	}
	target := newKeySelect(others, nil)
	target.PlaceHolder = "another label"
	merge := newKeyButton("Merge into", theme.MoveDownIcon(), nil)
	merge.Disable()
	target.OnChanged = func(string) { merge.Enable() }
	merge.OnTapped = func() { ed.mergeLabel(i, target.Selected) }
	ed.mergeTarget, ed.mergeBtn = target, merge
	return container.NewBorder(nil, nil, merge, nil, target)
}

// mergeLabel merges label i into the label named into and shows that one.
func (ed *schemaEditor) mergeLabel(i int, into string) {
	j := ed.e.IndexOfName(into)
	if j < 0 || j == i {
		return
	}
	ed.e.MergeLabel(i, j)
	if j > i {
		j--
	}
	ed.showLabelAfterListChange(j)
}
