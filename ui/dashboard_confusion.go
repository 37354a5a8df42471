package ui

import (
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/agreement"
	"github.com/margin-app/margin/dataset"
)

// confusionView is the per-label confusion matrix of a pair of
// annotators (a choice of pair when there are more than two): rows are
// the first annotator's labels, columns the second's, ∅ where one side
// marked nothing over the same extent. The diagonal is where they agree.
// The wheel over it scrolls outer, the dashboard's column.
func confusionView(sum *dataset.AgreementSummary, outer *outerScroll) fyne.CanvasObject {
	if len(sum.Confusion) == 0 {
		return widget.NewLabel("")
	}
	holder := container.NewStack()
	show := func(c agreement.Confusion) {
		holder.Objects = []fyne.CanvasObject{confusionGrid(c)}
		holder.Refresh()
	}
	title := widget.NewLabelWithStyle("Label confusion (spans of the same extent)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	matrix := newSideScroll(holder, outer) // as wide as the labels need, scrolled in the column
	if len(sum.Confusion) == 1 {
		show(sum.Confusion[0])
		return container.NewVBox(title, matrix)
	}
	var names []string
	byName := map[string]agreement.Confusion{}
	for _, c := range sum.Confusion {
		n := c.A + " × " + c.B
		names = append(names, n)
		byName[n] = c
	}
	pick := newKeySelect(names, func(n string) { show(byName[n]) })
	pick.SetSelected(names[0])
	return container.NewVBox(title, pick, matrix)
}

// confusionGrid draws one matrix; cell colours: green on the diagonal,
// orange off it, by share of the row. The rows name their label with its
// number; the columns have the number alone (a label name over each
// column made every column as wide as the longest name): at 1024×640
// the default schema's matrix shows whole.
func confusionGrid(c agreement.Confusion) fyne.CanvasObject {
	n := len(c.Labels)
	grid := container.New(matrixGrid{cols: n + 1})
	grid.Add(widget.NewLabelWithStyle(c.A+" ↓  "+c.B+" →", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	key := func(i int) string {
		if c.Labels[i] == agreement.NoSpan {
			return agreement.NoSpan
		}
		return fmt.Sprint(i + 1)
	}
	for i := range c.Labels {
		grid.Add(widget.NewLabelWithStyle(key(i), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for i, row := range c.Counts {
		head := c.Labels[i]
		if head != agreement.NoSpan {
			head = key(i) + " " + shorten(head, 22)
		}
		grid.Add(widget.NewLabelWithStyle(head, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		total := 0
		for _, v := range row {
			total += v
		}
		for j, v := range row {
			grid.Add(confusionCell(v, total, i == j && c.Labels[i] != agreement.NoSpan))
		}
	}
	return grid
}

func confusionCell(v, rowTotal int, diagonal bool) fyne.CanvasObject {
	share := 0.0
	if rowTotal > 0 {
		share = float64(v) / float64(rowTotal)
	}
	c := color.NRGBA{R: 0xf0, G: 0x8a, B: 0x24, A: uint8(30 + 170*share)}
	if diagonal {
		c = color.NRGBA{R: 0x3c, G: 0xb3, B: 0x71, A: uint8(30 + 170*share)}
	}
	if v == 0 {
		c = color.NRGBA{R: 128, G: 128, B: 128, A: 30}
	}
	bg := canvas.NewRectangle(c)
	bg.SetMinSize(fyne.NewSize(40, 30))
	return container.NewStack(bg, container.NewCenter(widget.NewLabel(fmt.Sprint(v))))
}

// docLabelView lists the document-label agreement of each set: Cohen's
// kappa (two annotators), Fleiss' kappa and Krippendorff's alpha.
func docLabelView(sum *dataset.AgreementSummary) fyne.CanvasObject {
	if len(sum.DocLabels) == 0 {
		return widget.NewLabel("")
	}
	box := container.NewVBox(widget.NewLabelWithStyle("Document labels", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var sets []string
	for s := range sum.DocLabels {
		sets = append(sets, s)
	}
	sort.Strings(sets)
	for _, s := range sets {
		st := sum.DocLabels[s]
		l := widget.NewLabel(fmt.Sprintf("%s: Cohen's κ %s · Fleiss' κ %s · Krippendorff's α %s", s, fmtNum(st.KappaCohen), fmtNum(st.KappaFleiss), fmtNum(st.AlphaNominal)))
		l.Wrapping = fyne.TextWrapWord // in the column's width
		box.Add(l)
	}
	return box
}
