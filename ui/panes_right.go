package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// The right-hand column holds, top to bottom, the Labels pane, the
// annotation list and the inspector, in two splits. The Labels pane grew
// to show all its labels, and the annotation list got a share of what was
// left: at 1024×640 about 2 annotation rows showed (3.5 at 1280×800). Now
// the column is shared by need: the annotation list keeps
// annotationRowsLeast rows and the inspector inspectorLeast pixels, the
// Labels pane grows to its labels within what is left (scrolling the
// rest), and the list takes splitAnnotate of the lower part when that is
// more. Once the inspector shows a span or a relation, it comes first
// (until Esc, inspector_column.go): the Labels pane keeps
// labelsRowsInspecting rows (it scrolls; the hotkeys and the inspector's
// label box relabel too), the list its annotationRowsLeast and the
// inspector the rest. Sharing by labels only, a selected span's note was
// below the inspector's fold at 1280×800 (the inspector had 227 px) and
// the inspector had 150 px at 1024×640. The panes move only at the first
// span or relation selected and at Esc, never on Tab from span to span
// or when text is selected to label it. While nothing is inspected the
// inspector shows a two-line hint and keeps only its height: kept 150 px
// for a form it did not show, the Labels pane showed 5 of 8 labels at
// 1024×640 and 4 at 800×600 beside an empty list.
//
// A divider the user moved stays where they put it (userOffset), but
// only as far as the inspector keeps its hint whole, and while a span or
// relation is inspected as far as the list and the inspector keep their
// least: a Labels divider dragged down and remembered left the inspector
// 80 px for a selected span at 1024×640. The divider goes back
// to the user's place at Esc; it is never saved at the place it gave way
// to.
const (
	annotationRowsLeast = 5
	// annotationRowsIdle is the list's least while nothing is inspected:
	// with 5 rows and the hint, a default schema's 8 labels showed 7 at
	// 1024×640; with 4, all 8 (the list has 5 once a span is inspected).
	annotationRowsIdle = 4
	inspectorLeast     = 150
	// labelsMaxShare is the most of the column the Labels pane takes, and
	// labelsLeastShare the least, whatever its labels need.
	labelsMaxShare   = 0.55
	labelsLeastShare = 0.15
	// labelsRowsInspecting is the Labels pane's rows while the inspector
	// shows a span or a relation.
	labelsRowsInspecting = 3
)

// rightColumn is what the right-hand column's panes need, in pixels: the
// Labels pane's whole labels and its least (a title and a few labels),
// the annotation list's annotationRowsLeast rows with its header.
type rightColumn struct {
	height, div           float32
	labelsNeed, annotNeed float32
	// labelsHead is the Labels pane's height without rows, labelsRow a
	// row's: a pane that cannot show every label ends at a whole row.
	labelsHead, labelsRow float32
	// inspecting: the inspector shows a span or a relation, and comes
	// before the Labels pane.
	inspecting bool
	// inspectorNeed is the inspector's least: inspectorLeast while it
	// inspects, its hint's height while it does not.
	inspectorNeed float32
}

// labelsMost is the most the Labels pane may take for the panes below
// it to keep their least (a divider the user moved gives way to it).
func (c rightColumn) labelsMost() float32 {
	return c.height - c.div - c.annotNeed - c.div - c.inspectorNeed
}

// labelsShare is the Labels pane's height in the column: its labels,
// within labelsMaxShare and what the panes below it keep (labelsMost), 3
// rows while the inspector comes first. The list and the inspector give
// way, in proportion to their needs, only in a column too short for the
// Labels pane's least, the list's rows and the inspector's least.
func (c rightColumn) labelsShare() float32 {
	most := min(c.labelsMost(), labelsMaxShare*c.height)
	if c.inspecting {
		most = min(most, c.labelsHead+labelsRowsInspecting*c.labelsRow)
	}
	return c.wholeRows(max(min(c.labelsNeed, most), labelsLeastShare*c.height))
}

