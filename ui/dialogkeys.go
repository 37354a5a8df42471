package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Enter and Esc in every dialog. Fyne's dialogs answer neither key, and
// Fyne gives a key to the focused widget alone, with no window-level
// filter before it: while a dialog shows, a key typed with nothing in it
// focused goes to the canvas's own handlers, one typed with a widget
// focused (by Tab or a click) goes to that widget only. So:
//   - the window's and the tool windows' canvas handlers start with
//     dialogKey (nothing focused);
//   - the widgets Margin puts in dialogs are its own kinds
//     (dialogwidgets.go) that pass Enter and Esc on to answerKey when
//     they have no use for them;
//   - the buttons Fyne makes for its dialogs are swapped for such
//     widgets once the dialog shows (adoptDialogKeys; showDialog does
//     both), and so are the file chooser's name box and buttons
//     (filechooser_keys.go).
//
// Esc taps the dialog's dismissing button, from any widget. Enter taps
// the focused button, or the dialog's default when the focused widget
// has no Enter of its own (a select, a check box, a one-line entry
// without a submit action); a multi-line entry keeps Enter for its new
// lines, as in every desktop text box. The window's shortcuts do not act
// behind a dialog either (installShortcuts).

// dialogShown reports whether a dialog (or pop-up) shows on c.
func dialogShown(c fyne.Canvas) bool {
	return c != nil && c.Overlays().Top() != nil
}

// dialogKey handles a key typed while a dialog shows on c with nothing
// in it focused: Enter taps its default button, Esc its dismissing one.
// It reports whether a dialog shows, that is whether the key was the
// dialog's (then nothing behind it may act on it).
func dialogKey(c fyne.Canvas, ev *fyne.KeyEvent) bool {
	if !dialogShown(c) {
		return false
	}
	answerKey(c, ev, nil)
	return true
}

// answerKey answers the dialog on top of c for Enter or Esc: Esc taps
// its dismissing button, Enter taps self (the focused button, when it
// is one), else the default button, else (an information dialog) its
// one button; either key closes a pop-up that has no button but closes
// on them (closesOnKeys: the file chooser's options). It reports whether it answered: false for other keys, or
// with no dialog or no such button (a tooltip's overlay), when the
// widget that has the key keeps it.
func answerKey(c fyne.Canvas, ev *fyne.KeyEvent, self *widget.Button) bool {
	if !dialogShown(c) || !enterOrEsc(ev) {
		return false
	}
	if top := c.Overlays().Top(); closesOnKeys(top) { // the chooser's options
		top.Hide()
		return true
	}
	def, dismiss := dialogButtons(c.Overlays().Top())
	b := dismiss
	if ev.Name != fyne.KeyEscape {
		switch {
		case self != nil:
			b = self
		case def != nil:
			b = def
		}
	}
	if b == nil {
		return false
	}
	if b.Visible() && !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
	return true
}

func enterOrEsc(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		return true
	}
	return false
}

// canvasOf is the canvas of the focused widget o: the one whose focus it
// has (the test driver's CanvasForObject guesses the newest window).
func canvasOf(o interface {
	fyne.CanvasObject
	fyne.Focusable
}) fyne.Canvas {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	for _, win := range a.Driver().AllWindows() {
		if c := win.Canvas(); c != nil && c.Focused() == o {
			return c
		}
	}
	return a.Driver().CanvasForObject(o)
}

// buttonOf is the button o is: Fyne's or Margin's keyButton (or
// Fyne's between its stops, filechooser_stops.go).
func buttonOf(o fyne.CanvasObject) *widget.Button {
	switch b := o.(type) {
	case *widget.Button:
		return b
	case *keyButton:
		return &b.Button
	case *fyne.Container: // a file chooser's button between its stops
		if isStops(b) {
			return buttonOf(b.Objects[1])
		}
	}
	return nil
}

