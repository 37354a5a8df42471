package ui

import (
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/editctl"
)

// labelPanel lists the schema's labels with colour, hotkey and count;
// tapping one labels the selection. It is a virtualized grid, two
// columns where the pane is wide enough for two (the default schema's 9
// labels in 5 rows: the annotation list below gets the room); a name
// longer than its cell is cut with an ellipsis and shows whole, with its
// guideline, in the tooltip. A count change refreshes that one cell.
type labelPanel struct {
	labels func() []model.Label
	count  func(label string) int
	apply  func(label string)
	// hovered, if set, is told the label under the pointer.
	hovered func(label string)
	list    *widget.GridWrap
	scroll  fyne.CanvasObject // what the window places (the grid scrolls itself)
	row     map[string]int    // label name -> cell
	// cellWidth is the cells' width: the pane's width shared by the
	// columns (fitLabels), labelCellWidth at first.
	cellWidth float32
	// cellHeight is a cell's height in the panes' theme, measured once
	// (cellSize) for textSize, the app's text size it was measured at.
	cellHeight, textSize float32
	drawn                map[string]int // the count each cell shows
	// bound is the cell each count label shows now (the grid rebinds its
	// objects as it scrolls): counts change in place (panels_rows.go).
	bound map[*widget.Label]int
}

// labelCellWidth is a cell's least width: "8  CASUALTY_OR_DAMAGE" whole
// with its count, so two columns only in a pane of 404 px or more (a
// name cut to half a narrower pane could not be read).
const labelCellWidth = 200

// labelRowChars is how many characters of a label's name its cell holds
// before the cell's own ellipsis cuts it to its width.
const labelRowChars = 40

func newLabelPanel(labels func() []model.Label, count func(string) int, apply func(string)) *labelPanel {
	p := &labelPanel{labels: labels, count: count, apply: apply, row: map[string]int{}, drawn: map[string]int{}, cellWidth: labelCellWidth, bound: map[*widget.Label]int{}}
	p.list = widget.NewGridWrap(
		func() int { return len(p.labels()) },
		func() fyne.CanvasObject {
			swatch := canvas.NewRectangle(parseHex("#888888"))
			swatch.SetMinSize(fyne.NewSize(12, 12))
			swatch.CornerRadius = 3
			// The button takes the taps and the pointer; the name over it is
			// cut to the cell (a button is as wide as its text).
			btn := newTipButton("", "", nil)
			btn.Importance = widget.LowImportance
			name := widget.NewLabel("0  TERRITORIAL_CONTROL")
			name.Truncation = fyne.TextTruncateEllipsis
			width := canvas.NewRectangle(color.Transparent)
			width.SetMinSize(fyne.NewSize(p.cellWidth, 0))
			return container.NewStack(width, btn,
				container.NewBorder(nil, nil, container.NewCenter(swatch), widget.NewLabel("000"), name))
		},
		func(i widget.GridWrapItemID, o fyne.CanvasObject) {
			ls := p.labels()
			if i >= len(ls) {
				return
			}
			l := ls[i]
			c := o.(*fyne.Container)
			btn := c.Objects[1].(*tipButton)
			row := c.Objects[2].(*fyne.Container)
			key := l.Hotkey
			if key == "" {
				key = "·"
			}
			row.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s  %s", key, shorten(l.Name, labelRowChars)))
			tip := l.Name
			if l.Description != "" {
				tip += ": " + l.Description
			}
			btn.setTip(tip) // a reused cell drops the old label's tooltip
			name := l.Name
			btn.OnTapped = func() { p.apply(name) }
			btn.onHover = func() {
				if p.hovered != nil {
					p.hovered(name)
				}
			}
			sw := row.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
			sw.FillColor = parseHex(l.Color)
			sw.Refresh()
			n := p.count(l.Name)
			p.drawn[l.Name] = n
			cnt := row.Objects[2].(*widget.Label)
			p.bound[cnt] = i
			cnt.SetText(fmt.Sprint(n))
		},
	)
	// Cells are not selectable: a tap is the button's.
	p.list.OnSelected = func(widget.GridWrapItemID) { p.list.UnselectAll() }
	// The cells stretch to the pane's width: the grid's least width is
	// one cell of labelCellWidth, whatever the cells are now (else the pane
	// could never be made narrower again).
	p.scroll = container.New(capLayout{limit: fyne.NewSize(labelCellWidth, 1<<20)}, p.list)
	return p
}

