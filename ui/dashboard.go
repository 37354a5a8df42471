package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
)

// showDashboard measures agreement off the UI goroutine and shows it:
// F1 per label as bars, an annotator × annotator heatmap, and the
// documents with the lowest agreement, each one click from the compare view.
// A progress dialog shows the documents read, and its Cancel stops the
// measuring.
func (w *Window) showDashboard() { w.runDashboard(nil) }

// runDashboard is showDashboard; done, if not nil, is called on the UI
// goroutine once the dashboard (or the error) is shown.
func (w *Window) runDashboard(done func(*dataset.AgreementSummary, error)) {
	ctx, cancel := context.WithCancel(w.ctx)
	prog := w.newProgress("Measuring agreement", true, cancel)
	leave := w.enterBulk()
	go func() {
		defer leave()
		sum, err := dataset.Agreement(ctx, w.store, dataset.AgreementOptions{Progress: prog.countFunc()})
		leave() // the work is done: before the UI is told
		fyne.Do(func() {
			prog.d.Hide()
			cancel()
			if done != nil {
				defer done(sum, err)
			}
			if errors.Is(err, context.Canceled) {
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			var d dialog.Dialog
			open := func(docID int64) {
				d.Hide()
				for i, doc := range w.docs {
					if doc.ID == docID {
						w.docList.Select(i)
					}
				}
				w.modeSelect.SetSelected(modeCompare)
				w.review.step(1)
			}
			// Live on a team project: colleagues' edits redraw it (live_dashboard.go).
			content := w.liveDashboardBox(w.dashboardContent(sum, open), open)
			d = dialog.NewCustom("Agreement", "Close", content, w.win)
			d.SetOnClosed(w.closeLiveDashboard)
			d.Resize(dashboardSize(w.win.Canvas().Size()))
			showDialog(d, w.win)
		})
	}()
}

// dashboardContent builds the dashboard; open is called with a document id.
func (w *Window) dashboardContent(sum *dataset.AgreementSummary, open func(int64)) fyne.CanvasObject {
	if len(sum.Annotators) < 2 || sum.Documents == 0 {
		return widget.NewLabel("Nothing to compare yet: merge colleagues' project files\n(Merge… in the toolbar) so that two or more annotators share documents.")
	}
	o := sum.Spans.Overall
	head := widget.NewLabel(fmt.Sprintf("%s · %s · F1 exact %s · overlap %s · token κ %s · α_u %s",
		model.Plural(len(sum.Annotators), "annotator", "annotators"), model.Plural(sum.Documents, "shared document", "shared documents"), fmtStat(o.F1Exact), fmtStat(o.F1Overlap), fmtNum(o.KappaToken), fmtNum(o.AlphaU)))
	head.Wrapping = fyne.TextWrapWord

	// Bars: exact F1 per label.
	bars := container.NewVBox(widget.NewLabelWithStyle("F1 exact by label", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var labels []string
	for l := range sum.Spans.ByLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		s := sum.Spans.ByLabel[l]
		v := 0.0
		if s.F1Exact.Mean != nil {
			v = *s.F1Exact.Mean
		}
		bars.Add(container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(190, 30), widget.NewLabel(l)),
			container.NewGridWrap(fyne.NewSize(60, 30), widget.NewLabel(fmtNum(s.F1Exact.Mean))),
			newBar(v, w.labelColor(l))))
	}

	// Heatmap: pairwise exact F1.
	n := len(sum.Annotators)
	pair := map[[2]string]*float64{}
	for _, p := range sum.Spans.Pairs {
		pair[[2]string{p.A, p.B}] = p.F1Exact
		pair[[2]string{p.B, p.A}] = p.F1Exact
	}
	grid := container.NewGridWithColumns(n + 1)
	grid.Add(widget.NewLabel(""))
	for _, a := range sum.Annotators {
		grid.Add(widget.NewLabelWithStyle(a, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for _, a := range sum.Annotators {
		grid.Add(widget.NewLabelWithStyle(a, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		for _, b := range sum.Annotators {
			if a == b {
				grid.Add(heatCell(nil, "—"))
				continue
			}
			v := pair[[2]string{a, b}]
			grid.Add(heatCell(v, fmtNum(v)))
		}
	}

	// The least agreed documents, one click from the compare view.
	worst := container.NewVBox(widget.NewLabelWithStyle("Lowest agreement (F1 exact)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for i, d := range sum.DocumentsF1 {
		if i == 10 {
			break
		}
		d := d
		// The name is cut in the middle to the column's width (a cut at
		// the end after 32 characters made long names that differ at the
		// end alike, and still ran past a narrow column).
		b := newKeyButton("", nil, func() { open(d.ID) })
		name := newMidLabel(strings.Join(strings.Fields(d.Name), " "))
		worst.Add(container.NewStack(b, container.NewBorder(nil, nil, widget.NewLabel(fmtNum(d.F1Exact)+" —"), nil, name)))
	}
	// The matrices scroll sideways when they are wider than the column
	// (many annotators or labels); before, the widest set the dialog's
	// width, and the window cut the dialog off.
	// The wheel over a matrix scrolls the column (sidescroll.go).
	outer := &outerScroll{}
	left := container.NewVBox(bars, widget.NewSeparator(),
		widget.NewLabelWithStyle("Pairwise F1 exact", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), newSideScroll(grid, outer),
		widget.NewSeparator(), confusionView(sum, outer), widget.NewSeparator(), docLabelView(sum))
	outer.scroll = container.NewVScroll(left)
	body := container.NewHSplit(outer.scroll, container.NewVScroll(worst))
	body.Offset = 0.7 // the matrices get the room; the list of documents is short lines
	return container.NewBorder(head, nil, nil, nil, body)
}

// dashboardSize is the dashboard dialog's size in a window of size win:
// 900×640, or less so that it stays inside the window.
func dashboardSize(win fyne.Size) fyne.Size {
	return fyne.NewSize(fyne.Min(900, win.Width-40), fyne.Min(640, win.Height-40))
}

func fmtNum(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", *v)
}

func fmtStat(s dataset.Stat) string {
	if s.Mean == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f±%s", *s.Mean, fmtNum(s.SD))
}

// newBar is a horizontal bar filled to v (0..1).
func newBar(v float64, c color.Color) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.NRGBA{R: 128, G: 128, B: 128, A: 40})
	fill := canvas.NewRectangle(c)
	return container.New(&barLayout{v: float32(v)}, bg, fill)
}

type barLayout struct{ v float32 }

func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := size.Height * 0.6
	y := (size.Height - h) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, y))
	objs[1].Resize(fyne.NewSize(size.Width*l.v, h))
}

func (l *barLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(120, 24) }

// heatCell colours a value from red (0) through yellow to green (1).
func heatCell(v *float64, text string) fyne.CanvasObject {
	c := color.NRGBA{R: 128, G: 128, B: 128, A: 80}
	if v != nil {
		x := *v
		r, g := 1.0, 1.0
		if x < 0.5 {
			g = 2 * x
		} else {
			r = 2 * (1 - x)
		}
		c = color.NRGBA{R: uint8(40 + r*180), G: uint8(40 + g*160), B: 60, A: 200}
	}
	bg := canvas.NewRectangle(c)
	bg.SetMinSize(fyne.NewSize(70, 34))
	return container.NewStack(bg, container.NewCenter(widget.NewLabel(text)))
}
