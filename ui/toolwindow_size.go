package ui

import "fyne.io/fyne/v2"

// The sizes the tool windows want, where the screen has room (on a
// 1280×800 screen the main window's right-hand column narrows them to
// 960 px; at 1024×640 to about 770).
var (
	tableWindowSize    = fyne.NewSize(1000, 620)
	searchWindowSize   = fyne.NewSize(900, 600)
	statsWindowSize    = fyne.NewSize(960, 760) // as tall as the screen allows: its charts scroll less
	progressWindowSize = fyne.NewSize(640, 400)
)

// toolLeastWidth is the narrowest a tool window is made to leave the main
// window's right-hand column in view: below it the table's six columns
// and the statistics' bars no longer read.
const toolLeastWidth float32 = 640

// toolWindowSize is the size a tool window (the annotations table,
// search across documents, statistics, progress) opens at, wanting want,
// beside a main window whose canvas is main and whose right-hand column
// (the Labels pane, the inspector, the Compare panel) is right wide.
//
// The tool windows opened at a fixed size: on a 1024×640 screen the
// table (1000×620) and statistics (960×620) covered the main window's
// right-hand column, where the span a row jumps to shows in the
// inspector, and a larger want would have been bigger than the screen.
// Now a tool window is never larger than the main window (which is
// fitted to its screen), and it is narrowed to leave the right-hand
// column uncovered where the main window is wide enough for that
// (toolLeastWidth); a window manager places it, and without one it
// opens at the top left. A zero main (not laid out yet) leaves want.
func toolWindowSize(want, main fyne.Size, right float32) fyne.Size {
	if main.Width <= 0 || main.Height <= 0 {
		return want
	}
	size := fyne.NewSize(min(want.Width, main.Width), min(want.Height, main.Height))
	if right > 0 {
		beside := max(main.Width-right, min(toolLeastWidth, main.Width))
		size.Width = min(size.Width, beside)
	}
	return size
}

// toolSize is toolWindowSize beside w's window as it is laid out now.
func (w *Window) toolSize(want fyne.Size) fyne.Size {
	var right float32
	if w.shell.cols != nil && w.shell.cols.inner != nil && w.shell.cols.inner.Trailing != nil {
		right = w.shell.cols.inner.Trailing.Size().Width
	}
	return toolWindowSize(want, w.win.Canvas().Size(), right)
}
