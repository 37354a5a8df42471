package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// TestProgressWindow: the progress window lists each person with their
// documents by status (a project file: everyone's queue is every
// document), a person named by extra with no layer yet too; Refresh shows
// a status set meanwhile.
func TestProgressWindow(t *testing.T) {
	ctx := context.Background()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := db.Schema(ctx)
	if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: docs[0].ID, Annotator: "ana", Label: sc.Labels[0].Name, Fragments: []model.Fragment{{Start: 0, End: 3}}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, docs[0].ID, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	app := test.NewTempApp(t)
	win, v := ShowProgress(app, db, func(context.Context) ([]string, error) { return []string{"ben"}, nil })
	defer win.Close()
	want := []model.ProgressRow{{Person: "ana", Assigned: 2, Todo: 1, Done: 1}, {Person: "ben", Assigned: 2, Todo: 2}}
	if got := v.Rows(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("rows %+v", got)
	}
	shown := labelsIn(win.Content())
	for _, s := range []string{"Person", "In progress", "ana", "ben", "2 people · 1 of 4 assigned documents done"} {
		if !hasText(shown, s) {
			t.Fatalf("the window lacks %q: %q", s, shown)
		}
	}
	if err := db.SetStatus(ctx, docs[1].ID, "ben", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	for _, o := range test.LaidOutObjects(win.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Refresh" {
			test.Tap(b)
		}
	}
	if got := v.Rows(); got[1] != (model.ProgressRow{Person: "ben", Assigned: 2, Todo: 1, InProgress: 1}) {
		t.Fatalf("after Refresh %+v", got)
	}
}
