package ui

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// statsWindow is the Statistics window (Ctrl+Shift+I): label
// distribution per annotator and per document as stacked bars in the
// labels' colours, and progress over time (spans created and documents
// done per day) as columns. Drawn with Fyne's canvas: no plotting
// library, and it follows the theme.
type statsWindow struct {
	w   *Window
	win fyne.Window
	box *fyne.Container
	// post runs the read's result on the UI goroutine (fyne.Do; tests
	// replace it).
	post func(func())
	// shown is set once the charts are drawn (tests wait for it).
	shown bool
}

// ShowStatistics opens the Statistics window (or brings it to the front).
func (w *Window) ShowStatistics() {
	if w.stats != nil {
		w.stats.win.RequestFocus()
		return
	}
	w.stats = w.newStatsWindow(w.toolWindow("Statistics", statsWindowSize, func() { w.stats = nil }))
	w.stats.load()
}

func (w *Window) newStatsWindow(win fyne.Window) *statsWindow {
	s := &statsWindow{w: w, win: win, post: fyne.Do}
	s.box = container.NewVBox(widget.NewLabel("counting…"))
	win.SetContent(container.NewVScroll(s.box))
	return s
}

// load reads the counts off the UI goroutine, then draws.
func (s *statsWindow) load() {
	store, ctx := s.w.store, s.w.ctx
	names := map[int64]string{}
	for _, d := range s.w.allDocuments() {
		names[d.ID] = d.Name
	}
	go func() {
		counts, err := store.LabelCounts(ctx)
		var days []model.DayCount
		if err == nil {
			days, err = store.Progress(ctx)
		}
		s.post(func() {
			if err != nil {
				s.box.Objects = []fyne.CanvasObject{widget.NewLabel("could not count: " + err.Error())}
				s.box.Refresh()
				return
			}
			byWho, byDoc := tallyLabels(counts, names)
			s.draw(byWho, byDoc, progressByDay(days))
		})
	}()
}

// statsValueWidth is the width of the numbers right of the bars and the
// charts.
const statsValueWidth = 80

// statsDocBars caps the document bars drawn (the most annotated first).
const statsDocBars = 30

func (s *statsWindow) draw(byWho, byDoc []labelTally, days []dayTotal) {
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	if len(byWho) == 0 {
		// Without a span the window showed the legend over empty
		// headings.
		s.box.Objects = []fyne.CanvasObject{bold("Nothing to count yet"),
			widget.NewLabel("No document has a span. Label text in the article, or merge a colleague's file, and open Statistics again.")}
		s.box.Objects[1].(*widget.Label).Wrapping = fyne.TextWrapWord
		s.box.Refresh()
		s.shown = true
		return
	}
	labels := s.labelOrder(byWho)
	objs := []fyne.CanvasObject{bold("Labels per annotator"), s.legend(labels)}
	objs = append(objs, s.bars(byWho, labels)...)
	title := "Labels per document"
	if len(byDoc) > statsDocBars {
		title = fmt.Sprintf("Labels per document (the %d most annotated of %d)", statsDocBars, len(byDoc))
		byDoc = byDoc[:statsDocBars]
	}
	objs = append(objs, widget.NewSeparator(), bold(title))
	objs = append(objs, s.bars(byDoc, labels)...)
	objs = append(objs, widget.NewSeparator(), bold("Progress over time"))
	if len(days) == 0 {
		objs = append(objs, widget.NewLabel("nothing annotated yet"))
	} else {
		objs = append(objs,
			widget.NewLabel("spans created per day ("+dayRange(days)+")"),
			columns(days, func(d dayTotal) int { return d.Spans }, color.NRGBA{R: 0x4a, G: 0x90, B: 0xe2, A: 255}),
			widget.NewLabel("documents marked done per day"),
			columns(days, func(d dayTotal) int { return d.Done }, color.NRGBA{R: 0x3c, G: 0xb3, B: 0x71, A: 255}))
	}
	s.box.Objects = objs
	s.box.Refresh()
	s.shown = true
}

