package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The widgets Margin puts in dialogs: Fyne's, with Enter and Esc passed
// on to the dialog (answerKey, dialogkeys.go) when the widget has no use
// for them, so that Tab or a click onto one does not take the dialog's
// keys away. Outside a dialog they behave as Fyne's.

// keyButton is a Button that Enter taps when it has the focus (Fyne's
// takes only Space), and on which Esc dismisses the dialog.
type keyButton struct {
	widget.Button
}

func newKeyButton(text string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	if !answerKey(canvasOf(b), ev, &b.Button) {
		b.Button.TypedKey(ev)
	}
}

// keyCheck is a Check (Space toggles it) on which Enter is the dialog's
// default and Esc dismisses it.
type keyCheck struct {
	widget.Check
}

func newKeyCheck(text string, changed func(bool)) *keyCheck {
	c := &keyCheck{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyCheck) TypedKey(ev *fyne.KeyEvent) {
	if !answerKey(canvasOf(c), ev, nil) {
		c.Check.TypedKey(ev)
	}
}

// escSelect is a Select on which Esc dismisses the dialog and Enter is
// its default (the form's OK): Fyne opens a select's list with Space and
// the arrows and gives Enter no meaning, and a desktop form confirms on
// Enter from any field that does not need it. onEscape and onEnter, when
// set, run instead (a form shown outside a dialog's buttons).
type escSelect struct {
	widget.Select
	onEscape func()
	onEnter  func()
}

func newEscSelect(options []string) *escSelect {
	s := &escSelect{}
	s.Options = options
	s.PlaceHolder = "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

func (s *escSelect) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape && s.onEscape != nil:
		s.onEscape()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && s.onEnter != nil:
		s.onEnter()
	case answerKey(canvasOf(s), ev, nil):
	default:
		s.Select.TypedKey(ev)
	}
}

// escEntry is an Entry on which Esc runs onEscape, else dismisses the
// dialog; Enter runs OnSubmitted when set, makes a new line in a
// multi-line entry, and is the dialog's default otherwise.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry() *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineEscEntry() *escEntry {
	e := newEscEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as Fyne's NewMultiLineEntry
	return e
}

func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
			return
		}
		if answerKey(canvasOf(e), ev, nil) {
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.OnSubmitted == nil && !e.MultiLine && answerKey(canvasOf(e), ev, nil) {
			return
		}
	}
	e.Entry.TypedKey(ev)
}

func newKeySelect(options []string, changed func(string)) *escSelect {
	s := newEscSelect(options)
	s.OnChanged = changed
	return s
}

// keyList is a List (the arrows move, Space selects) on which Enter is
// the dialog's default and Esc dismisses it.
type keyList struct {
	widget.List
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *keyList) TypedKey(ev *fyne.KeyEvent) {
	if !answerKey(canvasOf(l), ev, nil) {
		l.List.TypedKey(ev)
	}
}

// keyHyperlink is a Hyperlink (Space opens it) on which Esc dismisses
// the dialog and Enter opens the link, as Space does.
type keyHyperlink struct {
	widget.Hyperlink
}

func newKeyHyperlink(text string, u *url.URL) *keyHyperlink {
	h := &keyHyperlink{}
	h.Text, h.URL = text, u
	h.ExtendBaseWidget(h)
	return h
}

func (h *keyHyperlink) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		h.Hyperlink.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		return
	case fyne.KeyEscape:
		if answerKey(canvasOf(h), ev, nil) {
			return
		}
	}
	h.Hyperlink.TypedKey(ev)
}

// checkList is a column of keyChecks, one per option: Fyne's CheckGroup
// makes its boxes itself, and they kept Enter and Esc once Tab reached
// them.
type checkList struct {
	box    *fyne.Container
	checks []*keyCheck
}

func newCheckList(options []string) *checkList {
	l := &checkList{box: container.NewVBox()}
	for _, o := range options {
		c := newKeyCheck(o, nil)
		l.checks = append(l.checks, c)
		l.box.Add(c)
	}
	return l
}

// selected is the ticked options, in order.
func (l *checkList) selected() []string {
	var out []string
	for _, c := range l.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}
