package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Enter and Esc in every dialog. Fyne's dialogs answer neither key, and
// while one shows, a key typed with nothing in it focused goes to the
// canvas's own handlers, not to the article (the window's focus stays
// where it was, under the dialog). So the window's and the tool windows'
// canvas handlers start with dialogKey, which works for any dialog on
// the canvas (Margin's, and those Fyne opens itself: file choosers,
// "Overwrite?") without each one being wired: Enter taps the dialog's
// default button, Esc its dismissing one. The window's shortcuts do not
// act behind a dialog either (installShortcuts).

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
	def, dismiss := dialogButtons(c.Overlays().Top())
	var b *widget.Button
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b = def
		if b == nil {
			b = dismiss // an information dialog: its one button
		}
	case fyne.KeyEscape:
		b = dismiss
	}
	if b != nil && b.Visible() && !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
	}
	return true
}

// dialogButtons finds the default and the dismissing button of a
// dialog: the default is its one button of high importance (Fyne's and
// Margin's mark of the confirming action: Yes, OK, Save, Open, Label N);
// the dismissing one is in the default's row: the one with the cancel
// icon, else the first (Fyne puts Cancel or No first). A dialog without a default button
// (information, About, the shortcut sheet) dismisses with its only
// button. Only the dialog's own containers are searched, not the
// widgets of its content (a list's or a form's buttons are no answer).
func dialogButtons(o fyne.CanvasObject) (def, dismiss *widget.Button) {
	var all []*widget.Button
	var rowOf = map[*widget.Button][]fyne.CanvasObject{}
	var walk func(o fyne.CanvasObject, row []fyne.CanvasObject)
	walk = func(o fyne.CanvasObject, row []fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch t := o.(type) {
		case *widget.PopUp:
			walk(t.Content, nil)
		case *fyne.Container:
			for _, c := range t.Objects {
				walk(c, t.Objects)
			}
		case *widget.Button:
			all = append(all, t)
			rowOf[t] = row
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
		if b, ok := c.(*widget.Button); ok && b != def && b.Visible() {
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

// keysToDialog unfocuses the widget that has the keys, so that Enter and
// Esc reach dialogKey: a check box or an option clicked in a dialog
// takes the focus and, focused, ignores both keys.
func keysToDialog(c fyne.Canvas) {
	if c != nil {
		c.Unfocus()
	}
}
