package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// tipButton is a button that shows a tooltip (a label's guideline) while
// the pointer rests on it; Fyne 2.7's widgets have no tooltips of their own.
type tipButton struct {
	widget.Button
	tip string
	pop *widget.PopUp
}

func newTipButton(text, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: tip}
	b.Text = text
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tooltip below the button.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.tip == "" {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	l := widget.NewLabel(b.tip)
	l.Wrapping = fyne.TextWrapWord
	width := fyne.Min(360, c.Size().Width-20)
	l.Resize(fyne.NewSize(width, 1)) // a wrapped label's height follows its width
	b.pop = widget.NewPopUp(l, c)
	b.pop.Resize(fyne.NewSize(width, l.MinSize().Height))
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
	if pos.X+width > c.Size().Width {
		pos.X = c.Size().Width - width - 4
	}
	b.pop.ShowAtPosition(pos)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.hide()
}

// Tapped hides the tooltip and runs the button's action.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	b.hide()
	b.Button.Tapped(ev)
}

func (b *tipButton) hide() {
	if b.pop != nil {
		b.pop.Hide()
		b.pop = nil
	}
}
