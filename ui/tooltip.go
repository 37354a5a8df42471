package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Tooltips (Fyne 2.7's widgets have none). They used to be pop-ups: a
// pop-up is an overlay that takes the next click to close itself, so a
// click on a label with a guideline only closed its tooltip and a second
// click was needed; they also outlived a row reused for another label.
// Now a tooltip is drawn in a layer above the window's content made of a
// rectangle and a label only: neither takes taps or hovering, so input
// goes to the widget under it.

// tipDelay is how long the pointer rests on a widget before its tooltip
// shows; 0 shows it at once (the tests).
var tipDelay = 600 * time.Millisecond

// tipMaxWidth is the widest a tooltip is drawn (its text wraps).
const tipMaxWidth = 360

// tooltipLayer draws at most one tooltip over a window's content.
type tooltipLayer struct {
	layer *fyne.Container // no layout: the tip is placed by hand
	bg    *canvas.Rectangle
	text  *widget.Label
	tip   *fyne.Container // bg and text
	owner fyne.CanvasObject
	gen   int // bumped on every show and hide: a late timer does nothing
}

var tipLayers sync.Map // fyne.Canvas -> *tooltipLayer

// withTooltips returns content with a tooltip layer above it and
// registers the layer for the window's canvas.
func withTooltips(win fyne.Window, content fyne.CanvasObject) fyne.CanvasObject {
	l := &tooltipLayer{bg: canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground)), text: widget.NewLabel("")}
	l.bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	l.bg.StrokeWidth = 1
	l.bg.CornerRadius = theme.InputRadiusSize()
	l.text.Wrapping = fyne.TextWrapWord
	l.tip = container.NewStack(l.bg, l.text)
	l.tip.Hide()
	l.layer = container.NewWithoutLayout(l.tip)
	tipLayers.Store(win.Canvas(), l)
	return container.NewStack(content, l.layer)
}

func tooltipLayerOf(o fyne.CanvasObject) *tooltipLayer {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	c := a.Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	l, _ := tipLayers.Load(c)
	tl, _ := l.(*tooltipLayer)
	return tl
}

// showFor shows text below owner (above it when there is no room below),
// inside the window: never clipped by its edges.
func (l *tooltipLayer) showFor(owner fyne.CanvasObject, text string) {
	l.gen++
	l.owner = owner
	l.text.SetText(text)
	area := l.layer.Size()
	width := fyne.Min(tipMaxWidth, area.Width-2*theme.Padding())
	l.text.Resize(fyne.NewSize(width, 1)) // a wrapped label's height follows its width
	size := fyne.NewSize(width, l.text.MinSize().Height)
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(owner).Subtract(d.AbsolutePositionForObject(l.layer))
	pos.Y += owner.Size().Height
	if pos.Y+size.Height > area.Height {
		pos.Y -= owner.Size().Height + size.Height // above the owner
	}
	pos.X = fyne.Max(theme.Padding(), fyne.Min(pos.X, area.Width-size.Width-theme.Padding()))
	pos.Y = fyne.Max(0, pos.Y)
	l.tip.Resize(size)
	l.tip.Move(pos)
	l.tip.Show()
	l.layer.Refresh()
}

// hideFor hides the tooltip if owner's is showing (or about to).
func (l *tooltipLayer) hideFor(owner fyne.CanvasObject) {
	if l.owner == owner {
		l.hide()
	}
}

// hide hides the tooltip, whoever's it is (a dialog opens over the
// window: the pointer never leaves the owner, so its MouseOut never
// comes, and a document's name stayed shown through the Preferences
// dialog).
func (l *tooltipLayer) hide() {
	if l.owner == nil && !l.tip.Visible() {
		return
	}
	l.gen++
	l.owner = nil
	l.tip.Hide()
	l.layer.Refresh()
}

// hideTooltip hides the tooltip of c's window, if any.
func hideTooltip(c fyne.Canvas) {
	if l, ok := tipLayers.Load(c); ok {
		l.(*tooltipLayer).hide()
	}
}

// showing is the text of the tooltip shown, "" when none.
func (l *tooltipLayer) showing() string {
	if l.tip.Visible() {
		return l.text.Text
	}
	return ""
}

// tipButton is a button that shows a tooltip (a label's guideline) while
// the pointer rests on it.
type tipButton struct {
	widget.Button
	tip string
	// onHover, if set, runs when the pointer comes onto the button.
	onHover func()
}

func newTipButton(text, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: tip}
	b.Text = text
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// setTip changes the tooltip (a list row reused for another label): a
// tooltip showing the old text goes.
func (b *tipButton) setTip(tip string) {
	if tip == b.tip {
		return
	}
	b.tip = tip
	b.hide()
}

// MouseIn shows the tooltip once the pointer rested on the button.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.onHover != nil {
		b.onHover()
	}
	tip := b.tip
	hoverTip(b, tip, func() bool { return b.tip == tip })
}

// hoverTip shows tip for owner once the pointer rested on it for
// tipDelay, if same() still holds then (the owner shows the same text).
func hoverTip(owner fyne.CanvasObject, tip string, same func() bool) {
	l := tooltipLayerOf(owner)
	if tip == "" || l == nil || dialogShown(fyne.CurrentApp().Driver().CanvasForObject(owner)) {
		return
	}
	l.gen++
	l.owner = owner
	if tipDelay == 0 {
		l.showFor(owner, tip)
		return
	}
	gen := l.gen
	time.AfterFunc(tipDelay, func() {
		fyne.Do(func() {
			// Still resting here, the same text, and not moved on; and
			// no dialog opened over the window meanwhile.
			if l.gen == gen && l.owner == owner && same() && owner.Visible() &&
				!dialogShown(fyne.CurrentApp().Driver().CanvasForObject(owner)) {
				l.showFor(owner, tip)
			}
		})
	})
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
	if l := tooltipLayerOf(b); l != nil {
		l.hideFor(b)
	}
}
