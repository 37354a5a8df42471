package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The inspector's span form is built once and loaded with each span shown
// (Tab steps through thousands): its quote, description, label, offsets
// and note are set in place, and only the parts that depend on the label
// (its attribute inputs) or on the span's relations are built again, when
// those change. A rebuilt form cost a third of a key's work in the real
// window (new widgets measured, laid out and their selects' texts
// truncated anew; issue 14).

// What the inspector's body shows.
const (
	bodyNone = iota
	bodyHint
	bodySpan
	bodyRelation
)

// setBody shows objs (of kind) in the body, unless it shows them already.
func (in *inspector) setBody(kind int, objs []fyne.CanvasObject) {
	if kind == in.bodyKind && kind != bodyRelation && slices.Equal(in.body.Objects, objs) {
		return
	}
	in.bodyKind = kind
	in.body.Objects = objs
	if !in.themed.covered() {
		in.themed.apply() // themes the widgets new to the body, and refreshes it
	} else {
		// Laid out, not refreshed: the forms shown are loaded in place
		// (their inputs refresh themselves), and a Refresh of the body
		// refreshed every widget of it, each select shaping its text
		// again, and had Fyne free every text texture of it to draw them
		// again (Canvas.Refresh of a container; BenchmarkWindowTab10k).
		in.body.Layout.Layout(objs, in.body.Size())
	}
	in.placeColumn()
	// The scroll is laid out for the new body now, in the key's handler
	// (after the column is placed, which may size it): a body taller or
	// shorter than the pane shows or hides the scroll's bar and shadow,
	// and shown during the frame's own layout they were new objects to
	// the frame after it, which laid the scroll out again and painted the
	// window a third time (issue 14, TestEditsLeaveNothingForAThirdFrame).
	// Its content, laid out above, is not refreshed again (barsOnly).
	if in.scroll != nil {
		in.viewport.barsOnly = true
		in.scroll.Refresh()
		in.viewport.barsOnly = false
	}
}

func (in *inspector) hintObjs() []fyne.CanvasObject {
	if in.hint == nil {
		in.hint = []fyne.CanvasObject{widget.NewLabel("Select text and press a label's hotkey,\nor click a highlight to inspect it.")}
	}
	return in.hint
}

// hintNeed is the inspector's height for its title and hint, pad
// apart (the right-hand panes' padding): what it keeps of the column
// while it inspects nothing (panes_right.go).
func (in *inspector) hintNeed(pad float32) float32 {
	if in == nil {
		return inspectorLeast
	}
	// The padding between the title and the scroll, and the scroll's
	// around the hint: with one padding it scrolled by 4 px.
	return in.title.MinSize().Height + 3*pad + in.hintObjs()[0].MinSize().Height
}

// spanForm holds the widgets of the span form.
type spanForm struct {
	quote, desc, offsets *widget.Label
	labelSel             *widget.Select
	note                 *commitEntry
	noteForm             fyne.CanvasObject
	form                 *widget.Form
	// attrKey names the attribute definitions attrs are inputs for.
	attrKey string
	attrs   []attrField
	// rels lists the span's relations (inspector_relations.go).
	rels *relationsPart
	// pending are the typed inputs: the note and the text and number
	// attributes.
	pending []pendingInput
	objs    []fyne.CanvasObject
	// attrForms keeps the form of each attribute set (prepare builds
	// one for each label of the schema): Tab between spans of two labels
	// builds nothing.
	attrForms map[string]*attrForm
}

// attrForm is the form of one set of attribute definitions: the label
// select, the offsets and the attributes' inputs.
type attrForm struct {
	form    *widget.Form
	attrs   []attrField
	pending []pendingInput
}

func (f *spanForm) newAttrForm(in *inspector, l *model.Label, known bool) *attrForm {
	af := &attrForm{pending: []pendingInput{{entry: f.note, note: true}}}
	items := []*widget.FormItem{widget.NewFormItem("label", f.labelSel), widget.NewFormItem("offsets", newGrowBox(f.offsets))}
	if known {
		for _, def := range l.Attributes {
			field := in.attributeField(def)
			af.attrs = append(af.attrs, field)
			if field.pending != nil {
				af.pending = append(af.pending, *field.pending)
			}
			items = append(items, widget.NewFormItem(def.Name, field.obj))
		}
	}
	af.form = widget.NewForm(items...)
	return af
}

func (in *inspector) spanForm() *spanForm {
	if in.form != nil {
		return in.form
	}
	w := in.w
	f := &spanForm{attrForms: map[string]*attrForm{}, rels: in.newRelationsPart()}
	f.quote = widget.NewLabel("")
	f.quote.Wrapping = fyne.TextWrapWord
	f.desc = widget.NewLabel("")
	f.desc.Wrapping = fyne.TextWrapWord
	f.desc.TextStyle = fyne.TextStyle{Italic: true}
	f.offsets = widget.NewLabel("")
	f.labelSel = widget.NewSelect(nil, func(name string) {
		if in.loading {
			return
		}
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
	})
	f.note = newCommitEntry(true, in.commit)
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord
	f.note.PlaceHolder = "saved when you move on"
	in.sayUnsaved(f.note, "note")
	// An icon beside the note, not a button row below it: the row put a
	// 5-attribute label's note at the inspector's fold at 1280×800.
	saveNote := newTipButton("", "Save note (it is also saved when you move on)", func() { in.commit() })
	saveNote.Icon = theme.DocumentSaveIcon()
	// The note comes right after the attributes, before the relations:
	// at 1280×800 the inspector then shows a span's label, attributes and
	// note without scrolling (panes_right.go), and a long relation list
	// no longer pushes the note below the fold.
	f.noteForm = widget.NewForm(widget.NewFormItem("note", container.NewBorder(nil, nil, nil, container.NewVBox(saveNote), f.note)))
	in.form = f
	return f
}

