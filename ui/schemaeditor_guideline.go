package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// guidelineHelp says what the guideline is for and which Markdown works.
const guidelineHelp = "What to mark and what not, with examples. Markdown: **bold**, *italic*, - lists, > quoted examples. Shown beside the text, as the label's tooltip and in the codebook."

// guidelineEditor edits a label's guideline (Markdown) beside a preview
// rendered as the window renders it (widget.RichTextFromMarkdown).
type guidelineEditor struct {
	entry   *escEntry
	preview *widget.RichText
	object  fyne.CanvasObject
}

func newGuidelineEditor(text string, onChanged func(string)) *guidelineEditor {
	g := &guidelineEditor{entry: newMultiLineEscEntry(), preview: widget.NewRichTextFromMarkdown("")}
	g.entry.Wrapping = fyne.TextWrapWord
	g.entry.SetMinRowsVisible(6)
	g.entry.PlaceHolder = "e.g. Mark the whole clause.\n\n> Example: \"the ceasefire begins at midnight\""
	g.entry.SetText(text)
	g.preview.Wrapping = fyne.TextWrapWord
	g.render(text)
	g.entry.OnChanged = func(s string) {
		g.render(s)
		onChanged(s)
	}
	help := widget.NewLabel(guidelineHelp)
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	head := widget.NewLabelWithStyle("Guideline", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	previewHead := widget.NewLabelWithStyle("Preview", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	// The preview scrolls within the entry's height, so a long guideline
	// does not push the attributes out of view.
	scroll := container.NewVScroll(g.preview)
	scroll.SetMinSize(fyne.NewSize(0, g.entry.MinSize().Height))
	g.object = container.NewVBox(head, help,
		container.NewGridWithColumns(2, g.entry, container.NewBorder(previewHead, nil, nil, nil, widget.NewCard("", "", scroll))))
	return g
}

func (g *guidelineEditor) render(md string) {
	if md == "" {
		md = "*No guideline yet.*"
	}
	g.preview.ParseMarkdown(md)
}
