package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/model"
)

// The right-hand panes are drawn under a theme override (compactPanes).
// In Fyne 2.7 a list inside an override re-applies the override to every
// row it creates, and applying an override to a widget clears Fyne's
// whole text-measurement and icon caches (cache.ResetThemeCaches); a
// list creates a row on every Refresh and RefreshItem (to measure its
// template). So each Tab (the annotation list selects its row) and each
// edit (a label's count row) made the next frame measure every text of
// the window again: 130 strings shaped per key, about a third of a key's
// CPU in a long document (issue 14). The annotation list's rows are
// therefore built from canvas objects only, which an override leaves
// alone, and the label list's counts are changed in place, without
// refreshing the list.

// annRowLayout lays out an annotation row: the label's colour, the
// offsets in a column as wide as the document's widest, then the covered
// text, which runs on under the list's edge (the list clips it) instead
// of being measured again and again to be cut to fit.
//
// Where each object goes depends on the row's size and the column's
// width only, never on the texts: the offsets are right-aligned by the
// painter inside the whole column, and the covered text's box reaches
// the row's end. An edit or an undo shifts the rows after it by one span,
// and the list binds each visible row anew in the frame's layout; when
// the texts' boxes had the texts' widths, each of those rows was laid out
// again in the frame, its texts moved and resized (a resized canvas.Text
// is refreshed, its texture made again). Now such a row changes its
// texts only (TestRowBoundToAnotherSpanMovesNothing).
type annRowLayout struct{ p *annotationPanel }

func (l annRowLayout) pad() (pad, inner float32) {
	th := compactTheme{}
	return th.Size(theme.SizeNamePadding), th.Size(theme.SizeNameInnerPadding)
}

func (l annRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad, inner := l.pad()
	sw, off, text := objs[0], objs[1].(*canvas.Text), objs[2].(*canvas.Text)
	swS := sw.MinSize()
	// Canvas objects repaint on a Move or Resize only when it changes them.
	sw.Move(fyne.NewPos(0, (size.Height-swS.Height)/2))
	sw.Resize(swS)
	x := swS.Width + pad + inner
	th := off.MinSize().Height
	y := (size.Height - th) / 2
	ow := l.p.offsetsWidth()
	off.Move(fyne.NewPos(x, y))
	off.Resize(fyne.NewSize(ow, th))
	x += ow + 2*pad + inner
	text.Move(fyne.NewPos(x, y))
	text.Resize(fyne.NewSize(max(0, size.Width-x), th))
}

func (l annRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad, inner := l.pad()
	swS := objs[0].MinSize()
	h := max(swS.Height, objs[2].(*canvas.Text).MinSize().Height+2*inner)
	// The text's width is not asked for: it may run under the edge.
	return fyne.NewSize(swS.Width+pad+inner+l.p.offsetsWidth()+2*pad+inner, h)
}

// newAnnRow is the template of an annotation row: a colour swatch, the
// offsets and the covered text.
func (p *annotationPanel) newAnnRow() fyne.CanvasObject {
	sw := canvas.NewRectangle(parseHex("#888888"))
	sw.SetMinSize(fyne.NewSize(6, 18))
	size := compactTheme{}.Size(theme.SizeNameText)
	fg := theme.Color(theme.ColorNameForeground)
	off := canvas.NewText("0000–0000", fg)
	off.TextSize = size
	off.Alignment = fyne.TextAlignTrailing // in its column (annRowLayout)
	text := canvas.NewText("covered text", fg)
	text.TextSize = size
	return &fyne.Container{Layout: annRowLayout{p}, Objects: []fyne.CanvasObject{sw, off, text}}
}

// bindAnnRow shows annotation a in row o (colours read anew: the theme
// may have changed since the row was made).
func (p *annotationPanel) bindAnnRow(a *model.Annotation, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	sw := c.Objects[0].(*canvas.Rectangle)
	if col := p.color(a.Label); sw.FillColor != col {
		sw.FillColor = col
		sw.Refresh()
	}
	fg := theme.Color(theme.ColorNameForeground)
	setRowText(c.Objects[1].(*canvas.Text), fmt.Sprintf("%d–%d", a.Start(), a.End()), fg)
	setRowText(c.Objects[2].(*canvas.Text), shorten(a.Text, 60), fg)
}

func setRowText(t *canvas.Text, s string, fg color.Color) {
	if t.Text == s && t.Color == fg {
		return
	}
	t.Text, t.Color = s, fg
	t.Refresh()
}

// offsetsWidth is the width of the offsets column: that of the widest
// offsets of the rows ("0000000–0000000" for a 1 MB document), measured
// once per number of digits.
func (p *annotationPanel) offsetsWidth() float32 {
	end := 0
	if n := len(p.shown); n > 0 {
		for _, a := range p.shown[max(0, n-50):] { // the last rows end furthest
			end = max(end, a.End())
		}
	}
	digits := len(fmt.Sprint(end))
	if digits < 4 {
		digits = 4
	}
	if digits != p.offDigits {
		z := strings.Repeat("0", digits)
		p.offDigits = digits
		p.offW = fyne.MeasureText(z+"–"+z, compactTheme{}.Size(theme.SizeNameText), fyne.TextStyle{}).Width
	}
	return p.offW
}