// refresh shows the schema's labels (after a schema change).
func (p *labelPanel) refresh() {
	p.row = map[string]int{}
	for i, l := range p.labels() {
		p.row[l.Name] = i
	}
	p.list.Refresh()
}

// refreshCounts redraws the counts that changed (a document opened).
func (p *labelPanel) refreshCounts() {
	for name := range p.row {
		if n, ok := p.drawn[name]; !ok || n != p.count(name) {
			p.setCount(name, 0)
		}
	}
}

// setCount redraws the count of one label, in place: a RefreshItem of
// the list would clear Fyne's text caches (panels_rows.go).
func (p *labelPanel) setCount(label string, _ int) {
	i, ok := p.row[label]
	if !ok {
		return
	}
	n := p.count(label)
	p.drawn[label] = n
	for cnt, r := range p.bound {
		if r == i {
			cnt.SetText(fmt.Sprint(n))
		}
	}
}

// annotationPanel lists the document's annotations in text order, with a
// label filter; selecting a row scrolls to the span and selects it. An
// edit changes the rows in place: a relabel or note refreshes its row, an
// insert or delete shifts the rows below it; nothing is rebuilt.
type annotationPanel struct {
	anns     func() []*model.Annotation
	color    func(label string) color.Color
	focus    func(id string)
	box      *fyne.Container
	list     *widget.List
	filter   *widget.Select
	shown    []*model.Annotation // the rows: anns() that pass the filter
	selected int                 // the row selected, -1 none
	syncing  bool
	// the offsets column's width, for offDigits digits (panels_rows.go)
	offW      float32
	offDigits int
}

const allLabels = "all labels"

func newAnnotationPanel(anns func() []*model.Annotation, col func(string) color.Color, focus func(string)) *annotationPanel {
	p := &annotationPanel{anns: anns, color: col, focus: focus, selected: -1}
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		p.newAnnRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(p.shown) {
				p.bindAnnRow(p.shown[i], o)
			}
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		p.selected = i
		if p.syncing || i >= len(p.shown) {
			return
		}
		p.focus(p.shown[i].ID)
	}
	p.list.OnUnselected = func(i widget.ListItemID) {
		if p.selected == i {
			p.selected = -1
		}
	}
	p.filter = widget.NewSelect([]string{allLabels}, func(string) { p.refresh() })
	p.filter.SetSelected(allLabels)
	p.box = container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Annotations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, p.filter),
		nil, nil, nil, p.list)
	return p
}

func (p *annotationPanel) refreshFilter(labels []model.Label) {
	opts := []string{allLabels}
	for _, l := range labels {
		opts = append(opts, l.Name)
	}
	p.filter.Options = opts
	if p.filter.Selected == "" {
		p.filter.SetSelected(allLabels)
	}
	p.filter.Refresh()
}

func (p *annotationPanel) passes(a *model.Annotation) bool {
	return p.filter.Selected == "" || p.filter.Selected == allLabels || a.Label == p.filter.Selected
}

// refresh rebuilds the rows from the layer (a new document or filter).
func (p *annotationPanel) refresh() {
	p.shown = p.shown[:0]
	for _, a := range p.anns() {
		if p.passes(a) {
			p.shown = append(p.shown, a)
		}
	}
	p.unselect()
	p.list.Refresh()
}

// row is where a is (or would go) among the rows, in text order.
func (p *annotationPanel) row(a *model.Annotation) int {
	return sort.Search(len(p.shown), func(i int) bool { return !editctl.Less(p.shown[i], a) })
}

