package ui

import (
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// SchemaSaveFunc stores an edited schema. renames maps old label names to
// new ones so that annotations can follow; force deletes the annotations
// of labels that were removed. An error keeps the editor open; when the
// edit removed labels, the editor then offers to retry with force.
type SchemaSaveFunc func(next *model.Schema, renames map[string]string, force bool) error

// ShowSchemaEditor opens the schema editor on a copy of current: labels
// (name, colour, hotkey, description, attributes), relation types,
// document label sets and allow_overlap, validated after every change.
// Save is disabled while the copy is invalid; it calls onSave.
func ShowSchemaEditor(win fyne.Window, current *model.Schema, onSave SchemaSaveFunc) {
	newSchemaEditor(win, current, onSave).show()
}

// ---- editing model (no widgets; tested directly) ----

// schemaEdit is the working copy of a schema being edited, remembering the
// original name of every label so that renames can be reported.
type schemaEdit struct {
	s    *model.Schema
	orig []string // orig[i]: name s.Labels[i] had when editing began ("" new)
	was  map[string]bool
	// Relation ends are kept by label identity (ids[i] for s.Labels[i]),
	// so renames, even through a transient duplicate name, carry them.
	ids    []int
	nextID int
	ends   []relEnds // parallel to s.Relations
	// merged maps the original name of a label merged into another to that
	// label's identity (an ids value): on save it is a rename onto that
	// label's name, so its annotations take that label.
	merged map[string]int
}

type relEnds struct{ from, to []int }

var labelPalette = []string{"#e4572e", "#1e88e5", "#43a047", "#8e24aa", "#f2b800", "#00897b", "#d81b60", "#6d4c41", "#3949ab", "#7cb342", "#fb8c00", "#546e7a"}

func newSchemaEdit(cur *model.Schema) *schemaEdit {
	e := &schemaEdit{s: cloneSchema(cur), was: map[string]bool{}, merged: map[string]int{}}
	byName := map[string]int{}
	for _, l := range e.s.Labels {
		e.orig = append(e.orig, l.Name)
		e.was[l.Name] = true
		e.ids = append(e.ids, e.nextID)
		if _, dup := byName[l.Name]; !dup {
			byName[l.Name] = e.nextID
		}
		e.nextID++
	}
	toIDs := func(names []string) []int {
		var out []int
		for _, n := range names {
			if id, ok := byName[n]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	for _, r := range e.s.Relations {
		e.ends = append(e.ends, relEnds{toIDs(r.From), toIDs(r.To)})
	}
	return e
}

// sync rewrites the relation types' label names from the ends kept by
// identity, in the schema's label order.
func (e *schemaEdit) sync() {
	for k := range e.s.Relations {
		e.s.Relations[k].From = e.namesOf(e.ends[k].from)
		e.s.Relations[k].To = e.namesOf(e.ends[k].to)
	}
}

func (e *schemaEdit) namesOf(ids []int) []string {
	set := map[int]bool{}
	for _, id := range ids {
		set[id] = true
	}
	var out []string
	for i, id := range e.ids {
		if set[id] {
			out = append(out, e.s.Labels[i].Name)
		}
	}
	return out
}

func cloneSchema(s *model.Schema) *model.Schema {
	out := &model.Schema{}
	if s == nil {
		return out
	}
	out.AllowOverlap = s.AllowOverlap
	for _, l := range s.Labels {
		c := l
		c.Attributes = nil
		for _, a := range l.Attributes {
			a.Values = append([]string(nil), a.Values...)
			c.Attributes = append(c.Attributes, a)
		}
		out.Labels = append(out.Labels, c)
	}
	for _, r := range s.Relations {
		c := r // every field (Equivalence too), with lists of its own
		c.From, c.To = append([]string(nil), r.From...), append([]string(nil), r.To...)
		out.Relations = append(out.Relations, c)
	}
	for _, d := range s.DocLabelSets {
		out.DocLabelSets = append(out.DocLabelSets, model.DocLabelSet{Name: d.Name,
			Values: append([]string(nil), d.Values...), Multiple: d.Multiple})
	}
	return out
}

// validate runs Schema.Validate and refuses renames the store would apply
// ambiguously: onto a name that is itself being renamed (a swap or chain)
// or onto a removed label (its annotations would silently merge).
func (e *schemaEdit) validate() error {
	e.sync()
	if err := e.s.Validate(); err != nil {
		return err
	}
	rn := e.renames()
	removed := map[string]bool{}
	for _, r := range e.dropped() {
		removed[r] = true
	}
	for i, l := range e.s.Labels {
		old := e.orig[i]
		if old == "" || old == l.Name {
			continue
		}
		if _, ok := rn[l.Name]; ok {
			return fmt.Errorf("%s is renamed to %s, which is itself being renamed: save one rename first", old, l.Name)
		}
		if removed[l.Name] {
			return fmt.Errorf("%s is renamed to %s, a label being removed: save the removal first", old, l.Name)
		}
	}
	for old, id := range e.merged {
		target := rn[old]
		if _, chained := rn[target]; chained && e.indexOf(id) >= 0 {
			return fmt.Errorf("%s is merged into %s, a name that is itself being renamed: save one change first", old, target)
		}
	}
	return nil
}

// result is a copy of the edited schema.
func (e *schemaEdit) result() *model.Schema {
	e.sync()
	e.normalize()
	return cloneSchema(e.s)
}

// renames maps each original label name to its current one, when changed,
// and each label merged into another to that label's current name.
func (e *schemaEdit) renames() map[string]string {
	m := map[string]string{}
	for i, l := range e.s.Labels {
		if e.orig[i] != "" && e.orig[i] != l.Name {
			m[e.orig[i]] = l.Name
		}
	}
	for old, id := range e.merged {
		if i := e.indexOf(id); i >= 0 && e.s.Labels[i].Name != old {
			m[old] = e.s.Labels[i].Name
		}
	}
	return m
}

// indexOfName returns the index of the label named name, or -1.
func (e *schemaEdit) indexOfName(name string) int {
	for i, l := range e.s.Labels {
		if l.Name == name {
			return i
		}
	}
	return -1
}

// indexOf returns the index of the label with identity id, or -1.
func (e *schemaEdit) indexOf(id int) int {
	for i, x := range e.ids {
		if x == id {
			return i
		}
	}
	return -1
}

// mergeLabel merges label i into label into: i goes, its annotations take
// into's label when the schema is saved, and relation types allowing i
// allow into instead. A label added in this edit has no annotations and
// simply goes.
func (e *schemaEdit) mergeLabel(i, into int) {
	if i < 0 || i >= len(e.s.Labels) || into < 0 || into >= len(e.s.Labels) || i == into {
		return
	}
	from, to := e.ids[i], e.ids[into]
	for k := range e.ends {
		e.ends[k].from = replaceID(e.ends[k].from, from, to)
		e.ends[k].to = replaceID(e.ends[k].to, from, to)
	}
	for old, id := range e.merged { // labels merged into i earlier follow it
		if id == from {
			e.merged[old] = to
		}
	}
	if o := e.orig[i]; o != "" {
		e.merged[o] = to
	}
	e.removeLabel(i)
}

// replaceID replaces from with to in ids, keeping each id once.
func replaceID(ids []int, from, to int) []int {
	out := ids[:0]
	seen := map[int]bool{}
	for _, id := range ids {
		if id == from {
			id = to
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// mergedInto lists the original labels merged into label i.
func (e *schemaEdit) mergedInto(i int) []string {
	var out []string
	for old, id := range e.merged {
		if i >= 0 && i < len(e.ids) && id == e.ids[i] {
			out = append(out, old)
		}
	}
	sortStrings(out)
	return out
}

// dropped lists the original labels that were deleted (not renamed, nor
// merged into a label still there).
func (e *schemaEdit) dropped() []string {
	kept := map[string]bool{}
	for _, o := range e.orig {
		kept[o] = true
	}
	for old, id := range e.merged {
		if e.indexOf(id) >= 0 {
			kept[old] = true
		}
	}
	var out []string
	for n := range e.was {
		if !kept[n] {
			out = append(out, n)
		}
	}
	sortStrings(out)
	return out
}

// removed lists the original labels whose annotations a save would delete:
// dropped and no label of that name added again.
func (e *schemaEdit) removed() []string {
	var out []string
	for _, n := range e.dropped() {
		if !e.hasLabel(n) {
			out = append(out, n)
		}
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func (e *schemaEdit) hasLabel(name string) bool {
	_, ok := e.s.Label(name)
	return ok
}

// addLabel appends a label with a fresh name and an unused palette colour
// and returns its index.
func (e *schemaEdit) addLabel() int {
	name := "NEW_LABEL"
	for k := 2; e.hasLabel(name); k++ {
		name = fmt.Sprintf("NEW_LABEL_%d", k)
	}
	used := map[string]bool{}
	for _, l := range e.s.Labels {
		used[strings.ToLower(l.Color)] = true
	}
	col := labelPalette[len(e.s.Labels)%len(labelPalette)]
	for _, c := range labelPalette {
		if !used[c] {
			col = c
			break
		}
	}
	e.s.Labels = append(e.s.Labels, model.Label{Name: name, Color: col})
	e.orig = append(e.orig, "")
	e.ids = append(e.ids, e.nextID)
	e.nextID++
	e.sync()
	return len(e.s.Labels) - 1
}

// removeLabel deletes label i and drops it from relation types.
func (e *schemaEdit) removeLabel(i int) {
	if i < 0 || i >= len(e.s.Labels) {
		return
	}
	e.s.Labels = append(e.s.Labels[:i], e.s.Labels[i+1:]...)
	e.orig = append(e.orig[:i], e.orig[i+1:]...)
	e.ids = append(e.ids[:i], e.ids[i+1:]...)
	e.sync()
}

// renameLabel renames label i; relation types follow it.
func (e *schemaEdit) renameLabel(i int, name string) {
	if i < 0 || i >= len(e.s.Labels) {
		return
	}
	e.s.Labels[i].Name = name
	e.sync()
}

func (e *schemaEdit) label(i int) *model.Label {
	if i < 0 || i >= len(e.s.Labels) {
		return nil
	}
	return &e.s.Labels[i]
}

func (e *schemaEdit) setColor(i int, hex string) {
	if l := e.label(i); l != nil {
		l.Color = strings.TrimSpace(hex)
	}
}

func (e *schemaEdit) setHotkey(i int, key string) {
	if l := e.label(i); l != nil {
		l.Hotkey = strings.TrimSpace(key)
	}
}

func (e *schemaEdit) setDescription(i int, d string) {
	if l := e.label(i); l != nil {
		l.Description = d
	}
}

// addAttribute appends a text attribute to label i and returns its index.
func (e *schemaEdit) addAttribute(i int) int {
	l := e.label(i)
	if l == nil {
		return -1
	}
	name := "attribute"
	for k := 2; hasAttr(l, name); k++ {
		name = fmt.Sprintf("attribute_%d", k)
	}
	l.Attributes = append(l.Attributes, model.AttributeDef{Name: name, Type: model.AttrText})
	return len(l.Attributes) - 1
}

func hasAttr(l *model.Label, name string) bool {
	for _, a := range l.Attributes {
		if a.Name == name {
			return true
		}
	}
	return false
}

func (e *schemaEdit) attr(i, k int) *model.AttributeDef {
	l := e.label(i)
	if l == nil || k < 0 || k >= len(l.Attributes) {
		return nil
	}
	return &l.Attributes[k]
}

func (e *schemaEdit) removeAttribute(i, k int) {
	if e.attr(i, k) != nil {
		l := e.label(i)
		l.Attributes = append(l.Attributes[:k], l.Attributes[k+1:]...)
	}
}

func (e *schemaEdit) setAttrName(i, k int, name string) {
	if a := e.attr(i, k); a != nil {
		a.Name = strings.TrimSpace(name)
	}
}

// setAttrType changes the type; values are kept only for enums.
func (e *schemaEdit) setAttrType(i, k int, typ string) {
	if a := e.attr(i, k); a != nil {
		a.Type = typ
	}
}

// setAttrValues sets an enum's values from comma-separated text.
func (e *schemaEdit) setAttrValues(i, k int, csv string) {
	if a := e.attr(i, k); a != nil {
		a.Values = splitList(csv)
	}
}

// result drops values of non-enum attributes (they would mean nothing).
func (e *schemaEdit) normalize() {
	for i := range e.s.Labels {
		for k := range e.s.Labels[i].Attributes {
			if a := &e.s.Labels[i].Attributes[k]; a.Type != model.AttrEnum {
				a.Values = nil
			}
		}
	}
}

// splitList splits comma-separated text, trimming and dropping blanks.
func splitList(csv string) []string {
	var out []string
	for _, p := range strings.Split(csv, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (e *schemaEdit) addRelation() int {
	name := "relation"
	for k := 2; e.hasRelation(name); k++ {
		name = fmt.Sprintf("relation_%d", k)
	}
	e.s.Relations = append(e.s.Relations, model.RelationType{Name: name})
	e.ends = append(e.ends, relEnds{})
	return len(e.s.Relations) - 1
}

func (e *schemaEdit) hasRelation(name string) bool {
	for _, r := range e.s.Relations {
		if r.Name == name {
			return true
		}
	}
	return false
}

func (e *schemaEdit) removeRelation(i int) {
	if i >= 0 && i < len(e.s.Relations) {
		e.s.Relations = append(e.s.Relations[:i], e.s.Relations[i+1:]...)
		e.ends = append(e.ends[:i], e.ends[i+1:]...)
	}
}

func (e *schemaEdit) setRelationName(i int, name string) {
	if i >= 0 && i < len(e.s.Relations) {
		e.s.Relations[i].Name = strings.TrimSpace(name)
	}
}

// setRelationEnd allows (on) or disallows label i as the source (from) or
// target of relation type k.
func (e *schemaEdit) setRelationEnd(k int, from bool, i int, on bool) {
	if k < 0 || k >= len(e.s.Relations) || i < 0 || i >= len(e.ids) {
		return
	}
	list := &e.ends[k].to
	if from {
		list = &e.ends[k].from
	}
	id := e.ids[i]
	out := (*list)[:0:0]
	for _, x := range *list {
		if x != id {
			out = append(out, x)
		}
	}
	if on {
		out = append(out, id)
	}
	*list = out
	e.sync()
}

func (e *schemaEdit) addDocSet() int {
	name := "document_label"
	for k := 2; e.hasDocSet(name); k++ {
		name = fmt.Sprintf("document_label_%d", k)
	}
	e.s.DocLabelSets = append(e.s.DocLabelSets, model.DocLabelSet{Name: name, Values: []string{"yes", "no"}})
	return len(e.s.DocLabelSets) - 1
}

func (e *schemaEdit) hasDocSet(name string) bool {
	for _, d := range e.s.DocLabelSets {
		if d.Name == name {
			return true
		}
	}
	return false
}

func (e *schemaEdit) docSet(i int) *model.DocLabelSet {
	if i < 0 || i >= len(e.s.DocLabelSets) {
		return nil
	}
	return &e.s.DocLabelSets[i]
}

func (e *schemaEdit) removeDocSet(i int) {
	if e.docSet(i) != nil {
		e.s.DocLabelSets = append(e.s.DocLabelSets[:i], e.s.DocLabelSets[i+1:]...)
	}
}

func (e *schemaEdit) setDocSetName(i int, name string) {
	if d := e.docSet(i); d != nil {
		d.Name = strings.TrimSpace(name)
	}
}

func (e *schemaEdit) setDocSetValues(i int, csv string) {
	if d := e.docSet(i); d != nil {
		d.Values = splitList(csv)
	}
}

func (e *schemaEdit) setDocSetMultiple(i int, on bool) {
	if d := e.docSet(i); d != nil {
		d.Multiple = on
	}
}

// ---- dialog ----

type schemaEditor struct {
	e      *schemaEdit
	win    fyne.Window
	onSave SchemaSaveFunc

	dlg      *dialog.CustomDialog
	errLabel *widget.Label
	saveBtn  *widget.Button

	labelList *widget.List
	cur       int // selected label, -1 none
	detail    *fyne.Container
	relBox    *fyne.Container
	docBox    *fyne.Container
	overlap   *widget.Check

	// the current label's inputs (for tests)
	nameEntry, colorEntry, hotkeyEntry *widget.Entry
	mergeTarget                        *widget.Select
	mergeBtn                           *widget.Button
	confirm                            *dialog.ConfirmDialog
	saved                              bool
}

func newSchemaEditor(win fyne.Window, current *model.Schema, onSave SchemaSaveFunc) *schemaEditor {
	ed := &schemaEditor{e: newSchemaEdit(current), win: win, onSave: onSave, cur: -1}
	ed.build()
	return ed
}

func (ed *schemaEditor) build() {
	ed.errLabel = widget.NewLabel("")
	ed.errLabel.Importance = widget.DangerImportance
	ed.errLabel.Wrapping = fyne.TextWrapWord
	ed.saveBtn = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), ed.save)
	ed.saveBtn.Importance = widget.HighImportance

	ed.labelList = widget.NewList(
		func() int { return len(ed.e.s.Labels) },
		func() fyne.CanvasObject {
			sw := canvas.NewRectangle(color.Gray{Y: 128})
			sw.SetMinSize(fyne.NewSize(14, 14))
			sw.CornerRadius = 3
			return container.NewBorder(nil, nil, container.NewCenter(sw), widget.NewLabel("0"), widget.NewLabel("LABEL_NAME_LONG"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(ed.e.s.Labels) {
				return
			}
			l := ed.e.s.Labels[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(l.Name)
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
	add := widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() {
		i := ed.e.addLabel()
		ed.labelList.Refresh()
		ed.labelList.Select(i)
		ed.selectLabel(i)
		ed.rebuildRelations()
		ed.changed()
	})
	remove := widget.NewButtonWithIcon("Remove", theme.ContentRemoveIcon(), func() { ed.removeLabel(ed.cur) })
	ed.detail = container.NewVBox()
	left := container.NewBorder(widget.NewLabelWithStyle("Labels", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, add, remove), nil, nil, ed.labelList)
	labelsTab := container.NewHSplit(left, container.NewVScroll(ed.detail))
	labelsTab.Offset = 0.3

	ed.relBox = container.NewVBox()
	addRel := widget.NewButtonWithIcon("Add relation type", theme.ContentAddIcon(), func() {
		ed.e.addRelation()
		ed.rebuildRelations()
		ed.changed()
	})
	relTab := container.NewBorder(nil, container.NewHBox(addRel), nil, nil, container.NewVScroll(ed.relBox))

	ed.docBox = container.NewVBox()
	addDoc := widget.NewButtonWithIcon("Add document label set", theme.ContentAddIcon(), func() {
		ed.e.addDocSet()
		ed.rebuildDocSets()
		ed.changed()
	})
	docTab := container.NewBorder(nil, container.NewHBox(addDoc), nil, nil, container.NewVScroll(ed.docBox))

	ed.overlap = widget.NewCheck("Allow overlapping spans", func(on bool) {
		ed.e.s.AllowOverlap = on
		ed.changed()
	})
	ed.overlap.Checked = ed.e.s.AllowOverlap
	generalTab := container.NewVBox(ed.overlap,
		widget.NewLabel("Renamed labels keep their annotations; a label merged into another gives it\nits annotations. Removing a label that is in use asks before its annotations\nare deleted (they stay in the history)."))

	tabs := container.NewAppTabs(
		container.NewTabItem("Labels", labelsTab),
		container.NewTabItem("Relations", relTab),
		container.NewTabItem("Document labels", docTab),
		container.NewTabItem("General", generalTab),
	)
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { ed.dlg.Hide() })
	content := container.NewBorder(nil, ed.errLabel, nil, nil, tabs)
	ed.dlg = dialog.NewCustomWithoutButtons("Label schema", content, ed.win)
	ed.dlg.SetButtons([]fyne.CanvasObject{cancel, ed.saveBtn})

	ed.rebuildRelations()
	ed.rebuildDocSets()
	if len(ed.e.s.Labels) > 0 {
		ed.labelList.Select(0)
		ed.selectLabel(0)
	} else {
		ed.selectLabel(-1)
	}
	ed.changed()
}

func (ed *schemaEditor) show() {
	ed.dlg.Resize(fyne.NewSize(900, 650))
	ed.dlg.Show()
}

// changed revalidates the working copy: the first problem is shown in red
// and Save is disabled until it is fixed.
func (ed *schemaEditor) changed() {
	ed.e.normalize()
	if err := ed.e.validate(); err != nil {
		ed.errLabel.SetText(strings.TrimPrefix(err.Error(), "schema: "))
		ed.saveBtn.Disable()
		return
	}
	ed.errLabel.SetText("")
	ed.saveBtn.Enable()
}

func (ed *schemaEditor) removeLabel(i int) {
	if i < 0 || i >= len(ed.e.s.Labels) {
		return
	}
	ed.e.removeLabel(i)
	ed.labelList.UnselectAll()
	ed.labelList.Refresh()
	ed.cur = -1
	if n := len(ed.e.s.Labels); n > 0 {
		j := min(i, n-1)
		ed.labelList.Select(j)
		ed.selectLabel(j)
	} else {
		ed.selectLabel(-1)
	}
	ed.rebuildRelations()
	ed.changed()
}

// selectLabel shows label i's form.
func (ed *schemaEditor) selectLabel(i int) {
	ed.cur = i
	ed.detail.RemoveAll()
	ed.nameEntry, ed.colorEntry, ed.hotkeyEntry = nil, nil, nil
	l := ed.e.label(i)
	if l == nil {
		ed.detail.Add(widget.NewLabel("No label selected. Add one with the button on the left."))
		ed.detail.Refresh()
		return
	}
	name := widget.NewEntry()
	name.SetText(l.Name)
	name.OnChanged = func(s string) {
		ed.e.renameLabel(i, strings.TrimSpace(s))
		ed.labelList.RefreshItem(i)
		ed.rebuildRelations()
		ed.changed()
	}
	renamedFrom := widget.NewLabel("")
	renamedFrom.Importance = widget.LowImportance
	showRename := func() {
		if o := ed.e.orig[i]; o != "" && o != ed.e.s.Labels[i].Name {
			renamedFrom.SetText("renamed from " + o + ": its annotations follow")
			renamedFrom.Show()
		} else {
			renamedFrom.SetText("")
			renamedFrom.Hide()
		}
	}
	showRename()
	prevName := name.OnChanged
	name.OnChanged = func(s string) { prevName(s); showRename() }

	swatch := canvas.NewRectangle(parseHex(l.Color))
	swatch.SetMinSize(fyne.NewSize(28, 28))
	swatch.CornerRadius = 4
	colorEntry := widget.NewEntry()
	colorEntry.SetText(l.Color)
	colorEntry.OnChanged = func(s string) {
		ed.e.setColor(i, s)
		swatch.FillColor = parseHex(s)
		swatch.Refresh()
		ed.labelList.RefreshItem(i)
		ed.changed()
	}
	pick := widget.NewButtonWithIcon("Pick…", theme.ColorPaletteIcon(), func() {
		p := dialog.NewColorPicker("Label colour", ed.e.s.Labels[i].Name, func(c color.Color) {
			colorEntry.SetText(hexOf(c)) // OnChanged stores it
		}, ed.win)
		p.Advanced = true
		p.SetColor(parseHex(ed.e.s.Labels[i].Color))
		p.Show()
	})
	hotkey := widget.NewEntry()
	hotkey.SetText(l.Hotkey)
	hotkey.PlaceHolder = "one key, e.g. 1"
	hotkey.OnChanged = func(s string) {
		ed.e.setHotkey(i, s)
		ed.labelList.RefreshItem(i)
		ed.changed()
	}
	desc := widget.NewMultiLineEntry()
	desc.SetText(l.Description)
	desc.Wrapping = fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	desc.PlaceHolder = "guideline shown as the label's tooltip"
	desc.OnChanged = func(s string) { ed.e.setDescription(i, s); ed.changed() }

	form := widget.NewForm(
		widget.NewFormItem("Name", container.NewVBox(name, renamedFrom)),
		widget.NewFormItem("Colour", container.NewBorder(nil, nil, swatch, pick, colorEntry)),
		widget.NewFormItem("Hotkey", hotkey),
		widget.NewFormItem("Description", desc),
	)
	attrs := container.NewVBox()
	var rebuildAttrs func()
	rebuildAttrs = func() {
		attrs.RemoveAll()
		for k, a := range ed.e.s.Labels[i].Attributes {
			attrs.Add(ed.attributeRow(i, k, a, rebuildAttrs))
		}
		attrs.Refresh()
	}
	rebuildAttrs()
	addAttr := widget.NewButtonWithIcon("Add attribute", theme.ContentAddIcon(), func() {
		ed.e.addAttribute(i)
		rebuildAttrs()
		ed.changed()
	})
	ed.detail.Add(form)
	if m := ed.e.mergedInto(i); len(m) > 0 {
		note := widget.NewLabel("merged here: " + strings.Join(m, ", ") + " (their annotations become " + l.Name + " when you save)")
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		ed.detail.Add(note)
	}
	ed.detail.Add(ed.mergeRow(i))
	ed.detail.Add(widget.NewSeparator())
	ed.detail.Add(widget.NewLabelWithStyle("Attributes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	ed.detail.Add(attrs)
	ed.detail.Add(container.NewHBox(addAttr))
	ed.detail.Refresh()
	ed.nameEntry, ed.colorEntry, ed.hotkeyEntry = name, colorEntry, hotkey
}

// mergeRow offers to merge label i into another label: i goes, and its
// annotations take the other label when the schema is saved (Cancel
// forgets it, as every edit here).
func (ed *schemaEditor) mergeRow(i int) fyne.CanvasObject {
	var others []string
	for j, l := range ed.e.s.Labels {
		if j != i {
			others = append(others, l.Name)
		}
	}
	target := widget.NewSelect(others, nil)
	target.PlaceHolder = "another label"
	merge := widget.NewButtonWithIcon("Merge into", theme.MoveDownIcon(), nil)
	merge.Disable()
	target.OnChanged = func(string) { merge.Enable() }
	merge.OnTapped = func() { ed.mergeLabel(i, target.Selected) }
	ed.mergeTarget, ed.mergeBtn = target, merge
	return container.NewBorder(nil, nil, merge, nil, target)
}

// mergeLabel merges label i into the label named into and shows that one.
func (ed *schemaEditor) mergeLabel(i int, into string) {
	j := ed.e.indexOfName(into)
	if j < 0 || j == i {
		return
	}
	ed.e.mergeLabel(i, j)
	if j > i {
		j--
	}
	ed.labelList.UnselectAll()
	ed.labelList.Refresh()
	ed.cur = -1
	ed.labelList.Select(j)
	ed.selectLabel(j)
	ed.rebuildRelations()
	ed.changed()
}

var attrTypes = []string{model.AttrEnum, model.AttrText, model.AttrBool, model.AttrNumber}

func (ed *schemaEditor) attributeRow(i, k int, a model.AttributeDef, rebuild func()) fyne.CanvasObject {
	name := widget.NewEntry()
	name.SetText(a.Name)
	name.PlaceHolder = "name"
	name.OnChanged = func(s string) { ed.e.setAttrName(i, k, s); ed.changed() }
	values := widget.NewEntry()
	values.SetText(strings.Join(a.Values, ", "))
	values.PlaceHolder = "enum values, comma-separated"
	values.OnChanged = func(s string) { ed.e.setAttrValues(i, k, s); ed.changed() }
	typ := widget.NewSelect(attrTypes, nil)
	typ.SetSelected(a.Type)
	if a.Type != model.AttrEnum {
		values.Disable()
	}
	typ.OnChanged = func(t string) {
		ed.e.setAttrType(i, k, t)
		if t == model.AttrEnum {
			values.Enable()
			ed.e.setAttrValues(i, k, values.Text)
		} else {
			values.Disable()
		}
		ed.changed()
	}
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		ed.e.removeAttribute(i, k)
		rebuild()
		ed.changed()
	})
	left := container.NewGridWithColumns(2, name, typ)
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(250, left.MinSize().Height), left), del, values)
}

// rebuildRelations lays out one block per relation type: its name and
// the labels allowed at either end, as check boxes.
func (ed *schemaEditor) rebuildRelations() {
	ed.relBox.RemoveAll()
	if len(ed.e.s.Relations) == 0 {
		ed.relBox.Add(widget.NewLabel("No relation types. A relation links two spans, e.g. a claim claimed_by an ACTOR."))
	}
	for i, r := range ed.e.s.Relations {
		i := i
		name := widget.NewEntry()
		name.SetText(r.Name)
		name.OnChanged = func(s string) { ed.e.setRelationName(i, s); ed.changed() }
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			ed.e.removeRelation(i)
			ed.rebuildRelations()
			ed.changed()
		})
		ends := func(from bool, have []int) fyne.CanvasObject {
			set := map[int]bool{}
			for _, x := range have {
				set[x] = true
			}
			grid := container.NewGridWithColumns(3)
			for li, l := range ed.e.s.Labels {
				li := li
				c := widget.NewCheck(l.Name, nil)
				c.Checked = set[ed.e.ids[li]]
				c.OnChanged = func(on bool) { ed.e.setRelationEnd(i, from, li, on); ed.changed() }
				grid.Add(c)
			}
			return grid
		}
		ed.relBox.Add(container.NewBorder(nil, nil, widget.NewLabelWithStyle("Relation", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), del, name))
		ed.relBox.Add(widget.NewLabel("from (source labels):"))
		ed.relBox.Add(ends(true, ed.e.ends[i].from))
		ed.relBox.Add(widget.NewLabel("to (target labels):"))
		ed.relBox.Add(ends(false, ed.e.ends[i].to))
		ed.relBox.Add(widget.NewSeparator())
	}
	ed.relBox.Refresh()
}

func (ed *schemaEditor) rebuildDocSets() {
	ed.docBox.RemoveAll()
	if len(ed.e.s.DocLabelSets) == 0 {
		ed.docBox.Add(widget.NewLabel("No document label sets. A set classifies a whole document, e.g. relevance: relevant, irrelevant."))
	}
	for i, d := range ed.e.s.DocLabelSets {
		i := i
		name := widget.NewEntry()
		name.SetText(d.Name)
		name.PlaceHolder = "set name"
		name.OnChanged = func(s string) { ed.e.setDocSetName(i, s); ed.changed() }
		values := widget.NewEntry()
		values.SetText(strings.Join(d.Values, ", "))
		values.PlaceHolder = "values, comma-separated"
		values.OnChanged = func(s string) { ed.e.setDocSetValues(i, s); ed.changed() }
		multi := widget.NewCheck("multiple", func(on bool) { ed.e.setDocSetMultiple(i, on); ed.changed() })
		multi.Checked = d.Multiple
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			ed.e.removeDocSet(i)
			ed.rebuildDocSets()
			ed.changed()
		})
		ed.docBox.Add(container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(220, name.MinSize().Height), name),
			container.NewHBox(multi, del), values))
	}
	ed.docBox.Refresh()
}

// save hands the copy to onSave. If that fails and labels were removed,
// it asks whether to delete their annotations and retries with force.
func (ed *schemaEditor) save() {
	if err := ed.e.validate(); err != nil {
		ed.changed()
		return
	}
	next, renames := ed.e.result(), ed.e.renames()
	err := ed.onSave(next, renames, false)
	if err == nil {
		ed.done()
		return
	}
	ed.errLabel.SetText(err.Error())
	removed := ed.e.removed()
	if len(removed) == 0 {
		return
	}
	var inUse *model.LabelsInUseError
	if !errors.As(err, &inUse) {
		return // refused for another reason: shown above, nothing to confirm
	}
	msg := fmt.Sprintf("%s.\n\nDelete the annotations of %s as well?\nThey are kept in the history, so Undo brings them back.",
		inUse.Error(), strings.Join(removed, ", "))
	c := dialog.NewConfirm("Delete annotations?", msg, func(ok bool) {
		ed.confirm = nil
		if !ok {
			return
		}
		if err := ed.onSave(next, renames, true); err != nil {
			ed.errLabel.SetText(err.Error())
			return
		}
		ed.done()
	}, ed.win)
	c.SetConfirmText("Delete them")
	c.SetConfirmImportance(widget.DangerImportance)
	ed.confirm = c
	c.Show()
}

func (ed *schemaEditor) done() {
	ed.saved = true
	ed.dlg.Hide()
}

func hexOf(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}
