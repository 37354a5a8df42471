package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// A column chart's days: the first, the middle and the last day written
// under their columns. The chart's heading gave only the range, and a
// column could not be told from its neighbours' days.

// dayAxis lays out texts under the columns given by at (a column index
// for each text), as columnLayout places the columns; a text that would
// run into the one before is hidden.
type dayAxis struct {
	n  int   // the chart's columns
	at []int // each text's column
}

// newDayAxis writes the days of the first, middle and last of days.
func newDayAxis(days []dayTotal) fyne.CanvasObject {
	a := &dayAxis{n: len(days)}
	var texts []fyne.CanvasObject
	for _, i := range []int{0, len(days) / 2, len(days) - 1} {
		if len(days) == 0 || (len(a.at) > 0 && a.at[len(a.at)-1] == i) {
			continue
		}
		t := canvas.NewText(days[i].Day, theme.Color(theme.ColorNamePlaceHolder))
		t.TextSize = theme.CaptionTextSize()
		a.at = append(a.at, i)
		texts = append(texts, t)
	}
	return container.New(a, texts...)
}

func (a *dayAxis) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if a.n == 0 {
		return
	}
	slot := columnSlot(size.Width, a.n)
	end := float32(0) // where the last text shown ends
	for k, o := range objs {
		w := o.MinSize().Width
		x := float32(a.at[k])*slot + slot/2 - w/2
		x = max(0, min(x, size.Width-w))
		o.Move(fyne.NewPos(x, 0))
		o.Resize(o.MinSize())
		if k > 0 && x < end+theme.Padding() {
			o.Hide()
			continue
		}
		o.Show()
		end = x + w
	}
}

func (a *dayAxis) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}
