package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// inspector shows and edits the selected annotation: its label, a form of
// the label's attributes generated from the schema, a note, and its
// relations. Every change is saved at once.
type inspector struct {
	w    *Window
	box  *fyne.Container
	body *fyne.Container
	// cur is the annotation shown, as it was when shown or last saved
	// from here: typed inputs that differ from it are pending.
	cur *model.Annotation
	rel *model.Relation // the relation shown instead of an annotation
	// pending are the inputs whose typed text is saved when the user
	// moves on (focus leaves them, another span or document is chosen,
	// the mode changes, the window closes) or presses Enter.
	pending    []pendingInput
	committing bool
	// relsShown is relationsKey of the relations listed for cur.
	relsShown string
	// scroll holds body; shownID is what it shows (selection.go resets
	// the scroll position when another span or relation is shown).
	scroll  *container.Scroll
	shownID string
}

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, body: container.NewVBox()}
	in.scroll = container.NewVScroll(in.body)
	in.box = container.NewBorder(widget.NewLabelWithStyle("Inspector", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		in.scroll)
	return in
}

func (in *inspector) show(a *model.Annotation) {
	// Whatever the user typed into the previous inspector is saved before
	// it goes (issue 12: a note vanished when the selection changed).
	in.commit()
	in.body.RemoveAll()
	in.cur, in.rel = nil, nil
	in.pending = in.pending[:0]
	in.showing(annotationKey(a))
	if a == nil {
		in.body.Add(widget.NewLabel("Select text and press a label's hotkey,\nor click a highlight to inspect it."))
		in.body.Refresh()
		return
	}
	shown := *a
	in.cur = &shown
	w := in.w
	names := make([]string, len(w.schema.Labels))
	for i, l := range w.schema.Labels {
		names[i] = l.Name
	}
	labelSel := widget.NewSelect(names, nil)
	labelSel.SetSelected(a.Label)
	labelSel.OnChanged = func(name string) {
		upd, _, err := in.draft()
		if err != nil {
			w.showError(err)
			return
		}
		if upd != nil && name != upd.Label {
			if l, ok := w.schema.Label(name); ok {
				upd.Attributes = keepAttributes(l, upd.Attributes)
			}
			upd.Label = name
			w.update(upd, "relabelled "+name)
		}
	}
	quote := widget.NewLabel("“" + shorten(a.Text, 200) + "”")
	quote.Wrapping = fyne.TextWrapWord
	// The widgets are collected and handed over at once: each Form.Append
	// and Container.Add lays out again what is there (they were a third
	// of a Tab's time in a long document).
	objs := []fyne.CanvasObject{quote}
	items := []*widget.FormItem{widget.NewFormItem("label", labelSel),
		widget.NewFormItem("offsets", widget.NewLabel(fragmentsText(a.Fragments)))}
	if l, ok := w.schema.Label(a.Label); ok {
		if l.Description != "" {
			d := widget.NewLabel(l.Description)
			d.Wrapping = fyne.TextWrapWord
			d.TextStyle = fyne.TextStyle{Italic: true}
			objs = append(objs, d)
		}
		for _, def := range l.Attributes {
			items = append(items, widget.NewFormItem(def.Name, in.attributeInput(a, def)))
		}
	}
	form := widget.NewForm(items...)
	note := newCommitEntry(true, in.commit)
	note.SetText(a.Note)
	note.SetMinRowsVisible(2)
	note.Wrapping = fyne.TextWrapWord
	note.PlaceHolder = "saved when you move on"
	in.pending = append(in.pending, pendingInput{entry: note, note: true})
	in.sayUnsaved(note, "note")
	saveNote := widget.NewButton("Save note", func() { in.commit() })
	// Relations come before the note: linking a claim to its actor is the
	// frequent step, and the note entry scrolls on its own.
	objs = append(objs, form, in.relationsBox(a),
		widget.NewForm(widget.NewFormItem("note", container.NewBorder(nil, saveNote, nil, nil, note))))
	in.body.Objects = objs
	in.body.Refresh()
}

func fragmentsText(fs []model.Fragment) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += "; "
		}
		s += fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	return s
}

// attributeInput builds the input for one attribute, saving on change.
func (in *inspector) attributeInput(a *model.Annotation, def model.AttributeDef) fyne.CanvasObject {
	w := in.w
	set := func(v any) {
		upd, _, err := in.draft()
		if err != nil {
			w.showError(err)
			return
		}
		if upd == nil {
			return
		}
		if v == nil {
			delete(upd.Attributes, def.Name)
		} else {
			upd.Attributes[def.Name] = v
		}
		w.update(upd, fmt.Sprintf("%s=%v", def.Name, v))
	}
	cur, has := a.Attributes[def.Name]
	switch def.Type {
	case model.AttrEnum:
		opts := append([]string{"—"}, def.Values...)
		sel := widget.NewSelect(opts, nil)
		if s, ok := cur.(string); ok && has {
			sel.SetSelected(s)
		} else {
			sel.SetSelected("—")
		}
		sel.OnChanged = func(v string) {
			if v == "—" {
				if has {
					set(nil)
				}
				return
			}
			if v != cur {
				set(v)
			}
		}
		return sel
	case model.AttrBool:
		b, _ := cur.(bool)
		chk := widget.NewCheck("", nil)
		chk.SetChecked(b)
		chk.OnChanged = func(v bool) { set(v) }
		return chk
	case model.AttrNumber:
		e := newCommitEntry(false, in.commit)
		in.pending = append(in.pending, pendingInput{entry: e, def: def})
		if has {
			e.SetText(strconv.FormatFloat(toFloat(cur), 'g', -1, 64))
		}
		e.Validator = func(s string) error {
			if s == "" {
				return nil
			}
			_, err := strconv.ParseFloat(s, 64)
			return err
		}
		e.OnSubmitted = func(string) { in.commit() }
		in.sayUnsaved(e, def.Name)
		return e
	default:
		e := newCommitEntry(false, in.commit)
		in.pending = append(in.pending, pendingInput{entry: e, def: def})
		e.PlaceHolder = "saved when you move on"
		if s, ok := cur.(string); ok {
			e.SetText(s)
		}
		e.OnSubmitted = func(string) { in.commit() }
		in.sayUnsaved(e, def.Name)
		return e
	}
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	}
	return 0
}