// dialogButtons finds the default and the dismissing button of a
// dialog: the default is its one button of high importance (Fyne's and
// Margin's mark of the confirming action: Yes, OK, Save, Open, Label N);
// the dismissing one is in the default's row: the one with the cancel
// icon, else the first (Fyne puts Cancel or No first). A dialog without
// a default button (information, About, the shortcut sheet) dismisses
// with its only button. Only containers are searched, not the insides
// of widgets (a form's or a list's buttons are no answer).
func dialogButtons(o fyne.CanvasObject) (def, dismiss *widget.Button) {
	var all []*widget.Button
	var rowOf = map[*widget.Button][]fyne.CanvasObject{}
	var walk func(o fyne.CanvasObject, row []fyne.CanvasObject)
	walk = func(o fyne.CanvasObject, row []fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if b := buttonOf(o); b != nil {
			all = append(all, b)
			rowOf[b] = row
			return
		}
		switch t := o.(type) {
		case *widget.PopUp:
			walk(t.Content, nil)
		case *fyne.Container:
			for _, c := range t.Objects {
				walk(c, t.Objects)
			}
		}
	}
	walk(o, nil)
	for _, b := range all {
		// A disabled default (Open before a file is chosen) is still
		// the default: Enter does nothing then, Esc still dismisses.
		if b.Importance == widget.HighImportance {
			if def != nil {
				return nil, nil // two defaults: no guess
			}
			def = b
		}
	}
	if def == nil {
		if len(all) == 1 {
			return nil, all[0]
		}
		return nil, nil
	}
	// In the default's row: the button marked with the cancel icon
	// (Fyne's No and Cancel, the schema editor's Cancel beside its
	// Codebook…), else the first other one (the file choosers' Cancel,
	// "Keep working").
	for _, c := range rowOf[def] {
		if b := buttonOf(c); b != nil && b != def && b.Visible() {
			if b.Icon != nil && b.Icon.Name() == theme.CancelIcon().Name() {
				return def, b
			}
			if dismiss == nil {
				dismiss = b
			}
		}
	}
	return def, dismiss
}

// showDialog shows d on win and adopts its buttons (adoptDialogKeys).
func showDialog(d dialog.Dialog, win fyne.Window) {
	hideTooltip(win.Canvas()) // the pointer's owner is under the dialog now
	d.Show()
	adoptDialogKeys(win.Canvas())
}

// showInformation, showConfirm and showErrorDialog are Fyne's Show*
// through showDialog.
func showInformation(title, message string, win fyne.Window) {
	showDialog(dialog.NewInformation(title, message, win), win)
}

func showConfirm(title, message string, answer func(bool), win fyne.Window) {
	showDialog(dialog.NewConfirm(title, message, answer, win), win)
}

func showErrorDialog(err error, win fyne.Window) {
	showDialog(dialog.NewError(err, win), win)
}

// adoptDialogKeys swaps the buttons Fyne made for the dialog on top of c
// (Fyne's dialog layout: icon, background, content, buttons, title) for
// keyButtons that answer Enter and Esc when Tab gave them the focus. The
// swap keeps what Fyne's dialog holds them for: their tap, and a form's
// confirm button follows the form's validation as Fyne's did (Submit
// reads Fyne's, which keeps following it). A dialog of another shape
// (the file chooser: adoptChooserKeys) is left alone, and buttons Margin
// made (keyButtons already) are kept.
func adoptDialogKeys(c fyne.Canvas) {
	p, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	box, ok := p.Content.(*fyne.Container)
	if !ok || len(box.Objects) != 5 {
		return
	}
	if _, ok := box.Objects[4].(*widget.Label); !ok {
		return
	}
	row, ok := box.Objects[3].(*fyne.Container)
	if !ok {
		return
	}
	for i, o := range row.Objects {
		b, ok := o.(*widget.Button)
		if !ok {
			continue
		}
		kb := cloneButton(b)
		row.Objects[i] = kb
		if form, ok := box.Objects[2].(*widget.Form); ok && b.Importance == widget.HighImportance {
			form.SetOnValidationChanged(func(err error) {
				for _, b := range []*widget.Button{b, &kb.Button} {
					if err != nil {
						b.Disable()
					} else {
						b.Enable()
					}
				}
				kb.Refresh()
			})
		}
	}
	row.Refresh()
}

// cloneButton is a keyButton showing and doing what b does.
func cloneButton(b *widget.Button) *keyButton {
	kb := newKeyButton(b.Text, b.Icon, b.OnTapped)
	kb.Importance = b.Importance
	kb.Alignment = b.Alignment
	kb.IconPlacement = b.IconPlacement
	if b.Disabled() {
		kb.Disable()
	}
	return kb
}