// prepareForms builds the span form, the attribute form of every label
// of the schema and the relation form, and themes them all in one apply
// of the body's theme scope: built at the first span of each label, each
// was an apply in that key's handler (themescope.go). It runs once the
// schema is known, before the first document's text is laid out: an
// apply empties Fyne's text-size cache, which then holds the lists' few
// texts, not the article's (run after the text, it cost the frame that
// shows it the shaping of every text again, +50-130 ms to launch-to-text
// in bench/gui.py).
func (in *inspector) prepareForms() {
	if in.formsReady {
		return
	}
	in.formsReady = true
	f := in.spanForm()
	for i := range in.w.schema.Labels {
		l := &in.w.schema.Labels[i]
		if key := attrKey(l, true); f.attrForms[key] == nil {
			f.attrForms[key] = f.newAttrForm(in, l, true)
		}
	}
	if in.relForm == nil {
		in.relForm = in.newRelationForm()
	}
	ahead := []fyne.CanvasObject{f.quote, f.desc, f.noteForm, f.rels.box}
	for _, af := range f.attrForms {
		ahead = append(ahead, af.form)
	}
	ahead = append(ahead, in.relForm.objs...)
	ahead = append(ahead, in.hintObjs()...)
	ahead = append(ahead, in.warm.texts...) // the form's scope (inspector_warm.go)
	in.themeAhead(ahead)
	in.keepFormsAlive()
}

// prepare loads the span form with a, not shown, and measures its
// widgets before the first span is shown: Fyne makes a widget's
// renderers and shapes its texts at its first measurement, and the first
// Tab after opening built and measured the whole form in its handler
// (19–28 ms of it in the 1 MB document of bench/gui.py, against 2–7 ms
// for the next Tabs; issue 14). Once only, and not while the form shows
// a span.
func (in *inspector) prepare(a *model.Annotation) {
	if in.prepared > 0 || a == nil || in.bodyKind == bodySpan {
		return
	}
	in.prepareForms()
	f := in.form
	shown := *a
	rels := in.relsShown
	in.loading = true
	f.load(in, &shown)
	in.loading = false
	in.relsShown = rels
	for _, o := range f.objs {
		o.MinSize()
	}
	in.prepared++
}

// themeAhead applies the body's theme scope to objs with what the body
// shows, for objs to be shown later already themed.
func (in *inspector) themeAhead(objs []fyne.CanvasObject) {
	shown := in.body.Objects
	in.body.Objects = objs // the scope themes what its content holds
	in.themed.apply()
	in.body.Objects = shown
	in.body.Refresh()
}

// load shows a in the form.
func (f *spanForm) load(in *inspector, a *model.Annotation) {
	w := in.w
	setLabel(f.quote, "“"+shorten(a.Text, 200)+"”")
	l, known := w.schema.Label(a.Label)
	if known && l.Description != "" {
		setLabel(f.desc, l.Description)
		f.desc.Show()
	} else {
		f.desc.Hide()
	}
	names := make([]string, len(w.schema.Labels))
	for i, l := range w.schema.Labels {
		names[i] = l.Name
	}
	if !slices.Equal(f.labelSel.Options, names) {
		f.labelSel.SetOptions(names)
	}
	if f.labelSel.Selected != a.Label {
		f.labelSel.SetSelected(a.Label)
	}
	setLabel(f.offsets, fragmentsText(a.Fragments))
	rebuilt := false
	if key := attrKey(l, known); key != f.attrKey || f.form == nil {
		f.attrKey = key
		af := f.attrForms[key]
		if af == nil {
			af = f.newAttrForm(in, l, known)
			f.attrForms[key] = af
		}
		f.form, f.attrs, f.pending = af.form, af.attrs, af.pending
		rebuilt = true
	}
	for _, af := range f.attrs {
		af.load(a)
	}
	f.rels.load(in, a)
	if f.note.Text != a.Note {
		f.note.SetText(a.Note)
	}
	if rebuilt || f.objs == nil {
		f.objs = []fyne.CanvasObject{f.quote, f.desc, f.form, f.noteForm, f.rels.box}
	}
}

// setLabel sets l's text when it differs (a label refreshes on every
// SetText).
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// attrKey names a label's attribute definitions: the inputs built for
// one serve every label with the same.
func attrKey(l *model.Label, known bool) string {
	if !known {
		return "\x00unknown"
	}
	var b strings.Builder
	for _, d := range l.Attributes {
		b.WriteString(d.Name + "\x00" + string(d.Type) + "\x00" + strings.Join(d.Values, "\x01") + "\x00")
	}
	return b.String()
}
