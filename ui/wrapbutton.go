package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wrapButton is a button whose text wraps to the width it is given, for
// a narrow pane: Fyne's Button is as wide as its text, and the Curate
// panel's "Accept the 5 exact matches left (Shift+Enter)", "Accept bob:
// ACTOR “…” (Enter)" and "Reject the rest (Delete): nothing into gold"
// made the panel wider than the right-hand column at 1280 px and 1024 px
// alike, so the pane cut them (and "Next disagreement") at its edge. It is
// a Button without text (its background, hover, tap and importance)
// under a word-wrapped text in the colour the button's text would have.
type wrapButton struct {
	widget.BaseWidget
	Text   string
	button *widget.Button
	text   *widget.RichText
}

func newWrapButton(text string, tapped func()) *wrapButton {
	b := &wrapButton{button: widget.NewButton("", tapped), text: widget.NewRichText()}
	b.text.Wrapping = fyne.TextWrapWord
	b.ExtendBaseWidget(b)
	b.SetText(text)
	return b
}

// SetText changes the text (the wrapping follows at the next layout).
func (b *wrapButton) SetText(text string) {
	b.Text = text
	b.restyle()
}

// SetImportance is the button's importance (HighImportance: the primary
// colour, with the text in the colour drawn on it).
func (b *wrapButton) SetImportance(i widget.Importance) {
	b.button.Importance = i
	b.button.Refresh()
	b.restyle()
}

func (b *wrapButton) Enable() {
	b.button.Enable()
	b.restyle()
}

func (b *wrapButton) Disable() {
	b.button.Disable()
	b.restyle()
}

func (b *wrapButton) Disabled() bool { return b.button.Disabled() }

// Tapped taps the button (the pointer reaches the button itself: the
// text is not tappable).
func (b *wrapButton) Tapped(ev *fyne.PointEvent) { b.button.Tapped(ev) }

func (b *wrapButton) restyle() {
	col := theme.ColorNameForeground
	switch {
	case b.button.Disabled():
		col = theme.ColorNameDisabled
	case b.button.Importance == widget.HighImportance:
		col = theme.ColorNameForegroundOnPrimary
	}
	b.text.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: b.Text,
		Style: widget.RichTextStyle{ColorName: col, Inline: true, TextStyle: fyne.TextStyle{Bold: true}}}}
	b.text.Refresh()
}

func (b *wrapButton) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.button, b.text))
}
