package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// steadyBox holds one object and shows its parent a minimum size that
// changes less often than the object's. Fyne's frame (EnsureMinSize in
// fyne v2.7.1 internal/driver/common/canvas.go:84) lays out again the
// parent of every object whose minimum size changed, and that layout marks
// the window dirty even where nothing moves: fyne.Container.Move repaints
// unconditionally (container.go:97) and a Scroll's layout refreshes its
// bar (internal/widget/scroller.go:455,477). So a label that changed its
// width on a Tab cost a second full frame of the window. Inside a
// steadyBox the object is laid out again alone, at the box's size, which
// changes nothing and marks nothing.
type steadyBox struct {
	widget.BaseWidget
	obj fyne.CanvasObject
	// fill, if set, is the viewport of the scroll the box is the content
	// of: the box is at least as tall, so forms that fit leave the
	// scroll's extent alone. A form taller than the viewport sets the
	// extent to its own height: keeping the tallest form's height instead
	// (one frame fewer on such Tabs) let the user scroll past a shorter
	// form's end into blank space, and put the note elsewhere on each Tab.
	fill func() fyne.Size
	// grow keeps the largest minimum size seen, so a label whose text
	// gets shorter leaves its row as it is.
	grow bool
	most fyne.Size
	// barsOnly: the scroll the box is the content of is refreshed to lay
	// out its bars, and the box's object is not refreshed with it.
	barsOnly bool
}

// newViewportBox is content for a vertical scroll that is at least as
// tall as the scroll.
func newViewportBox(obj fyne.CanvasObject, viewport func() fyne.Size) *steadyBox {
	b := &steadyBox{obj: obj, fill: viewport}
	b.ExtendBaseWidget(b)
	return b
}

// newGrowBox holds an object (a label of varying text) whose row keeps
// the widest text shown.
func newGrowBox(obj fyne.CanvasObject) *steadyBox {
	b := &steadyBox{obj: obj, grow: true}
	b.ExtendBaseWidget(b)
	return b
}

func (b *steadyBox) min() fyne.Size {
	m := b.obj.MinSize()
	if b.grow {
		b.most = b.most.Max(m)
		m = b.most
	}
	if b.fill != nil {
		m.Height = max(m.Height, b.fill().Height)
	}
	return m
}

func (b *steadyBox) CreateRenderer() fyne.WidgetRenderer { return &steadyRenderer{b: b} }

type steadyRenderer struct{ b *steadyBox }

func (r *steadyRenderer) Layout(size fyne.Size) {
	// Move only when needed: a Container's Move marks the window dirty
	// even at the same position.
	if r.b.obj.Position() != (fyne.Position{}) {
		r.b.obj.Move(fyne.Position{})
	}
	r.b.obj.Resize(size)
}

func (r *steadyRenderer) MinSize() fyne.Size { return r.b.min() }
func (r *steadyRenderer) Refresh() {
	if !r.b.barsOnly {
		r.b.obj.Refresh()
	}
}
func (r *steadyRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.obj} }
func (r *steadyRenderer) Destroy()                     {}
