package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// showShortcuts shows every key binding (bindings(), the table the window
// registers its shortcuts from), grouped; Enter or Esc closes it (dialogKey).
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
	d.SetOnClosed(func() { w.shell.sheet = nil })
	showDialog(d, w.win) // Enter and Esc close it: dialogkeys.go
}
