// Package ui is Margin's Fyne interface. It talks to model.Store only and
// receives its fyne.App and fyne.Window from cmd/margin, so everything here
// runs headless under Fyne's test driver.
package ui

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// Window is the main window's state: one project, one annotator.
type Window struct {
	win       fyne.Window
	store     model.Store
	annotator string
	ctx       context.Context

	schema *model.Schema
	docs   []model.DocumentSummary
	doc    *model.Document

	docList   *widget.List
	article   *widget.Label
	articleSc *container.Scroll
	labelBox  *fyne.Container
	status    *widget.Label
	title     *widget.Label
}

// NewWindow builds the main window's content on win for the project in
// store. Call Load to fill it.
func NewWindow(win fyne.Window, store model.Store, annotator string) *Window {
	w := &Window{win: win, store: store, annotator: annotator, ctx: context.Background()}
	w.build()
	return w
}

func (w *Window) build() {
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	toolbar := container.NewHBox(
		w.title,
		layout.NewSpacer(),
		widget.NewLabel("annotator: "+w.annotator),
	)

	w.docList = widget.NewList(
		func() int { return len(w.docs) },
		func() fyne.CanvasObject { return widget.NewLabel("document name") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := w.docs[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s (%d)", d.Name, d.Annotations))
		},
	)
	w.docList.OnSelected = func(i widget.ListItemID) { w.openDocument(w.docs[i].ID) }

	w.article = widget.NewLabel("")
	w.article.Wrapping = fyne.TextWrapWord
	w.articleSc = container.NewVScroll(w.article)

	w.labelBox = container.NewVBox()
	right := container.NewBorder(widget.NewLabelWithStyle("Labels", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		container.NewVScroll(w.labelBox))

	w.status = widget.NewLabel("")
	center := container.NewHSplit(w.articleSc, right)
	center.Offset = 0.75
	main := container.NewHSplit(container.NewBorder(
		widget.NewLabelWithStyle("Documents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, w.docList), center)
	main.Offset = 0.18
	w.win.SetContent(container.NewBorder(toolbar, w.status, nil, nil, main))
}

// Load reads the schema and document list and shows the first document.
func (w *Window) Load() error {
	sc, err := w.store.Schema(w.ctx)
	if err != nil {
		return err
	}
	w.schema = sc
	w.title.SetText(w.store.Path())
	w.showLabels()
	docs, err := w.store.Documents(w.ctx)
	if err != nil {
		return err
	}
	w.docs = docs
	w.docList.Refresh()
	if len(docs) > 0 {
		w.docList.Select(0)
	} else {
		w.status.SetText("no documents: import some with 'margin import'")
	}
	return nil
}

func (w *Window) showLabels() {
	w.labelBox.RemoveAll()
	for _, l := range w.schema.Labels {
		swatch := canvas.NewRectangle(parseHex(l.Color))
		swatch.SetMinSize(fyne.NewSize(14, 14))
		key := l.Hotkey
		if key == "" {
			key = " "
		}
		row := container.NewHBox(
			container.NewCenter(swatch),
			widget.NewLabelWithStyle(key, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true}),
			widget.NewLabel(l.Name),
		)
		w.labelBox.Add(row)
	}
	w.labelBox.Refresh()
}

func (w *Window) openDocument(id int64) {
	d, err := w.store.Document(w.ctx, id)
	if err != nil {
		dialog.ShowError(err, w.win)
		return
	}
	w.doc = d
	w.article.SetText(d.Text)
	w.articleSc.ScrollToTop()
	anns, err := w.store.Annotations(w.ctx, id, "")
	if err != nil {
		dialog.ShowError(err, w.win)
		return
	}
	w.status.SetText(fmt.Sprintf("saved · %s · %d annotations", d.Name, len(anns)))
}

// CurrentDocument is the document shown, or nil.
func (w *Window) CurrentDocument() *model.Document { return w.doc }

// parseHex turns "#rrggbb" into a color; bad input gives grey.
func parseHex(s string) color.NRGBA {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.NRGBA{R: 128, G: 128, B: 128, A: 255}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 255}
}
