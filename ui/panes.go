package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// The window's three columns (documents | article | right-hand panes)
// are two Fyne splits. Fyne gives a split's sides at least their minimum
// widths, and grows the window to its content's minimum size (it never
// shrinks it again): a pane whose content got wider (the Compare legend,
// a row of document-label choices) widened the window (800 → 906 px at
// 800×600), or squeezed the article to a sliver. So each pane clips its
// content instead of asking for its width (clipWidth), and paneColumns
// decides the widths: the side panes keep the sizes the user gave them
// while they fit, and shrink first when the window is small, so the
// article keeps most of the width.

// Least widths of the side panes (the document list's filters, a Labels
// row at the default theme) while the article has its least width; below
// that the side panes shrink in proportion.
const (
	leftPaneMin  = 130
	rightPaneMin = 252
	// The article's least width: articleShare of the columns' width, at
	// least articleLeast and at most articleMax pixels (a wide window
	// leaves the side panes as wide as the user makes them), and no more
	// than articleMost of a window too small for that.
	articleShare = 0.38
	articleLeast = 392
	articleMax   = 480
	articleMost  = 0.65
)

// articleMin is the article's least width in columns cols pixels wide.
func articleMin(cols float32) float32 {
	return min(max(articleShare*cols, articleLeast), articleMax, articleMost*cols)
}

// sidePanel places the Suggestions/Queue/Recommenders panel: beside the
// article (in the article's column, so the side panes give it their
// room) where the article keeps articleMin and the side panes their
// least widths (the article's column, as everywhere here, counts the
// panel's toggle as the article's), else over the right-hand panes at the window's right
// edge. Beside the article at 800 px it squeezed the article to about
// 100 px and pushed the inspector off the window.
type sidePanel struct {
	panel  fyne.CanvasObject
	beside *fyne.Container // in the article's column
	over   *fyne.Container // above the columns: a background and the panel
	isOver bool
}

func newSidePanel(panel fyne.CanvasObject) *sidePanel {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	p := &sidePanel{panel: panel, beside: container.NewStack(panel), over: container.NewStack(bg)}
	p.over.Hide()
	return p
}

// place puts the panel beside the article or over the panes for columns
// cols pixels wide, and is the width it takes from the article's column.
func (p *sidePanel) place(cols float32) float32 {
	width := p.panel.MinSize().Width
	over := p.panel.Visible() && cols-articleMin(cols)-width < leftPaneMin+rightPaneMin
	if over != p.isOver {
		p.isOver = over
		if over {
			p.beside.Remove(p.panel)
			p.over.Add(p.panel)
		} else {
			p.over.Remove(p.panel)
			p.beside.Add(p.panel)
		}
	}
	if over {
		p.over.Show()
		return 0
	}
	p.over.Hide()
	if !p.panel.Visible() {
		return 0
	}
	return width
}

// layoutOver puts the panel, when over the panes, over the right-hand
// panes from left (the article's column ends there, with the panel's
// toggle: it stays in view to fold the panel again) to the right edge of
// columns of size. The tabs that do not fit go in the tabs' overflow menu.
func (p *sidePanel) layoutOver(size fyne.Size, left float32) {
	if !p.isOver {
		return
	}
	left = min(max(left, size.Width-p.panel.MinSize().Width), size.Width)
	p.over.Move(fyne.NewPos(left, 0))
	p.over.Resize(fyne.NewSize(size.Width-left, size.Height))
}

// fitColumns is the split offsets for a window total pixels wide: the
// wanted offsets (the user's or the defaults) where they fit, the right
// pane at least rightNeed wide (its content's width: the Compare panel
// needs more than the Labels panel) while the article keeps articleMin.
// When they do not fit, the side panes give up, in turn, what the wanted
// positions give them beyond that, then the right pane what its content
// needs beyond rightPaneMin (it scrolls sideways), then both in proportion
// below their least widths. div is a split divider's thickness;
// articleExtra is what the article's column holds beside the article (the
// side panel).
func fitColumns(total, div float32, wantMain, wantInner float64, rightNeed, articleExtra float32) (mainOff, innerOff float64) {
	cols := total - 2*div // left + article + right
	if cols <= 0 {
		return wantMain, wantInner
	}
	rightNeed = max(rightNeed, rightPaneMin)
	wantLeft := float32(wantMain) * (total - div)
	wantRight := (1 - float32(wantInner)) * (total - div - wantLeft - div)
	left, right := max(wantLeft, leftPaneMin), max(wantRight, rightNeed)
	budget := max(0, cols-articleMin(cols)-articleExtra)
	over := left + right - budget
	if sl, sr := left-leftPaneMin, right-rightNeed; over > 0 && sl+sr > 0 {
		take := min(over, sl+sr)
		left, right = left-take*sl/(sl+sr), right-take*sr/(sl+sr)
		over -= take
	}
	if over > 0 {
		take := min(over, right-rightPaneMin)
		right -= take
		over -= take
	}
	if over > 0 {
		scale := budget / (leftPaneMin + rightPaneMin)
		left, right = leftPaneMin*scale, rightPaneMin*scale
	}
	innerAvail := total - div - left - div
	return float64(left / (total - div)), float64((innerAvail - right) / innerAvail)
}

