package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tableFit lays the annotations table out at the width it is given and
// shares that width among the columns (tableColumnWidths): the columns had
// fixed widths adding up to 1,250 px, so in the 1,000 px window the Note
// column was never in view and the document's offsets were cut, and in a
// narrower window less still showed. Its least size is the table's.
type tableFit struct {
	table *widget.Table
	// least are the columns' least widths, which the rest is shared
	// above (tableLeastWidths).
	least []float32
	set   []float32 // the widths set last
}

func (f *tableFit) MinSize([]fyne.CanvasObject) fyne.Size { return f.table.MinSize() }

func (f *tableFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	// Between columns the table leaves a padding.
	gaps := float32(len(f.least)) * theme.Padding()
	widths := tableColumnWidths(f.least, tableShares, size.Width-gaps-theme.ScrollBarSize())
	changed := len(f.set) != len(widths)
	for i := range widths {
		if changed || f.set[i] != widths[i] {
			changed = true
			f.table.SetColumnWidth(i, widths[i])
		}
	}
	f.set = widths
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// tableShares is how the width above the least widths is shared: the
// covered text gets the most, the label and the annotator (short names,
// measured) nothing.
var tableShares = []float32{0, 0.34, 0, 0.2, 0.26, 0.2}

// tableColumnWidths are the columns' widths in width: each its least, and the
// width left over shared by shares. Where width is less than the least
// widths, the least widths (the table scrolls sideways).
func tableColumnWidths(least, shares []float32, width float32) []float32 {
	var need, parts float32
	for i, l := range least {
		need += l
		parts += shares[i]
	}
	out := append([]float32(nil), least...)
	spare := width - need
	if spare <= 0 || parts == 0 {
		return out
	}
	for i := range out {
		out[i] += spare * shares[i] / parts
	}
	return out
}

// tableLeastWidths are the columns' least widths: the label and
// annotator columns as wide as their header and their longest name
// (within a cap), so "TERRITORIAL_CONTROL" is not cut to
// "TERRITORIAL_CONTR…"; the others a width where a few words show. At
// 1024×640 the table's window is about 770 px wide, and the six columns
// fit it.
func tableLeastWidths(labels, annotators []string) []float32 {
	cell := func(texts []string, title string, most float32) float32 {
		// The header is a button, with room for the sort mark.
		w := widget.NewButton(title+" ▲", nil).MinSize().Width
		for _, t := range texts {
			// A cell is inset by a padding on either side.
			w = max(w, widget.NewLabel(t).MinSize().Width+2*theme.Padding())
		}
		return min(w, most)
	}
	return []float32{
		cell(labels, tableColumns[0].title, 220),
		140,
		cell(annotators, tableColumns[2].title, 160),
		80,
		120,
		80,
	}
}
