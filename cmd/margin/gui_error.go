package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// errorWindow, set by --error-window, shows an error that keeps the
// project's window from opening (a damaged file, a server that refuses
// the login of a removed member) in a small window of its own. The
// desktop entry passes it: opened from a file manager there is no
// terminal, and the error on standard error reached no one. Without it
// the process prints the error and exits, as scripts and tests expect.
var errorWindow bool

// windowRan is set once the project's window ran the app's event loop:
// Fyne runs it once per process, so an error after that (the window's
// own load failing, shown in it) is not shown again in another.
var windowRan bool

// showStartupError makes win say err, until the person closes it; the
// caller runs it (ShowAndRun).
func showStartupError(win fyne.Window, what string, err error) {
	win.SetTitle("Margin — could not open " + what)
	head := widget.NewLabelWithStyle("Margin could not open "+what, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	msg.Selectable = true // to copy into a message to the lead or a bug report
	closeButton := widget.NewButton("Close", win.Close)
	closeButton.Importance = widget.HighImportance
	win.SetContent(container.NewBorder(head, container.NewHBox(layout.NewSpacer(), closeButton), nil, nil, container.NewVScroll(msg)))
	win.Resize(fyne.NewSize(620, 240))
	// Escape or Enter closes it, as a dialog's would (the canvas has
	// them while nothing is focused; Tab then Space presses Close).
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
			win.Close()
		}
	})
	win.SetMaster()
}