// wholeRows is a Labels pane of height labels that cannot show every
// label cut to end at a whole row.
func (c rightColumn) wholeRows(labels float32) float32 {
	if labels < c.labelsNeed && c.labelsRow > 0 {
		rows := float32(int((labels - c.labelsHead) / c.labelsRow))
		labels = max(c.labelsHead+rows*c.labelsRow, labelsLeastShare*c.height)
	}
	return labels
}

// annotShare is the annotation list's height (its header included) below
// a Labels pane of height labels: while the inspector shows its hint, all
// but the hint; while it comes first, the list's rows.
func (c rightColumn) annotShare(labels float32) float32 {
	rest := max(0, c.height-labels-c.div-c.div) // the list and the inspector
	if !c.inspecting {
		// The hint is whole and the list takes the rest, however little
		// (it scrolls): shared by needs, a Labels divider dragged down cut
		// the hint's second line at 1024×640.
		return max(0, rest-c.inspectorNeed)
	}
	annot := c.annotNeed // the inspector takes the rest
	if annot > rest-c.inspectorNeed {
		annot = max(rest-c.inspectorNeed, rest*c.annotNeed/(c.annotNeed+c.inspectorNeed))
	}
	return annot
}

// rightFit lays out the right-hand column's splits, sharing the column
// (fitRight) before they are laid out at a new size: a split's offset set
// from inside its own layout (a pane's size callback) was overwritten by
// the sizes that layout had computed before, so the panes' heights lagged
// one size behind.
type rightFit struct {
	w    *Window
	last fyne.Size
}

