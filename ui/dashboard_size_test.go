package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/dataset"
)

// TestDashboardFitsA1024By640Window: with three annotators who used every
// label of the default schema (a 9-label confusion matrix, a 3×3 pairwise
// matrix), the dashboard's content fits the dialog in a 1024×640 window
// and the dialog fits the window. The confusion matrix's width (about
// 1,400 px) was the content's least width, so the dialog overflowed the
// window and cut the pairwise matrix and the headings off.
func TestDashboardFitsA1024By640Window(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	sc, _ := db.Schema(context.Background())
	phrases := []string{"President Trump", "Vladimir Putin", "immediate ceasefire", "Ukraine", "peace deal",
		"phone call", "two hours", "breakthrough", "the conflict"}
	for i, who := range []string{"ana", "ben", "cat"} {
		for j, p := range phrases {
			addSpan(t, db, who, sc.Labels[(j+i*(j%2))%len(sc.Labels)].Name, p, nil)
		}
	}
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme()) // the test theme is smaller
	sum, err := dataset.Agreement(context.Background(), db, dataset.AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Annotators) != 3 || len(sum.Confusion) == 0 || len(sum.Confusion[0].Labels) < 6 {
		t.Fatalf("fixture: %d annotators, confusion %+v", len(sum.Annotators), sum.Confusion)
	}
	win := fyne.NewSize(1024, 640)
	dlg := dashboardSize(win)
	if dlg.Width > win.Width || dlg.Height > win.Height {
		t.Fatalf("the dialog is %v in a %v window", dlg, win)
	}
	// The dialog's title and Close button take about 120 px of its height
	// and its padding some 40 px of its width.
	content := w.dashboardContent(sum, func(int64) {})
	if min := content.MinSize(); min.Width > dlg.Width-40 || min.Height > dlg.Height-120 {
		t.Errorf("the dashboard needs %v, more than its %v dialog holds", min, dlg)
	}
}
