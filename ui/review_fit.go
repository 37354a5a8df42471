package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// fitGrid lays its objects out in two columns where they fit side by
// side and in one column where they do not: the Compare panel's legend
// and its Previous/Next buttons in two columns needed 456 px, so in the
// 252 px column of an 800 px window "Next disagreement (N)" was out of
// view until the pane was scrolled sideways. Its least width is one
// column's; its least height follows the width it was last laid out at.
type fitGrid struct {
	width float32 // the width of the last Layout, 0 before
	two   bool    // that Layout made two columns
	// flipped, if set, runs when a Layout changed the number of columns:
	// the least height changed, and what holds the grid must lay it out
	// again.
	flipped func()
}

func (g *fitGrid) colWidth(objs []fyne.CanvasObject) float32 {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return w
}

// twoColumns says whether the objects fit two side by side in width.
func (g *fitGrid) twoColumns(objs []fyne.CanvasObject, width float32) bool {
	return width > 0 && 2*g.colWidth(objs)+theme.Padding() <= width
}

func (g *fitGrid) rows(objs []fyne.CanvasObject, two bool) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		if n := len(rows); two && n > 0 && len(rows[n-1]) == 1 {
			rows[n-1] = append(rows[n-1], o)
		} else {
			rows = append(rows, []fyne.CanvasObject{o})
		}
	}
	return rows
}

func rowHeight(row []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range row {
		h = max(h, o.MinSize().Height)
	}
	return h
}

func (g *fitGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows := g.rows(objs, g.twoColumns(objs, g.width))
	var h float32
	for i, r := range rows {
		if i > 0 {
			h += theme.Padding()
		}
		h += rowHeight(r)
	}
	return fyne.NewSize(g.colWidth(objs), h)
}

func (g *fitGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	g.width = size.Width
	two := g.twoColumns(objs, size.Width)
	if two != g.two {
		g.two = two
		if g.flipped != nil {
			defer g.flipped()
		}
	}
	cell := size.Width
	if two {
		cell = (size.Width - theme.Padding()) / 2
	}
	var y float32
	for _, r := range g.rows(objs, two) {
		h := rowHeight(r)
		for i, o := range r {
			o.Move(fyne.NewPos(float32(i)*(cell+theme.Padding()), y))
			o.Resize(fyne.NewSize(cell, h))
		}
		y += h + theme.Padding()
	}
}
