package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The progress matrix (issue 17) for a lead: one row per person, with
// their documents to do, in progress and done (model.ProgressOf), in a
// window of its own so that it can stay open beside the annotation
// window. Reload reads it again (a Refresh button does, and a live
// update can).

var progressColumns = []string{"Person", "Assigned", "To do", "In progress", "Done"}

// ProgressView is the matrix's content.
type ProgressView struct {
	store  model.Store
	extra  func(ctx context.Context) ([]string, error)
	rows   []model.ProgressRow
	grid   *fyne.Container // the header and a row of labels per person
	status *widget.Label
	box    fyne.CanvasObject
	// run, when set, runs the reads elsewhere (newProgressView).
	run func(read func() error, done func(error))
}

// NewProgressView reads store's progress matrix; extra, if set, names
// people to list even without a layer or an assignment (a server's team
// members).
func NewProgressView(store model.Store, extra func(ctx context.Context) ([]string, error)) *ProgressView {
	return newProgressView(store, extra, nil)
}

// newProgressView is NewProgressView whose reads run through run when it
// is set: read off the UI goroutine, then done on it (the main window
// passes its edit queue, so the matrix never waits for the store there).
func newProgressView(store model.Store, extra func(ctx context.Context) ([]string, error), run func(read func() error, done func(error))) *ProgressView {
	v := &ProgressView{store: store, extra: extra, status: widget.NewLabel(""), run: run}
	// A grid of labels rather than a widget.Table: a team is tens of
	// people, and every cell stays a plain label (readable by tests and
	// screen readers alike).
	v.grid = container.NewGridWithColumns(len(progressColumns))
	refresh := widget.NewButton("Refresh", func() { v.Reload() })
	// The grid at its own height, at the top: given the scroll's whole
	// height, a grid stretches its rows to fill it, and two people's rows
	// were 120 px apart, far below the column titles.
	v.box = container.NewBorder(nil, container.NewBorder(nil, nil, nil, refresh, v.status), nil, nil, container.NewVScroll(container.NewVBox(v.grid)))
	v.Reload()
	return v
}

// Content is the view to put in a window.
func (v *ProgressView) Content() fyne.CanvasObject { return v.box }

// Rows is the matrix shown.
func (v *ProgressView) Rows() []model.ProgressRow { return v.rows }

// Reload reads the matrix again; a failure shows in the view's status
// line and leaves the last matrix shown.
func (v *ProgressView) Reload() {
	ctx := context.Background()
	var rows []model.ProgressRow
	read := func() error {
		var extra []string
		var err error
		if v.extra != nil {
			if extra, err = v.extra(ctx); err != nil {
				return err
			}
		}
		rows, err = model.ProgressOf(ctx, v.store, extra)
		return err
	}
	if v.run != nil {
		v.run(read, func(err error) { v.show(rows, err) })
		return
	}
	v.show(rows, read())
}

// show puts the matrix read (or the read's error) on screen.
func (v *ProgressView) show(rows []model.ProgressRow, err error) {
	if err != nil {
		v.status.SetText("could not read the progress: " + err.Error())
		return
	}
	v.rows = rows
	done, total := 0, 0
	for _, r := range rows {
		done += r.Done
		total += r.Assigned
	}
	v.status.SetText(fmt.Sprintf("%d people · %d of %d assigned documents done", len(rows), done, total))
	cells := make([]fyne.CanvasObject, 0, (len(rows)+1)*len(progressColumns))
	for i := 0; i <= len(rows); i++ {
		for c := range progressColumns {
			l := widget.NewLabel(v.cell(i, c))
			if i == 0 {
				l.TextStyle.Bold = true
			}
			cells = append(cells, l)
		}
	}
	v.grid.Objects = cells
	v.grid.Refresh()
}

func (v *ProgressView) cell(row, col int) string {
	if row == 0 {
		return progressColumns[col]
	}
	r := v.rows[row-1]
	return [...]string{r.Person, fmt.Sprint(r.Assigned), fmt.Sprint(r.Todo), fmt.Sprint(r.InProgress), fmt.Sprint(r.Done)}[col]
}

// ShowProgress opens the matrix of store in a new window of app.
func ShowProgress(app fyne.App, store model.Store, extra func(ctx context.Context) ([]string, error)) (fyne.Window, *ProgressView) {
	win := app.NewWindow("Progress — " + store.Path())
	v := NewProgressView(store, extra)
	win.SetContent(v.Content())
	win.Resize(fyne.NewSize(640, 400))
	win.Show()
	return win, v
}
