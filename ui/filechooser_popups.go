package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// What the file chooser's header buttons open over it (issue 15): its
// New Folder form and its options pop-up (Show Hidden Files). Fyne makes
// both of its own widgets each time, with no Enter or Esc: the form's
// name box, a plain Entry with no submit action, kept both keys once
// clicked (the folder was made only by a click on Create Folder, and Esc
// left the form open), and the options pop-up has no button at all, so
// neither key closed it. Once the button's tap has opened them
// (filechooser_stops.go), they are adopted:
//   - the form: its name box is a mirror of Fyne's (Fyne's stays the one
//     its Create reads), focused, so the name can be typed at once; Enter
//     taps Create Folder, Esc Cancel, and the chooser stays open;
//   - the pop-up: its check box is Margin's, and Enter or Esc closes the
//     pop-up, as Esc closes a menu, with the focus on the box or nowhere.

// adoptChooserPopUp adopts what a chooser button opened on top of c.
func adoptChooserPopUp(c fyne.Canvas) {
	p, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	if !adoptEntryForm(c, p) {
		adoptOptionsPopUp(p)
	}
}

// adoptEntryForm adopts p when it is a form dialog of Fyne's (its
// layout: icon, background, form, buttons, title) asking for one line
// of text in a plain Entry, as the New Folder form does.
func adoptEntryForm(c fyne.Canvas, p *widget.PopUp) bool {
	box, ok := p.Content.(*fyne.Container)
	if !ok || len(box.Objects) != 5 {
		return false
	}
	form, ok := box.Objects[2].(*widget.Form)
	if !ok || len(form.Items) != 1 {
		return false
	}
	name, ok := form.Items[0].Widget.(*widget.Entry)
	if !ok || name.MultiLine {
		return false
	}
	m := newEscEntry() // Enter: the form's default; Esc: its Cancel
	m.SetPlaceHolder(name.PlaceHolder)
	m.SetText(name.Text)
	m.OnChanged = func(s string) { name.SetText(s) }
	box.Objects[2] = widget.NewForm(widget.NewFormItem(form.Items[0].Text, m))
	box.Refresh()
	adoptDialogKeys(c)
	c.Focus(m)
	return true
}

// adoptOptionsPopUp gives p, a pop-up of check boxes with no button,
// keyChecks doing what Fyne's did, and makes Enter and Esc close it
// (closesOnKeys).
func adoptOptionsPopUp(p *widget.PopUp) {
	box, ok := p.Content.(*fyne.Container)
	if !ok {
		return
	}
	if _, ok := box.Layout.(keyClosedLayout); ok {
		return
	}
	checks := 0
	for i, o := range box.Objects {
		fc, ok := o.(*widget.Check)
		if !ok {
			continue
		}
		kc := newKeyCheck(fc.Text, fc.OnChanged)
		kc.Checked = fc.Checked
		box.Objects[i] = kc
		checks++
	}
	if checks == 0 {
		return
	}
	box.Layout = keyClosedLayout{box.Layout}
	box.Refresh()
}

// keyClosedLayout marks the content of a pop-up that Enter and Esc
// close (closesOnKeys), laying it out as inner does.
type keyClosedLayout struct{ inner fyne.Layout }

func (l keyClosedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }
func (l keyClosedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.inner.Layout(objs, size)
}

// closesOnKeys says whether o, the top overlay, is a pop-up that Enter
// and Esc close (adoptOptionsPopUp).
func closesOnKeys(o fyne.CanvasObject) bool {
	p, ok := o.(*widget.PopUp)
	if !ok {
		return false
	}
	box, ok := p.Content.(*fyne.Container)
	if !ok {
		return false
	}
	_, ok = box.Layout.(keyClosedLayout)
	return ok
}
