package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// toolItem is one object of the toolbar's left part. When the toolbar is
// too narrow for it, it is hidden and menu() offers its action in the
// toolbar's menu instead.
type toolItem struct {
	obj fyne.CanvasObject
	// keep orders hiding: the item with the lowest keep goes first.
	keep int
	menu func() []*fyne.MenuItem
	// hidden is the layout's last decision.
	hidden bool
}

// toolbarLayout lays out the window's top row in the width it is given,
// never asking for more: its minimum width is that of the always-shown
// right part (search and menu button), so neither typing into Search nor
// a long title can widen the window (Fyne grows a window to its content's
// minimum size, and never shrinks it again).
type toolbarLayout struct {
	items []*toolItem
	// right is laid out at the right edge in order, always shown.
	right []fyne.CanvasObject
	// reserve is the least width the first right object (the search box)
	// gets, so the box does not grow, and items do not come and go, as
	// its match count appears while the user types.
	reserve float32
}

func (l *toolbarLayout) rightWidths() []float32 {
	ws := make([]float32, len(l.right))
	for i, o := range l.right {
		ws[i] = o.MinSize().Width
		if i == 0 && ws[i] < l.reserve {
			ws[i] = l.reserve
		}
	}
	return ws
}

func (l *toolbarLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, rw := range l.rightWidths() {
		w += rw + pad
		h = fyne.Max(h, l.right[i].MinSize().Height)
	}
	for _, it := range l.items {
		h = fyne.Max(h, it.obj.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (l *toolbarLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	rws := l.rightWidths()
	x := size.Width
	for i := len(l.right) - 1; i >= 0; i-- {
		x -= rws[i]
		place(l.right[i], x, rws[i], size.Height)
		x -= pad
	}
	avail := x
	// Hide the items of lowest keep until the rest fits.
	for _, it := range l.items {
		it.hidden = false
	}
	for l.leftWidth() > avail {
		var drop *toolItem
		for _, it := range l.items {
			if !it.hidden && (drop == nil || it.keep < drop.keep) {
				drop = it
			}
		}
		if drop == nil {
			break
		}
		drop.hidden = true
	}
	x = 0
	for _, it := range l.items {
		if it.hidden {
			it.obj.Hide()
			continue
		}
		it.obj.Show()
		w := it.obj.MinSize().Width
		place(it.obj, x, w, size.Height)
		x += w + pad
	}
}

func (l *toolbarLayout) leftWidth() float32 {
	pad := theme.Padding()
	var w float32
	for _, it := range l.items {
		if !it.hidden {
			w += it.obj.MinSize().Width + pad
		}
	}
	return w
}

// place puts o at x with width w, centred vertically in height h at its
// minimum height.
func place(o fyne.CanvasObject, x, w, h float32) {
	oh := fyne.Min(o.MinSize().Height, h)
	o.Resize(fyne.NewSize(w, oh))
	o.Move(fyne.NewPos(x, (h-oh)/2))
}

// overflow is the menu entries of the items the last layout hid, in
// toolbar order.
func (l *toolbarLayout) overflow() []*fyne.MenuItem {
	var out []*fyne.MenuItem
	for _, it := range l.items {
		if it.hidden && it.menu != nil {
			out = append(out, it.menu()...)
		}
	}
	return out
}

// objects is everything the layout places, for its container.
func (l *toolbarLayout) objects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, it := range l.items {
		out = append(out, it.obj)
	}
	return append(out, l.right...)
}

// actionItem is a toolbar button for an action, offered as the menu item
// text when hidden.
func actionItem(keep int, label, menuText string, icon fyne.Resource, run func()) *toolItem {
	return &toolItem{
		obj:  widget.NewButtonWithIcon(label, icon, run),
		keep: keep,
		menu: func() []*fyne.MenuItem { return []*fyne.MenuItem{fyne.NewMenuItem(menuText, run)} },
	}
}

// searchReserve is the width kept for the search box: the entry, a match
// count as wide as "9999 of 9999" and the "label all…" choice.
func searchReserve(box fyne.CanvasObject) float32 {
	count := fyne.MeasureText("9999 of 9999", theme.TextSize(), fyne.TextStyle{})
	return box.MinSize().Width + count.Width + 2*theme.InnerPadding()
}
