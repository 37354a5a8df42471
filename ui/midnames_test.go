package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/dataset"
)

// Two long document names that differ only at their ends, as a corpus
// exported from another tool names its files.
const (
	longNameA = "synthetic-black-sea-grain-corridor-talks-in-istanbul-first-round"
	longNameB = "synthetic-black-sea-grain-corridor-talks-in-istanbul-second-round"
)

// checkMidCut: the long names are shown by midLabels, each cut in the
// middle to fit its width, keeping the name's start and its end, so the
// two stay apart.
func checkMidCut(t *testing.T, view string, root fyne.CanvasObject) {
	t.Helper()
	shown := map[string]*midLabel{}
	eachObject(root, func(o fyne.CanvasObject) {
		if m, ok := o.(*midLabel); ok && (m.full == longNameA || m.full == longNameB) {
			shown[m.full] = m
		}
	})
	if len(shown) != 2 {
		t.Fatalf("%s: %d of the 2 long names shown by a label cut in the middle", view, len(shown))
	}
	a, b := shown[longNameA].Shown(), shown[longNameB].Shown()
	for full, m := range shown {
		s := m.Shown()
		if !strings.Contains(s, "…") || !strings.HasPrefix(s, "synth") || !strings.HasSuffix(full, strings.SplitN(s, "…", 2)[1]) {
			t.Errorf("%s: %q shown as %q, want its start and end around …", view, full, s)
		}
		if w := fyne.MeasureText(s, theme.TextSize(), m.label.TextStyle).Width; w > m.Size().Width {
			t.Errorf("%s: %q is %.0f px wide in %.0f px", view, s, w, m.Size().Width)
		}
	}
	if a == b {
		t.Errorf("%s: both names show as %q", view, a)
	}
}

// TestLongDocumentNamesAreCutInTheMiddle: the Statistics window's
// "Labels per document" bars and the agreement dashboard's "Lowest
// agreement" list cut long names at the end (28 and 32 characters), so
// names that differ at the end looked alike, and the dashboard's still
// ran past its column. Both now cut them in the middle, as the document
// list does, to the width they have.
func TestLongDocumentNamesAreCutInTheMiddle(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())

	win := test.NewWindow(nil)
	defer win.Close()
	s := w.newStatsWindow(win)
	docs := []labelTally{
		{Name: longNameA, ID: 1, Counts: map[string]int{"ACTOR": 3}, Total: 3},
		{Name: longNameB, ID: 2, Counts: map[string]int{"ACTOR": 2}, Total: 2},
	}
	s.draw([]labelTally{{Name: "ana", Counts: map[string]int{"ACTOR": 5}, Total: 5}}, docs, nil)
	win.Resize(fyne.NewSize(900, 640))
	checkMidCut(t, "Statistics", win.Content())

	one, half := 1.0, 0.5
	sum := &dataset.AgreementSummary{Annotators: []string{"ana", "ben"}, Documents: 2, DocumentsF1: []dataset.DocScore{{ID: 1, Name: longNameA, F1Exact: &half}, {ID: 2, Name: longNameB, F1Exact: &one}}}
	dash := test.NewWindow(w.dashboardContent(sum, func(int64) {}))
	defer dash.Close()
	dash.Resize(dashboardSize(fyne.NewSize(1024, 640)))
	checkMidCut(t, "Lowest agreement", dash.Content())
}
