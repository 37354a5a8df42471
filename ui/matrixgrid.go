package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// matrixGrid lays its objects out in rows of cols cells: the first
// column as wide as its widest cell, every other column as wide as the
// widest of them, each row as tall as its tallest cell. Fyne's grid made
// every column as wide as the widest cell of all, a row header such as
// "CASUALTY_OR_DAMAGE", so the dashboard's 9×9 confusion matrix was
// 1,600 px wide and showed two of its columns at 1024×640.
type matrixGrid struct{ cols int }

func (g matrixGrid) widths(objs []fyne.CanvasObject) (head, cell float32) {
	for i, o := range objs {
		if i%g.cols == 0 {
			head = max(head, o.MinSize().Width)
		} else {
			cell = max(cell, o.MinSize().Width)
		}
	}
	return head, cell
}

func (g matrixGrid) rowHeights(objs []fyne.CanvasObject) []float32 {
	var hs []float32
	for i, o := range objs {
		if i%g.cols == 0 {
			hs = append(hs, 0)
		}
		hs[len(hs)-1] = max(hs[len(hs)-1], o.MinSize().Height)
	}
	return hs
}

func (g matrixGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	head, cell := g.widths(objs)
	hs := g.rowHeights(objs)
	p := theme.Padding()
	h := p * float32(len(hs)-1)
	for _, r := range hs {
		h += r
	}
	return fyne.NewSize(head+float32(g.cols-1)*(cell+p), h)
}

func (g matrixGrid) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	head, cell := g.widths(objs)
	hs := g.rowHeights(objs)
	p := theme.Padding()
	var y float32
	for i, o := range objs {
		row, col := i/g.cols, i%g.cols
		if col == 0 && row > 0 {
			y += hs[row-1] + p
		}
		x, w := float32(0), head
		if col > 0 {
			x, w = head+p+float32(col-1)*(cell+p), cell
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, hs[row]))
	}
}