// paneColumns lays out the main split at the window's width with the offsets
// fitColumns gives for the wanted ones. A drag on a divider changes a
// split's offset without this layout: adopt takes it as the new wish.
type paneColumns struct {
	main, inner *container.Split
	// rightContent is the right-hand pane's content, inside its clip.
	rightContent        fyne.CanvasObject
	side                *sidePanel // the suggestions' panel, if any
	wantMain, wantInner float64    // what the user chose, kept in the preferences
	setMain, setInner   float64    // what Layout set last
}

func (c *paneColumns) MinSize([]fyne.CanvasObject) fyne.Size { return c.main.MinSize() }

func (c *paneColumns) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	c.adopt()
	var need float32
	if c.rightContent != nil {
		need = c.rightContent.MinSize().Width
	}
	div := theme.Padding() * 2
	var extra float32
	if c.side != nil {
		extra = c.side.place(size.Width - 2*div)
	}
	c.setMain, c.setInner = fitColumns(size.Width, div, c.wantMain, c.wantInner, need, extra)
	// SetOffset lays a split out again without refreshing what it holds
	// (a Refresh would redraw the article at every step of a resize).
	c.inner.SetOffset(c.setInner)
	c.main.SetOffset(c.setMain)
	c.main.Move(fyne.NewPos(0, 0))
	c.main.Resize(size)
	if c.side != nil {
		c.side.layoutOver(size, c.main.Trailing.Position().X+c.inner.Trailing.Position().X)
	}
}

// fitPanes lays the columns out again for what their panes now hold (a
// mode change swaps the right-hand pane's content; its clip keeps Fyne
// from noticing).
func (w *Window) fitPanes() {
	if c := w.shell.columns; c != nil {
		w.shell.cols.Layout(c.Objects, c.Size()) // not Refresh: that redraws every pane
	}
}

// adopt takes offsets the user dragged since the last Layout as wanted.
func (c *paneColumns) adopt() {
	if c.main.Offset != c.setMain {
		c.wantMain, c.setMain = c.main.Offset, c.main.Offset
	}
	if c.inner.Offset != c.setInner {
		c.wantInner, c.setInner = c.inner.Offset, c.inner.Offset
	}
}

// want is the wanted offset of the split of that name ("main", "inner"),
// or its offset for the others.
func (c *paneColumns) want(s namedSplit) float64 {
	switch {
	case c == nil:
	case s.split == c.main:
		c.adopt()
		return c.wantMain
	case s.split == c.inner:
		c.adopt()
		return c.wantInner
	}
	return s.split.Offset
}

// clipWidth shows o in a pane that may be narrower than o's minimum
// width: o is cut at the pane's edge (and can be scrolled sideways)
// instead of widening the pane, and so the window.
func clipWidth(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHScroll(o)
}

// capLayout reports at most limit as its minimum size and gives its one
// object the whole space: the window's content then never asks Fyne for
// a larger window than limit, whatever a pane's content needs.
type capLayout struct{ limit fyne.Size }

func (l capLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.Min(l.limit)
}

func (l capLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// resizeWatch lays out its one object in the whole space and calls
// changed whenever that space changes size: a pane beside a split's
// divider changes size when the divider is dragged or the window resized
// (Fyne's split has no callback of its own).
type resizeWatch struct {
	last    fyne.Size
	changed func()
}

func (l *resizeWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

func (l *resizeWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size != l.last {
		l.last = size
		if l.changed != nil {
			l.changed()
		}
	}
}

func watchSize(o fyne.CanvasObject, changed func()) fyne.CanvasObject {
	return container.New(&resizeWatch{changed: changed}, o)
}
