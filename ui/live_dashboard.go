package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/margin-app/margin/dataset"
)

// An agreement dashboard left open on a team project is measured again
// when colleagues' spans change, off the UI goroutine, and redrawn in
// place.
type liveDashboard struct {
	box     *fyne.Container
	open    func(docID int64)
	running bool
	again   bool
}

// liveDashboardBox holds the dashboard's content so that it can be
// replaced, and registers it while the dialog is open.
func (w *Window) liveDashboardBox(content fyne.CanvasObject, open func(int64)) fyne.CanvasObject {
	box := container.NewStack(content)
	w.live.dash = &liveDashboard{box: box, open: open}
	return box
}

func (w *Window) closeLiveDashboard() { w.live.dash = nil }

// refreshDashboard measures again and redraws the open dashboard.
func (w *Window) refreshDashboard() {
	d := w.live.dash
	if d == nil {
		return
	}
	if d.running {
		d.again = true
		return
	}
	d.running = true
	post := w.livePost()
	go func() {
		sum, err := dataset.Agreement(w.ctx, w.store, dataset.AgreementOptions{})
		post(func() {
			d.running = false
			if w.live.dash != d {
				return // closed meanwhile
			}
			if err == nil {
				d.box.Objects = []fyne.CanvasObject{w.dashboardContent(sum, d.open)}
				d.box.Refresh()
			}
			if d.again {
				d.again = false
				w.refreshDashboard()
			}
		})
	}()
}
