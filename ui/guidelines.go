package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The Guidelines panel, below the article: the guideline (Markdown, with
// its examples) of the label in hand: the selected span's label, the
// label under the pointer in the Labels panel, or the label last chosen.
// It used to show only in a label's tooltip and in the inspector, where
// it could not stay in view while reading. Ctrl+G or the menu shows and
// hides it; the choice is kept in the preferences.

// PrefGuidelines is the Fyne preference (bool, default off) that shows
// the Guidelines panel.
const PrefGuidelines = "guidelines.shown"

// guidelinesHeight is the panel's height: a few lines of guideline at
// 1024×640 leave the article most of the column.
const guidelinesHeight = 150

type guidelinesPanel struct {
	box *fyne.Container // what the window places: hidden when off
	// column is the article's column holding box: laid out again when box
	// shows or hides (not refreshed: that would redraw the article).
	column *fyne.Container
	title  *widget.Label
	text   *widget.RichText
	label  string // the label shown
	draws  int    // how often the guideline was drawn (tests)
	// lookup finds a label of the schema by name.
	lookup func(name string) (*model.Label, bool)
}

func newGuidelinesPanel(lookup func(string) (*model.Label, bool)) *guidelinesPanel {
	g := &guidelinesPanel{lookup: lookup, title: widget.NewLabelWithStyle("Guidelines", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	g.text = widget.NewRichTextFromMarkdown(noGuideline)
	g.text.Wrapping = fyne.TextWrapWord
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, guidelinesHeight))
	g.box = container.NewStack(height, container.NewBorder(g.title, nil, nil, nil, container.NewVScroll(g.text)))
	g.box.Hide()
	return g
}

const noGuideline = "Select a span, or point at a label, to read its guideline here."

// follow shows the guideline of label name (once: the same label again
// changes nothing).
func (g *guidelinesPanel) follow(name string) {
	if name == "" || name == g.label {
		return
	}
	g.label = name
	if !g.box.Visible() {
		// Hidden (the default): showGuidelines draws it when shown. Drawn
		// here, each Tab onto a span of another label parsed and wrapped
		// a guideline nobody saw, in the key's handler (issue 14).
		return
	}
	g.draw()
}

// draw shows the guideline of the label followed, as the schema has it now.
func (g *guidelinesPanel) draw() {
	g.draws++
	l, ok := g.lookup(g.label)
	if !ok {
		g.title.SetText("Guidelines")
		g.text.ParseMarkdown(noGuideline)
		return
	}
	g.title.SetText("Guidelines · " + l.Name)
	md := l.Description
	if md == "" {
		md = "*No guideline yet for " + l.Name + ".* Write one in Schema → the label's guideline."
	}
	g.text.ParseMarkdown(md)
}

// showGuidelines shows or hides the Guidelines panel, and keeps the choice.
func (w *Window) showGuidelines(on bool) {
	g := w.guides
	if on {
		g.draw() // the schema may have changed while hidden
		g.box.Show()
	} else {
		g.box.Hide()
	}
	if c := g.column; c != nil && c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	if p := prefs(); p != nil {
		p.SetBool(PrefGuidelines, on)
	}
}

// toggleGuidelines is Ctrl+G and the menu's "Guidelines panel".
func (w *Window) toggleGuidelines() { w.showGuidelines(!w.guides.box.Visible()) }
