package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// inspector shows and edits the selected annotation: its label, a form of
// the label's attributes generated from the schema, a note, and its
// relations. Every change is saved at once.
type inspector struct {
	w     *Window
	box   *fyne.Container
	title *widget.Label
	body  *fyne.Container
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
	// form is the span form, built at the first span shown and then
	// loaded with each (inspector_form.go); loading is set meanwhile, so
	// that the inputs' handlers take no value loaded for a user's edit.
	form     *spanForm
	loading  bool
	hint     []fyne.CanvasObject
	bodyKind int
	// prepared counts the forms prepare built (tests); scrolledTop the
	// times a span or relation shown scrolled the form back to its top.
	prepared, scrolledTop int
	// first: the right-hand column gives the inspector its room
	// (inspector_column.go).
	first bool
	// themed holds body in the right-hand panes' theme (themescope.go:
	// setBody themes a form only when it holds widgets new to it).
	themed *themeScope
	// viewport is the scroll's content, the body at least as tall.
	viewport *steadyBox
	// relForm shows a relation (inspector_relations.go).
	relForm *relationForm
	// keeping: the kept forms are measured now and then
	// (inspector_keepalive.go).
	keeping bool
	// formsReady: prepareForms has built and themed the forms.
	formsReady bool
	// warm draws the form's font styles in its scope before the first
	// span shows (inspector_warm.go).
	warm *fontWarmers
}

func newInspector(w *Window) *inspector {
	in := &inspector{w: w, warm: newFontWarmers()}
	// The body starts with the hint, themed with the scope: shown later,
	// it was new to it, an apply of its own (themescope.go).
	in.body = container.NewVBox(in.hintObjs()...)
	in.bodyKind = bodyHint
	// The body fills the scroll's height (steadybox.go): a form shorter
	// than the pane no longer changes the scroll's content on each Tab.
	// The body has its own theme override: the right-hand column's
	// (compactPanes) themes only the widgets it held when it was last
	// refreshed, and a form built later (the first span of a label) kept
	// Fyne's full padding, its rows 39 px apart instead of 29.
	in.themed = newThemeScope(in.body, compactTheme{})
	in.viewport = newViewportBox(in.themed, func() fyne.Size { return in.scroll.Size() })
	in.scroll = container.NewVScroll(in.viewport)
	in.title = widget.NewLabelWithStyle("Inspector", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.box = container.NewBorder(in.title, nil, nil, nil, overScroll(in.scroll)) // the wheel scrolls the form over its note too (wheelto.go)
	in.rethemeOnChange()
	return in
}

func (in *inspector) show(a *model.Annotation) {
	// Whatever the user typed into the previous inspector is saved before
	// it goes (issue 12: a note vanished when the selection changed).
	in.commit()
	in.cur, in.rel = nil, nil
	in.pending = in.pending[:0]
	in.showing(annotationKey(a))
	if a == nil {
		in.setBody(bodyHint, in.hintObjs())
		return
	}
	shown := *a
	in.cur = &shown
	// The form's widgets are kept and loaded with the span (inspector_form.go):
	// building them anew on every Tab was a third of a key's work.
	f := in.spanForm()
	in.loading = true
	f.load(in, &shown)
	in.loading = false
	in.pending = append(in.pending, f.pending...)
	in.setBody(bodySpan, f.objs)
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

// attributeInput builds the input for one attribute of a, saving on change.
func (in *inspector) attributeInput(a *model.Annotation, def model.AttributeDef) fyne.CanvasObject {
	f := in.attributeField(def)
	in.loading = true
	f.load(a)
	in.loading = false
	if f.pending != nil {
		in.pending = append(in.pending, *f.pending)
	}
	return f.obj
}

// attrField is one attribute's input and how to show an annotation's
// value in it; its handlers read the value shown from in.cur when they
// run, so the input serves every span of the label.
type attrField struct {
	obj     fyne.CanvasObject
	load    func(a *model.Annotation)
	pending *pendingInput // a typed input (text, number)
}

func (in *inspector) attributeField(def model.AttributeDef) attrField {
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
	// shownValue is the value of the span shown now.
	shownValue := func() (any, bool) {
		if in.cur == nil {
			return nil, false
		}
		v, ok := in.cur.Attributes[def.Name]
		return v, ok
	}
	switch def.Type {
	case model.AttrEnum:
		opts := append([]string{"—"}, def.Values...)
		sel := widget.NewSelect(opts, nil)
		sel.OnChanged = func(v string) {
			if in.loading {
				return
			}
			cur, has := shownValue()
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
		return attrField{obj: sel, load: func(a *model.Annotation) {
			if s, ok := a.Attributes[def.Name].(string); ok {
				sel.SetSelected(s)
			} else {
				sel.SetSelected("—")
			}
		}}
	case model.AttrBool:
		chk := widget.NewCheck("", nil)
		chk.OnChanged = func(v bool) {
			if !in.loading {
				set(v)
			}
		}
		return attrField{obj: chk, load: func(a *model.Annotation) {
			b, _ := a.Attributes[def.Name].(bool)
			chk.SetChecked(b)
		}}
	case model.AttrNumber:
		e := newCommitEntry(false, in.commit)
		e.Validator = func(s string) error {
			if s == "" {
				return nil
			}
			_, err := strconv.ParseFloat(s, 64)
			return err
		}
		e.OnSubmitted = func(string) { in.commit() }
		in.sayUnsaved(e, def.Name)
		return attrField{obj: e, pending: &pendingInput{entry: e, def: def}, load: func(a *model.Annotation) {
			if cur, has := a.Attributes[def.Name]; has {
				e.SetText(strconv.FormatFloat(toFloat(cur), 'g', -1, 64))
			} else {
				e.SetText("")
			}
		}}
	default:
		e := newCommitEntry(false, in.commit)
		e.PlaceHolder = "saved when you move on"
		e.OnSubmitted = func(string) { in.commit() }
		in.sayUnsaved(e, def.Name)
		return attrField{obj: e, pending: &pendingInput{entry: e, def: def}, load: func(a *model.Annotation) {
			s, _ := a.Attributes[def.Name].(string)
			e.SetText(s)
		}}
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

// showRelation shows a relation clicked in the article view
// (inspector_relations.go).
func (in *inspector) showRelation(r *model.Relation) {
	in.commit()
	in.cur, in.rel = nil, r
	in.pending = in.pending[:0]
	in.showing("relation " + r.ID)
	if in.relForm == nil {
		in.relForm = in.newRelationForm()
	}
	in.relForm.load(in.w, r)
	in.setBody(bodyRelation, in.relForm.objs)
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