// labelOrder is the schema's label order, then any other label counted.
func (s *statsWindow) labelOrder(tallies []labelTally) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range s.w.schema.Labels {
		out = append(out, l.Name)
		seen[l.Name] = true
	}
	var extra []string
	for _, t := range tallies {
		for l := range t.Counts {
			if !seen[l] {
				seen[l] = true
				extra = append(extra, l)
			}
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func (s *statsWindow) legend(labels []string) fyne.CanvasObject {
	// A cell as tall as a label: in a shorter one the label's text sat
	// below the middle, where the swatch is.
	box := container.NewGridWrap(fyne.NewSize(230, widget.NewLabel("X").MinSize().Height))
	for _, l := range labels {
		box.Add(container.NewHBox(newSwatch(s.w.labelColor(l)), widget.NewLabel(l)))
	}
	return box
}

// bars draws one stacked bar per tally, scaled to the largest total.
func (s *statsWindow) bars(tallies []labelTally, labels []string) []fyne.CanvasObject {
	most := 1
	for _, t := range tallies {
		most = max(most, t.Total)
	}
	var out []fyne.CanvasObject
	for _, t := range tallies {
		var segs []barSegment
		for _, l := range labels {
			if n := t.Counts[l]; n > 0 {
				segs = append(segs, barSegment{float32(n) / float32(most), s.w.labelColor(l)})
			}
		}
		// Cut in the middle, as the document list does: "synthetic-…-talks"
		// and "synthetic-…-report" stay apart where a cut at the end made
		// both "synthetic-black-sea-…".
		name := newMidLabel(strings.Join(strings.Fields(t.Name), " "))
		out = append(out, container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(220, 28), name),
			container.NewGridWrap(fyne.NewSize(statsValueWidth, 28), widget.NewLabel(fmt.Sprint(t.Total))),
			newStackedBar(segs)))
	}
	return out
}

type barSegment struct {
	share float32 // of the bar's full width
	color color.Color
}

// newStackedBar is a horizontal bar of coloured segments.
func newStackedBar(segs []barSegment) fyne.CanvasObject {
	objs := []fyne.CanvasObject{canvas.NewRectangle(color.NRGBA{R: 128, G: 128, B: 128, A: 30})}
	for _, s := range segs {
		objs = append(objs, canvas.NewRectangle(s.color))
	}
	return container.New(&stackedLayout{segs: segs}, objs...)
}

type stackedLayout struct{ segs []barSegment }

func (l *stackedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := size.Height * 0.6
	y := (size.Height - h) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	x := float32(0)
	for i, s := range l.segs {
		w := size.Width * s.share
		objs[i+1].Move(fyne.NewPos(x, y))
		objs[i+1].Resize(fyne.NewSize(w, h))
		x += w
	}
}

func (l *stackedLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(160, 24) }

// columns is a column chart of one count per day, with the largest
// value beside it and the first, middle and last day under their columns
// (stats_axis.go).
func columns(days []dayTotal, value func(dayTotal) int, c color.Color) fyne.CanvasObject {
	most := 0
	for _, d := range days {
		most = max(most, value(d))
	}
	objs := []fyne.CanvasObject{canvas.NewRectangle(color.NRGBA{R: 128, G: 128, B: 128, A: 30})}
	vals := make([]float32, len(days))
	for i, d := range days {
		if most > 0 {
			vals[i] = float32(value(d)) / float32(most)
		}
		objs = append(objs, canvas.NewRectangle(c))
	}
	chart := container.NewBorder(nil, newDayAxis(days), nil, nil, container.New(&columnLayout{vals: vals}, objs...))
	// The value's column as wide as the bars' totals: the two charts (and
	// the bars above) end at the same x, whatever the numbers' widths.
	return container.NewBorder(nil, nil, nil,
		container.NewGridWrap(fyne.NewSize(statsValueWidth, 28), widget.NewLabel(fmt.Sprintf("max %d", most))), chart)
}

type columnLayout struct{ vals []float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	// A column is at most 40 px wide (columnSlot): a project of three
	// days must not read like a wall of colour.
	slot := columnSlot(size.Width, len(l.vals))
	gap := slot * 0.2
	for i, v := range l.vals {
		h := size.Height * v
		objs[i+1].Move(fyne.NewPos(float32(i)*slot+gap/2, size.Height-h))
		objs[i+1].Resize(fyne.NewSize(slot-gap, h))
	}
}

func (l *columnLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(300, 120) }

// columnSlot is the width of a column and its gap in a chart of n
// columns, width wide: at most 40 px (the day axis places its texts by
// it too).
func columnSlot(width float32, n int) float32 { return min(width/float32(n), 40) }

// dayRange is the days a chart covers: "first to last", or the one day.
func dayRange(days []dayTotal) string {
	first, last := days[0].Day, days[len(days)-1].Day
	if first == last {
		return first
	}
	return first + " to " + last
}