// indexOf is the row of the annotation with a's id, or -1.
func (p *annotationPanel) indexOf(a *model.Annotation) int {
	for i := p.row(a); i < len(p.shown) && i >= 0; i++ {
		if p.shown[i].ID == a.ID {
			return i
		}
		if editctl.Less(a, p.shown[i]) {
			break
		}
	}
	return -1
}

func (p *annotationPanel) inserted(a *model.Annotation) {
	if !p.passes(a) {
		return
	}
	i := p.row(a)
	p.shown = append(p.shown, nil)
	copy(p.shown[i+1:], p.shown[i:])
	p.shown[i] = a
	p.unselect()
	p.list.Refresh() // the rows from i down moved
}

// unselect drops the row selection when rows moved (the window selects
// the right one again).
func (p *annotationPanel) unselect() {
	p.syncing = true
	p.list.UnselectAll()
	p.selected = -1
	p.syncing = false
}

func (p *annotationPanel) removed(a *model.Annotation) {
	if i := p.indexOf(a); i >= 0 {
		p.shown = append(p.shown[:i], p.shown[i+1:]...)
		p.unselect()
		p.list.Refresh()
	}
}

func (p *annotationPanel) changed(old, cur *model.Annotation) {
	i := p.indexOf(old)
	if i >= 0 {
		p.shown = append(p.shown[:i], p.shown[i+1:]...)
	}
	if !p.passes(cur) {
		if i >= 0 {
			p.list.Refresh()
		}
		return
	}
	j := p.row(cur)
	p.shown = append(p.shown, nil)
	copy(p.shown[j+1:], p.shown[j:])
	p.shown[j] = cur
	if i == j {
		p.list.RefreshItem(i) // same place (a relabel, a note): only its row
	} else {
		p.unselect()
		p.list.Refresh()
	}
}

// selectID highlights the row of annotation id without re-triggering the
// selection handler.
func (p *annotationPanel) selectID(id string) {
	p.syncing = true
	defer func() { p.syncing = false }()
	for row, a := range p.shown {
		if a.ID == id {
			if p.selected != row {
				p.selected = row
				p.list.Select(row) // scrolls to it too
			}
			return
		}
	}
	p.selected = -1
	p.list.UnselectAll()
}

// showDocLabels draws the document-label sets as toggles above the text,
// once the document's labels are read (in the edit queue, or at once when
// it is empty: a small read).
func (w *Window) showDocLabels() {
	if w.doc == nil {
		w.docLabels.RemoveAll()
		w.docLabelsClip.Hide()
		return
	}
	id := w.doc.ID
	var ls []model.DocLabel
	w.ctl.ReadNow(func(st model.Store) error {
		var err error
		ls, err = st.DocLabels(w.ctx, id)
		return err
	}, func(err error) {
		if w.doc == nil || w.doc.ID != id {
			return // another document was opened meanwhile
		}
		if err != nil {
			w.showError(err)
		}
		w.drawDocLabels(ls)
	})
}

func (w *Window) drawDocLabels(ls []model.DocLabel) {
	w.docLabels.RemoveAll()
	have := map[string]bool{}
	for _, l := range ls {
		if l.Annotator == w.annotator {
			have[l.Set+"\x00"+l.Value] = true
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
	if len(w.docLabels.Objects) > 0 {
		w.docLabelsClip.Show()
	} else {
		w.docLabelsClip.Hide()
	}
	w.docLabels.Refresh()
}

func (w *Window) setDocLabel(set, value string, on bool) {
	if !w.canEdit() {
		return
	}
	l := model.DocLabel{DocID: w.doc.ID, Annotator: w.annotator, Set: set, Value: value}
	verb := "marked"
	if !on {
		verb = "unmarked"
	}
	w.ctl.WriteDoc(l.DocID, fmt.Sprintf("%s %s=%s", verb, set, value), func(st model.Store) error {
		if on {
			return st.SetDocLabel(w.ctx, l)
		}
		return st.RemoveDocLabel(w.ctx, l)
	}, func(err error) {
		if err != nil {
			w.showDocLabels() // the toggles as stored
		}
	})
}
