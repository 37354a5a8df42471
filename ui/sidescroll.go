package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// sideScroll is a horizontal scroll inside a vertical one (the agreement
// dashboard's matrices, in its scrolled column) that passes the wheel's
// up and down to the outer scroll: Fyne gives a wheel turn to the
// innermost scroll under the pointer, so with the pointer over a matrix
// the dashboard stopped scrolling (a matrix that fits did nothing, a
// wider one moved sideways). Sideways turns (Shift+wheel, a touchpad)
// still scroll the matrix.
type sideScroll struct {
	container.Scroll
	outer *outerScroll
}

// outerScroll names the vertical scroll that sideScrolls pass the wheel
// to; it is set once that scroll is made, after what it holds.
type outerScroll struct{ scroll *container.Scroll }

func newSideScroll(content fyne.CanvasObject, outer *outerScroll) *sideScroll {
	s := &sideScroll{outer: outer}
	s.Direction = container.ScrollHorizontalOnly
	s.Content = content
	s.ExtendBaseWidget(s)
	return s
}

func (s *sideScroll) Scrolled(ev *fyne.ScrollEvent) {
	dx, dy := ev.Scrolled.DX, ev.Scrolled.DY
	if s.outer != nil && s.outer.scroll != nil && dy*dy > dx*dx {
		s.outer.scroll.Scrolled(ev)
		return
	}
	s.Scroll.Scrolled(ev)
}
