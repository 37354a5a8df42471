package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// leastWidth lays its objects over each other at its size, and is at
// least width wide: a Select is as narrow as its placeholder, so the
// label chosen in it showed as "CEASE…" (search across documents).
type leastWidth struct{ width float32 }

func (l leastWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, l.width)
	return s
}

func (l leastWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// selectWidth is how wide a Select shows the longest of options whole,
// but at most most.
func selectWidth(options []string, most float32) float32 {
	var w float32
	for _, o := range options {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return min(w+theme.IconInlineSize()+4*theme.InnerPadding(), most)
}
