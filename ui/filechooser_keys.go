package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Enter and Esc in Fyne's file chooser (issue 15). Fyne focuses the Save
// chooser's name box when it shows, and that box, a plain Entry, took
// Esc and did nothing with it; Tab onto Cancel or Save took Enter and
// Esc alike. Fyne keeps those widgets to itself, so once the chooser
// shows they are swapped for Margin's (dialogwidgets.go) that do what
// Fyne's did and answer both keys:
//   - the name box is a mirror of Fyne's, which stays the one Fyne reads
//     (typing in either shows in the other): Esc cancels, Enter taps
//     Save, which asks "Overwrite?" for a file that exists, and that
//     question is adopted too (adoptDialogKeys);
//   - Cancel, and in a Save chooser Save, whose state is the name box's
//     (Fyne enables it for a name that is not empty).
// An Open chooser's Open button stays Fyne's: Fyne enables it when a
// file is clicked, which Margin cannot follow; Space taps it, and Enter
// with nothing focused opens the chosen file (dialogKey).

// showChooser shows the file chooser d on win with those keys.
func showChooser(d *dialog.FileDialog, win fyne.Window) {
	hideTooltip(win.Canvas())
	d.Show()
	adoptChooserKeys(win.Canvas())
	adoptPlaces(win.Canvas().Overlays().Top()) // filechooser_places.go
	addStops(win.Canvas())                     // Fyne's other widgets (filechooser_stops.go)
}

// adoptChooserKeys adopts the file chooser on top of c.
func adoptChooserKeys(c fyne.Canvas) {
	top := c.Overlays().Top()
	def, dismiss := dialogButtons(top)
	if def == nil || dismiss == nil {
		return
	}
	var row *fyne.Container
	var name *widget.Entry
	var nameScroll *container.Scroll
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch t := o.(type) {
		case *widget.PopUp:
			walk(t.Content)
		case *container.Scroll:
			if e, ok := t.Content.(*widget.Entry); ok {
				name, nameScroll = e, t
			}
		case *fyne.Container:
			for _, o := range t.Objects {
				if buttonOf(o) == def {
					row = t
				}
				walk(o)
			}
		}
	}
	walk(top)
	if row == nil {
		return
	}
	for i, o := range row.Objects {
		switch {
		case o == fyne.CanvasObject(dismiss):
			row.Objects[i] = cloneButton(dismiss)
		case o == fyne.CanvasObject(def) && name != nil:
			row.Objects[i] = mirrorSaveName(c, name, nameScroll, def)
		}
	}
	row.Refresh()
}

// mirrorSaveName puts a mirror of the Save chooser's name box in its
// place and returns the Save button that goes with it.
func mirrorSaveName(c fyne.Canvas, name *widget.Entry, scroll *container.Scroll, save *widget.Button) *keyButton {
	m := newEscEntry()
	m.SetPlaceHolder(name.PlaceHolder)
	m.SetText(name.Text)
	kb := cloneButton(save)
	follow := func(s string) {
		if s == "" {
			kb.Disable()
		} else {
			kb.Enable()
		}
	}
	kb.OnTapped = func() {
		save.OnTapped()    // Fyne's: saves, or asks "Overwrite?"
		adoptDialogKeys(c) // that question, when it asks
	}
	fyneChanged := name.OnChanged // Fyne's: enables its Save
	name.OnChanged = func(s string) {
		if fyneChanged != nil {
			fyneChanged(s)
		}
		if m.Text != s { // Fyne set it: a file clicked in the list
			m.SetText(s)
		}
		follow(s)
	}
	m.OnChanged = func(s string) {
		if name.Text != s {
			name.SetText(s)
		}
	}
	// Enter saves as Save does, never with no name (Fyne's own box
	// pressed its disabled Save).
	m.OnSubmitted = func(string) {
		if !kb.Disabled() {
			kb.OnTapped()
		}
	}
	m.onEscape = func() {
		if _, dismiss := dialogButtons(c.Overlays().Top()); dismiss != nil {
			dismiss.OnTapped()
		}
	}
	follow(m.Text)
	focused := c.Focused() == name
	scroll.Content = m
	scroll.Refresh()
	if focused {
		c.Focus(m)
	}
	return kb
}
