package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wheelTo lies over a scroll and gives it every wheel event over it.
// Fyne (v2.7.1) gives a wheel event to the topmost scrollable widget under
// the pointer, and a multi-line entry has a scroll of its own even when
// its text fits: in the inspector, once the note's box came under the
// pointer the wheel stopped there, and the form's last rows (its
// relations) could not be scrolled into view at 1024×640. wheelTo takes no
// taps, drags or hovering (it is none of those), so they reach the widgets
// under it as before; only the wheel is the form's.
type wheelTo struct {
	widget.BaseWidget
	scroll *container.Scroll
}

// overScroll is s with a wheelTo over it.
func overScroll(s *container.Scroll) fyne.CanvasObject {
	w := &wheelTo{scroll: s}
	w.ExtendBaseWidget(w)
	return container.NewStack(s, w)
}

func (w *wheelTo) Scrolled(ev *fyne.ScrollEvent) { w.scroll.Scrolled(ev) }

func (w *wheelTo) CreateRenderer() fyne.WidgetRenderer { return &emptyRenderer{} } // filechooser_stops.go
