package ui

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/agreement"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
)

// TestDashboardShowsConfusionAndDocLabelKappa: ana and ben mark the same
// words, once with the same label and once not; they label the two
// documents relevant/irrelevant and relevant/relevant. By hand: the
// confusion matrix (ana rows, ben columns; ACTOR, PRECONDITION, ∅) is
// [[1 1 0] [0 0 0] [0 0 0]]; Cohen's kappa on the documents is
// (0.5 − 0.5) / (1 − 0.5) = 0 (observed 1 of 2; expected 0.5·1 + 0.5·0).
func TestDashboardShowsConfusionAndDocLabelKappa(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	addSpan(t, db, "ana", "ACTOR", "President Trump", nil)
	addSpan(t, db, "ben", "PRECONDITION", "President Trump", nil)
	for _, who := range []string{"ana", "ben"} {
		a := &model.Annotation{DocID: 2, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []model.DocLabel{
		{DocID: 1, Annotator: "ana", Set: "relevance", Value: "relevant"},
		{DocID: 2, Annotator: "ana", Set: "relevance", Value: "irrelevant"},
		{DocID: 1, Annotator: "ben", Set: "relevance", Value: "relevant"},
		{DocID: 2, Annotator: "ben", Set: "relevance", Value: "relevant"},
	} {
		if err := db.SetDocLabel(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	w := openWindow(t, db)
	sum, err := dataset.Agreement(ctx, db, dataset.AgreementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Confusion) != 1 {
		t.Fatalf("%d confusion matrices", len(sum.Confusion))
	}
	c := sum.Confusion[0]
	if c.A != "ana" || c.B != "ben" || !reflect.DeepEqual(c.Labels, []string{"ACTOR", "PRECONDITION", "∅"}) ||
		!reflect.DeepEqual(c.Counts, [][]int{{1, 1, 0}, {0, 0, 0}, {0, 0, 0}}) {
		t.Fatalf("confusion: %+v", c)
	}
	var texts []string
	eachObject(w.dashboardContent(sum, func(int64) {}), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Label confusion (spans of the same extent)", "ana ↓  ben →", "PRECONDITION", "∅", "relevance: Cohen's κ 0.00"} {
		if !strings.Contains(all, want) {
			t.Errorf("dashboard lacks %q:\n%s", want, all)
		}
	}
}

// TestConfusionMatrixFitsTheDashboardAt1024: the 9×9 confusion matrix of
// the default schema (its eight labels and ∅) fits the dashboard's left
// column in a 1024×640 window. Every column was as wide as the longest
// label name, about 1,600 px in all, and two columns showed.
func TestConfusionMatrixFitsTheDashboardAt1024(t *testing.T) {
	test.NewTempApp(t)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	labels := []string{"ACTOR", "AID_OR_SANCTION", "CASUALTY_OR_DAMAGE", "CEASEFIRE_TERM", "MILITARY_ACTION",
		"NEGOTIATION_EVENT", "PRECONDITION", "TERRITORIAL_CONTROL", agreement.NoSpan}
	counts := make([][]int, len(labels))
	for i := range counts {
		counts[i] = make([]int, len(labels))
		counts[i][i] = 10 + i
	}
	grid := confusionGrid(agreement.Confusion{A: "ana", B: "bob", Labels: labels, Counts: counts})
	// The dialog's left column: 70% of the dialog's content (the dialog
	// pads it by 20 px a side) less the split's divider.
	column := 0.7 * (dashboardSize(fyne.NewSize(1024, 640)).Width - 40 - 8)
	w := grid.MinSize().Width
	if w > column {
		t.Errorf("the matrix is %v px wide, the column %v", w, column)
	}
	t.Logf("the matrix is %v px wide in a %v px column", w, column)
}
