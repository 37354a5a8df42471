package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The span form's Relations part and the relation form are built once and
// loaded in place, like the rest of the inspector (inspector_form.go). A
// part built anew for each span with relations, and a relation form for
// each relation clicked, were widgets new to the inspector's theme scope:
// each had the scope applied again, which loads the fonts again (about 20
// MB that stay) and costs the next frame every text of the window
// (themescope.go). Rows are added only when a span has more relations
// than any shown before.

// relationsPart lists a span's relations (a row each: jump to the other
// end, delete) and starts a new one (a type, then Link… and a click).
type relationsPart struct {
	box     *fyne.Container // the header, the rows, the picker
	rows    []*relationRow
	picker  *fyne.Container
	typeSel *widget.Select
}

// relationRow is one relation of the span shown.
type relationRow struct {
	obj   *fyne.Container
	jump  *tipButton
	text  *widget.Label
	del   *widget.Button
	rel   model.Relation
	span  string // the span the row is listed under
	other string // the relation's other end
}

func (in *inspector) newRelationsPart() *relationsPart {
	w := in.w
	p := &relationsPart{}
	p.typeSel = widget.NewSelect(nil, nil)
	link := widget.NewButton("Link…", func() {
		if in.cur == nil {
			return
		}
		w.linking = in.cur.ID
		w.linkType = p.typeSel.Selected
		w.updateStatus()
		w.win.Canvas().Focus(w.view)
	})
	p.picker = container.NewBorder(nil, nil, nil, link, p.typeSel)
	p.box = container.NewVBox(widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.picker)
	return p
}

// row is the i-th row, added to the box (before the picker) if new.
func (p *relationsPart) row(in *inspector, i int) *relationRow {
	if i < len(p.rows) {
		return p.rows[i]
	}
	w := in.w
	r := &relationRow{}
	// The text is cut to the pane's width (cliptext.go): a long far span
	// must not widen the pane.
	r.jump = newTipButton("", "", func() { w.focusAnnotation(r.other) })
	r.jump.Importance = widget.LowImportance
	r.text = widget.NewLabel("")
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.del = widget.NewButton("✕", func() {
		rel := r.rel
		w.deleteRelation(&rel, r.span)
	})
	r.obj = container.NewBorder(nil, nil, nil, r.del, container.NewStack(r.jump, r.text))
	p.rows = append(p.rows, r)
	objs := p.box.Objects
	p.box.Objects = append(slices.Clone(objs[:len(objs)-1]), r.obj, p.picker)
	return r
}

// load lists a's relations and the types its label may start.
func (p *relationsPart) load(in *inspector, a *model.Annotation) {
	w := in.w
	in.relsShown = relationsKey(w.rels, a.ID)
	moved := false
	n := 0
	for _, rel := range w.rels {
		if rel.From != a.ID && rel.To != a.ID {
			continue
		}
		if n == len(p.rows) {
			moved = true
		}
		r := p.row(in, n)
		n++
		otherID, arrow := rel.To, "→"
		if rel.To == a.ID {
			otherID, arrow = rel.From, "←"
		}
		text := fmt.Sprintf("%s %s %s", rel.Type, arrow, otherID[:min(8, len(otherID))])
		if o := w.annotation(otherID); o != nil {
			text = fmt.Sprintf("%s %s %s “%s”", rel.Type, arrow, o.Label, shorten(o.Text, 30))
		}
		r.rel, r.span, r.other = rel, a.ID, otherID
		setLabel(r.text, text)
		r.jump.setTip(text)
		if !r.obj.Visible() {
			r.obj.Show()
			moved = true
		}
	}
	for _, r := range p.rows[n:] {
		if r.obj.Visible() {
			r.obj.Hide()
			moved = true
		}
	}
	var types []string
	for _, rt := range w.schema.Relations {
		if slices.Contains(rt.From, a.Label) {
			types = append(types, rt.Name)
		}
	}
	if !slices.Equal(p.typeSel.Options, types) {
		p.typeSel.SetOptions(types)
	}
	if len(types) > 0 && !slices.Contains(types, p.typeSel.Selected) {
		p.typeSel.SetSelected(types[0])
	}
	if (len(types) > 0) != p.picker.Visible() {
		p.picker.Hidden = len(types) == 0
		moved = true
	}
	if moved {
		p.box.Refresh() // rows shown or hidden: the box is laid out again
	}
}

// relationForm shows a relation clicked in the article view: its type,
// its two ends (each a button that selects that span, the span's text
// wrapped below: a long text in the button would widen the pane) and a
// button removing it.
type relationForm struct {
	title    *widget.Label
	from, to relationEnd
	objs     []fyne.CanvasObject
}

type relationEnd struct {
	name  *widget.Button
	quote *widget.Label
	id    string
}

func (in *inspector) newRelationForm() *relationForm {
	w := in.w
	f := &relationForm{title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	end := func(e *relationEnd) fyne.CanvasObject {
		e.name = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { w.focusAnnotation(e.id) })
		e.name.Alignment = widget.ButtonAlignLeading
		e.name.IconPlacement = widget.ButtonIconTrailingText
		e.name.Importance = widget.LowImportance
		e.quote = widget.NewLabel("")
		e.quote.Wrapping = fyne.TextWrapWord
		return container.NewVBox(e.name, e.quote)
	}
	form := widget.NewForm(widget.NewFormItem("from", end(&f.from)), widget.NewFormItem("to", end(&f.to)))
	del := widget.NewButtonWithIcon("Delete relation", theme.DeleteIcon(), func() {
		if r := in.rel; r != nil {
			w.deleteRelation(r, "")
		}
	})
	del.Importance = widget.DangerImportance
	f.objs = []fyne.CanvasObject{f.title, form, del}
	return f
}

// load shows r.
func (f *relationForm) load(w *Window, r *model.Relation) {
	setLabel(f.title, "Relation "+r.Type)
	for _, e := range []struct {
		end *relationEnd
		id  string
	}{{&f.from, r.From}, {&f.to, r.To}} {
		name, text := e.id, ""
		if a := w.annotation(e.id); a != nil {
			name, text = a.Label, "“"+shorten(a.Text, 120)+"”"
		}
		e.end.id = e.id
		if e.end.name.Text != name {
			e.end.name.SetText(name)
		}
		setLabel(e.end.quote, text)
	}
}
