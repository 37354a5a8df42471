package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// showShortcuts shows every key binding (bindings(), the table the window
// registers its shortcuts from), grouped; Enter or Esc closes it.
func (w *Window) showShortcuts() {
	if w.shell.sheet != nil {
		return // already showing
	}
	// A form layout: each row as tall as its own text (a grid made every
	// row as tall as the one wrapped row).
	grid := container.New(layout.NewFormLayout())
	group := ""
	for _, r := range sheetRows(w.bindings()) {
		if r[0] != group {
			group = r[0]
			grid.Add(widget.NewLabelWithStyle(group, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			grid.Add(widget.NewLabel(""))
		}
		grid.Add(widget.NewLabelWithStyle(r[1], fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		what := widget.NewLabel(r[2])
		what.Wrapping = fyne.TextWrapWord
		grid.Add(what)
	}
	scroll := container.NewVScroll(grid)
	d := dialog.NewCustom("Keyboard shortcuts", "Close", scroll, w.win)
	w.shell.sheet = d
	size := w.win.Canvas().Size()
	d.Resize(fyne.NewSize(fyne.Min(760, size.Width-40), fyne.Min(680, size.Height-40)))
	d.Show()
	closeOnKeys(w.win, d, func() { w.shell.sheet = nil })
}

// closeOnKeys makes Enter and Esc close d, a dialog that shows (one
// whose only button closes it; Fyne's custom dialogs answer neither key by
// themselves), and runs closed once it closed. With no field focused in
// the dialog, keys reach the canvas's handler, which d borrows meanwhile.
func closeOnKeys(win fyne.Window, d dialog.Dialog, closed func()) {
	c := win.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
			d.Hide()
		}
	})
	d.SetOnClosed(func() {
		c.SetOnTypedKey(prev)
		if closed != nil {
			closed()
		}
	})
}