// showRelation shows a relation clicked in the article view: its type, its
// two ends (each a button that selects that span) and a button removing it.
func (in *inspector) showRelation(r *model.Relation) {
	in.commit()
	in.body.RemoveAll()
	in.cur, in.rel = nil, r
	in.pending = in.pending[:0]
	in.showing("relation " + r.ID)
	w := in.w
	title := widget.NewLabelWithStyle("Relation "+r.Type, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// Each end: a button with the span's label that selects it, and the
	// span's text wrapped below (a long text in the button would widen
	// the whole side panel).
	end := func(id string) fyne.CanvasObject {
		name, text := id, ""
		if a := w.annotation(id); a != nil {
			name, text = a.Label, "“"+shorten(a.Text, 120)+"”"
		}
		b := widget.NewButtonWithIcon(name, theme.NavigateNextIcon(), func() { w.focusAnnotation(id) })
		b.Alignment = widget.ButtonAlignLeading
		b.IconPlacement = widget.ButtonIconTrailingText
		b.Importance = widget.LowImportance
		quote := widget.NewLabel(text)
		quote.Wrapping = fyne.TextWrapWord
		return container.NewVBox(b, quote)
	}
	form := widget.NewForm(widget.NewFormItem("from", end(r.From)), widget.NewFormItem("to", end(r.To)))
	del := widget.NewButtonWithIcon("Delete relation", theme.DeleteIcon(), func() { w.deleteRelation(r, "") })
	del.Importance = widget.DangerImportance
	in.body.Add(title)
	in.body.Add(form)
	in.body.Add(del)
	in.body.Refresh()
}

// relationsBox lists the annotation's relations with jump and delete
// buttons, and starts a new one: pick a type, then click the target span.
func (in *inspector) relationsBox(a *model.Annotation) fyne.CanvasObject {
	w := in.w
	box := container.NewVBox(widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	in.relsShown = relationsKey(w.rels, a.ID)
	for _, r := range w.rels {
		if r.From != a.ID && r.To != a.ID {
			continue
		}
		r := r
		otherID, arrow := r.To, "→"
		if r.To == a.ID {
			otherID, arrow = r.From, "←"
		}
		label := fmt.Sprintf("%s %s %s", r.Type, arrow, otherID[:8])
		if o := w.annotation(otherID); o != nil {
			label = fmt.Sprintf("%s %s %s “%s”", r.Type, arrow, o.Label, shorten(o.Text, 30))
		}
		// Cut to the pane's width: a long far span must not widen it.
		jump := clipButton(label, func() { w.focusAnnotation(otherID) })
		del := widget.NewButton("✕", func() { w.deleteRelation(&r, a.ID) })
		box.Add(container.NewBorder(nil, nil, nil, del, jump))
	}
	var types []string
	for _, rt := range w.schema.Relations {
		for _, f := range rt.From {
			if f == a.Label {
				types = append(types, rt.Name)
				break
			}
		}
	}
	if len(types) > 0 {
		typeSel := widget.NewSelect(types, nil)
		typeSel.SetSelected(types[0])
		link := widget.NewButton("Link…", func() {
			w.linking = a.ID
			w.linkType = typeSel.Selected
			w.updateStatus()
			w.win.Canvas().Focus(w.view)
		})
		box.Add(container.NewBorder(nil, nil, nil, link, typeSel))
	}
	return box
}

// finishLink creates the pending relation from w.linking to target.
func (w *Window) finishLink(target *model.Annotation) {
	if !w.canEdit() {
		w.linking = ""
		return
	}
	from := w.linking
	w.linking = ""
	// The schema's allowed labels are checked here, before any write: a
	// refused target is never shown as linked (the store checks again).
	if src := w.annotation(from); src != nil {
		if err := w.schema.CheckRelation(w.linkType, src.Label, target.Label); err != nil {
			w.selectAnnotation(from)
			w.showError(&linkRefused{err: err})
			return
		}
	}
	w.ctl.CreateRelation(w.linkType, from, target.ID, fmt.Sprintf("%s → %s “%s”", w.linkType, target.Label, shorten(target.Text, 30)))
	w.selectAnnotation(from)
}

// linkRefused is a relation target the schema does not allow, refused by
// the link picker before anything was written.
type linkRefused struct{ err error }

func (e *linkRefused) Error() string { return "not linked: " + e.err.Error() }
func (e *linkRefused) Unwrap() error { return e.err }
