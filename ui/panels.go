package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// labelPanel lists the schema's labels with colour, hotkey and count;
// tapping one labels the selection.
type labelPanel struct {
	w      *Window
	box    *fyne.Container
	scroll *container.Scroll
	counts map[string]*widget.Label
}

func newLabelPanel(w *Window) *labelPanel {
	p := &labelPanel{w: w, box: container.NewVBox()}
	p.scroll = container.NewVScroll(p.box)
	return p
}

func (p *labelPanel) refresh() {
	p.box.RemoveAll()
	p.counts = map[string]*widget.Label{}
	for _, l := range p.w.schema.Labels {
		l := l
		swatch := canvas.NewRectangle(parseHex(l.Color))
		swatch.SetMinSize(fyne.NewSize(14, 14))
		swatch.CornerRadius = 3
		key := l.Hotkey
		if key == "" {
			key = "·"
		}
		btn := newTipButton(fmt.Sprintf("%s  %s", key, l.Name), l.Description, func() { p.w.applyLabel(l.Name) })
		btn.Alignment = widget.ButtonAlignLeading
		btn.Importance = widget.LowImportance
		count := widget.NewLabel("0")
		p.counts[l.Name] = count
		p.box.Add(container.NewBorder(nil, nil, container.NewCenter(swatch), count, btn))
	}
	p.box.Refresh()
}

// refreshCounts shows how many annotations of each label the layer has.
func (p *labelPanel) refreshCounts() {
	n := map[string]int{}
	for _, a := range p.w.anns {
		n[a.Label]++
	}
	for name, l := range p.counts {
		l.SetText(fmt.Sprint(n[name]))
	}
}

// annotationPanel lists the document's annotations in text order, with a
// label filter; selecting a row scrolls to the span and selects it.
type annotationPanel struct {
	w       *Window
	box     *fyne.Container
	list    *widget.List
	filter  *widget.Select
	shown   []int // indexes into w.anns
	syncing bool
}

const allLabels = "all labels"

func newAnnotationPanel(w *Window) *annotationPanel {
	p := &annotationPanel{w: w}
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			sw := canvas.NewRectangle(parseHex("#888888"))
			sw.SetMinSize(fyne.NewSize(6, 18))
			return container.NewBorder(nil, nil, sw, widget.NewLabel("0000–0000"), widget.NewLabel("covered text"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := &p.w.anns[p.shown[i]]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).Truncation = fyne.TextTruncateEllipsis
			c.Objects[0].(*widget.Label).SetText(shorten(a.Text, 60))
			sw := c.Objects[1].(*canvas.Rectangle)
			sw.FillColor = p.w.labelColor(a.Label)
			sw.Refresh()
			c.Objects[2].(*widget.Label).SetText(fmt.Sprintf("%d–%d", a.Start(), a.End()))
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if p.syncing || i >= len(p.shown) {
			return
		}
		p.w.focusAnnotation(p.w.anns[p.shown[i]].ID)
	}
	p.filter = widget.NewSelect([]string{allLabels}, func(string) { p.refresh() })
	p.filter.SetSelected(allLabels)
	p.box = container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Annotations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, p.filter),
		nil, nil, nil, p.list)
	return p
}

func (p *annotationPanel) refreshFilter() {
	opts := []string{allLabels}
	for _, l := range p.w.schema.Labels {
		opts = append(opts, l.Name)
	}
	p.filter.Options = opts
	if p.filter.Selected == "" {
		p.filter.SetSelected(allLabels)
	}
	p.filter.Refresh()
}

func (p *annotationPanel) refresh() {
	p.shown = p.shown[:0]
	for i, a := range p.w.anns {
		if p.filter.Selected == "" || p.filter.Selected == allLabels || a.Label == p.filter.Selected {
			p.shown = append(p.shown, i)
		}
	}
	p.list.UnselectAll()
	p.list.Refresh()
}

// selectID highlights the row of annotation id without re-triggering the
// selection handler.
func (p *annotationPanel) selectID(id string) {
	p.syncing = true
	defer func() { p.syncing = false }()
	for row, i := range p.shown {
		if p.w.anns[i].ID == id {
			p.list.Select(row)
			p.list.ScrollTo(row)
			return
		}
	}
	p.list.UnselectAll()
}

// showDocLabels draws the document-label sets as toggles above the text.
func (w *Window) showDocLabels() {
	w.docLabels.RemoveAll()
	if w.doc == nil {
		return
	}
	have := map[string]bool{}
	if ls, err := w.store.DocLabels(w.ctx, w.doc.ID); err == nil {
		for _, l := range ls {
			if l.Annotator == w.annotator {
				have[l.Set+"\x00"+l.Value] = true
			}
		}
	}
	for _, set := range w.schema.DocLabelSets {
		set := set
		w.docLabels.Add(widget.NewLabelWithStyle(set.Name+":", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if set.Multiple {
			var selected []string
			for _, v := range set.Values {
				if have[set.Name+"\x00"+v] {
					selected = append(selected, v)
				}
			}
			cg := widget.NewCheckGroup(set.Values, nil)
			cg.Horizontal = true
			cg.SetSelected(selected)
			prev := map[string]bool{}
			for _, v := range selected {
				prev[v] = true
			}
			cg.OnChanged = func(now []string) {
				cur := map[string]bool{}
				for _, v := range now {
					cur[v] = true
					if !prev[v] {
						w.setDocLabel(set.Name, v, true)
					}
				}
				for v := range prev {
					if !cur[v] {
						w.setDocLabel(set.Name, v, false)
					}
				}
				prev = cur
			}
			w.docLabels.Add(cg)
			continue
		}
		rg := widget.NewRadioGroup(set.Values, nil)
		rg.Horizontal = true
		for _, v := range set.Values {
			if have[set.Name+"\x00"+v] {
				rg.SetSelected(v)
			}
		}
		prev := rg.Selected
		rg.OnChanged = func(v string) {
			if v == "" {
				if prev != "" {
					w.setDocLabel(set.Name, prev, false)
				}
			} else {
				w.setDocLabel(set.Name, v, true)
			}
			prev = v
		}
		w.docLabels.Add(rg)
	}
	w.docLabels.Refresh()
}

func (w *Window) setDocLabel(set, value string, on bool) {
	if !w.canEdit() {
		return
	}
	l := model.DocLabel{DocID: w.doc.ID, Annotator: w.annotator, Set: set, Value: value}
	var err error
	if on {
		err = w.store.SetDocLabel(w.ctx, l)
	} else {
		err = w.store.RemoveDocLabel(w.ctx, l)
	}
	if err != nil {
		w.showError(err)
		return
	}
	verb := "marked"
	if !on {
		verb = "unmarked"
	}
	w.lastSaved = fmt.Sprintf("saved · %s %s=%s", verb, set, value)
	w.updateStatus()
}