func (l *rightFit) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l *rightFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size != l.last {
		l.last = size
		l.w.fitRight(size)
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// fitLabels shares the column again at its size (a schema change: a
// label more, from a merge, shows at once).
func (w *Window) fitLabels() {
	if s := w.shell.labelsSplit; s != nil {
		w.fitRight(s.Size())
	}
}

// cellSize is the height of a Labels cell drawn in th, measured once for
// the app's text size: measured on each call (a cell under a theme
// override of its own), it was a new override on every layout of the
// column, and each empties Fyne's text-size cache, so the frame after it
// measured every text of the window again (the first Tab after opening
// and each Esc lay the column out; themescope.go).
func (p *labelPanel) cellSize(th fyne.Theme) float32 {
	if ts := appTheme().Size(theme.SizeNameText); p.cellHeight == 0 || ts != p.textSize {
		p.textSize = ts
		p.cellHeight = container.NewThemeOverride(p.list.CreateItem(), th).MinSize().Height
	}
	return p.cellHeight
}

// fitRight shares a right-hand column of size (see above) and sets the
// Labels | annotations and annotations | inspector splits to the share,
// each unless the user moved its divider: at 1024 px a 9-label schema
// showed 7 labels, a label added by a merge showed half cut, and then the
// annotation list showed 2 rows. It also shares the Labels pane's width
// among its grid's cells.
func (w *Window) fitRight(size fyne.Size) {
	s, p := w.shell.labelsSplit, w.labels
	if s == nil || size.Height <= 0 {
		return
	}
	th := compactTheme{} // the right-hand panes' (compactPanes)
	pad := th.Size(theme.SizeNamePadding)
	// The list is as wide as the column less what the pane keeps around
	// it (from the last layout).
	width := p.list.Size().Width
	if pw := s.Size().Width; pw > 0 {
		width = size.Width - (pw - width)
	}
	cols := max(1, int((width+pad)/(labelCellWidth+pad)))
	// The cells share the width (a GridWrap's cells keep their least width).
	if cw := max(labelCellWidth, (width-pad*float32(cols-1))/float32(cols)-0.5); width > 0 && cw != p.cellWidth {
		p.cellWidth = cw
		p.list.Refresh()
	}
	cellH := p.cellSize(th)
	n := len(p.labels())
	rows := (n + cols - 1) / cols
	title := s.Leading.MinSize().Height - p.list.MinSize().Height
	c := rightColumn{
		height:     size.Height,
		div:        2 * pad, // a split's divider in the compact theme
		labelsHead: title + theme.Padding(),
		labelsRow:  cellH + pad, // a GridWrap row and the padding under it
		annotNeed:  w.annotationListNeed(th, annotationRowsLeast),
		// Comparing and curating, the review panel takes the room as the
		// inspector does: its group's spans and attributes were cut
		// below a Labels pane of every label (~270 px at 1280×800).
		inspecting: (w.inspector != nil && w.inspector.first) || w.mode != modeAnnotate,
	}
	c.inspectorNeed = inspectorLeast
	if !c.inspecting {
		c.inspectorNeed = w.inspector.hintNeed(pad)
		c.annotNeed = w.annotationListNeed(th, annotationRowsIdle)
	}
	c.labelsNeed = c.labelsHead + float32(rows)*c.labelsRow
	inner := c.height - c.div // what the split shares
	labels := c.labelsShare()
	off := float64(labels / inner)
	if user := userOffset(s, splitRight, w.shell.labelsAuto, &w.shell.labelsUser); user > 0 {
		off = user
		// While inspecting, the list and the inspector keep their least,
		// and the Labels pane is no taller than its labels: the room a
		// divider dragged below them left empty went to the inspector's
		// form (it had 150 px at 1280×800, the attributes scrolled).
		if most := c.wholeRows(max(min(c.labelsMost(), c.labelsNeed), labelsLeastShare*c.height)); c.inspecting && float32(user)*inner > most {
			off = float64(most / inner)
		}
		labels = float32(off) * inner
	}
	annot := c.annotShare(labels)
	if off != s.Offset {
		w.shell.labelsAuto = off
		s.SetOffset(off)
	}
	a := w.shell.annotateSplit
	if a == nil {
		return
	}
	// The lower part as the split above will lay it out.
	lower := c.height - c.div - float32(s.Offset)*(c.height-c.div)
	if lower <= c.div {
		return
	}
	off = float64(min(annot, lower-c.div) / (lower - c.div))
	if user := userOffset(a, splitAnnotate, w.shell.annotateAuto, &w.shell.annotateUser); user > 0 {
		// The inspector keeps its least: its hint whole, or room for a
		// span's form.
		off = min(user, float64(max(0, lower-c.div-c.inspectorNeed)/(lower-c.div)))
	}
	if off != a.Offset {
		w.shell.annotateAuto = off
		a.SetOffset(off)
	}
}

// labelsDividerMoved shares the panes below the Labels pane again when
// the user dragged its divider (the pane changed size at a new offset):
// the list kept its share of a shorter lower part, and the inspector's
// hint was cut.
func (w *Window) labelsDividerMoved() {
	if s := w.shell.labelsSplit; s != nil && s.Offset != splitRight && s.Offset != w.shell.labelsAuto && s.Offset != w.shell.labelsUser {
		w.fitLabels()
	}
}

// userOffset is the position the user gave split (0 for none): its
// offset when that is neither the default def nor auto, the one fitRight
// set last, and else the one the user gave it before, kept in *user.
func userOffset(s *container.Split, def, auto float64, user *float64) float64 {
	if s.Offset != def && s.Offset != auto {
		*user = s.Offset
	}
	return *user
}

// annotationListNeed is the annotation pane's height for its header and
// rows rows, in the right-hand panes' theme th.
func (w *Window) annotationListNeed(th fyne.Theme, rows int) float32 {
	l := w.annList
	row := l.list.MinSize().Height                   // a List is at least one row high
	head := l.box.MinSize().Height - row             // the header and the padding under it
	sep := th.Size(theme.SizeNameSeparatorThickness) // between rows
	return head + float32(rows)*row + float32(rows-1)*sep + 1
}
