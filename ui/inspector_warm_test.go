package ui

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// TestFontWarmersDrawTheFormsTheme: the inspector's font warmers are in
// the theme scope of the form the first span shows (so that drawing them
// loads the font faces that form needs), and they are drawn in the
// window, but not inside the inspector, whose layout they must not move.
func TestFontWarmersDrawTheFormsTheme(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	s, e := span(assets.DemoArticle, phrase)
	a := &model.Annotation{DocID: 1, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := db.CreateAnnotations(context.Background(), []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db) // the forms are prepared: the warmers show
	in := w.inspector
	form := theme.CurrentForWidget(in.form.quote)
	if !in.themed.themes(form) {
		t.Fatal("the span form is not in the inspector's theme scope")
	}
	drawn := test.LaidOutObjects(w.win.Canvas().Content())
	inInspector := test.LaidOutObjects(in.box)
	for i, o := range in.warm.texts {
		if theme.CurrentForWidget(o) != form {
			t.Errorf("warmer %d is not in the form's theme scope", i)
		}
		if !slices.Contains(drawn, o) || !o.Visible() {
			t.Errorf("warmer %d is not drawn in the window", i)
		}
		if slices.Contains(inInspector, o) {
			t.Errorf("warmer %d is inside the inspector", i)
		}
	}
	w.focusAnnotation(a.ID)
	if theme.CurrentForWidget(in.form.quote) != form {
		t.Error("the first span shown is in another scope than the one warmed")
	}
}
