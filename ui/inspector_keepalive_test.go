package ui

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// TestKeptFormsKeepTheirTheme: a form the inspector keeps but does not
// show keeps its theme past Fyne's cache, which destroys the renderer of a
// widget not drawn for ValidDuration and forgets its theme override with
// it (showing the form again then applied the theme scope anew: fonts
// loaded again, ~20 MB each time, in a long session). The test runs in a
// child process with FYNE_CACHE=1s (Fyne reads it at start), so the
// cache expires within the test: an object kept the same way but not
// measured (the control) loses its theme; the forms touchKept measures
// do not, and showing the other label's form again applies nothing.
func TestKeptFormsKeepTheirTheme(t *testing.T) {
	if os.Getenv("MARGIN_TEST_KEPT_FORMS") == "" {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestKeptFormsKeepTheirTheme$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "FYNE_CACHE=1s", "MARGIN_TEST_KEPT_FORMS=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the child test failed: %v\n%s", err, out)
		}
		return
	}
	if keepAlivePeriod() != time.Second/3 {
		t.Fatalf("keepAlivePeriod %v with FYNE_CACHE=1s, want a third of it", keepAlivePeriod())
	}
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	mk := func(label, words string) *model.Annotation {
		s, e := span(assets.DemoArticle, words)
		return &model.Annotation{DocID: 1, Annotator: "ana", Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
	}
	claim, actor := mk("CEASEFIRE_TERM", phrase), mk("ACTOR", "Zelensky")
	if err := db.CreateAnnotations(context.Background(), []*model.Annotation{claim, actor}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db) // the inspector's forms are prepared and themed
	in := w.inspector
	control := widget.NewLabel("kept, never measured")
	in.themeAhead([]fyne.CanvasObject{control})
	w.focusAnnotation(claim.ID)
	claimForm := in.form.form
	w.focusAnnotation(actor.ID) // the claim's form is kept, not shown
	c := w.win.Canvas()
	c.Capture()
	themed, quote := theme.CurrentForWidget(claimForm), theme.CurrentForWidget(in.form.quote)
	controlThemed := theme.CurrentForWidget(control)
	if !in.themed.themes(controlThemed) || !in.themed.themes(themed) {
		t.Fatal("the control or the claim's form is not in the inspector's theme to start with")
	}
	for end := time.Now().Add(11500 * time.Millisecond); time.Now().Before(end); {
		time.Sleep(keepAlivePeriod())
		in.touchKept() // what keepFormsAlive's timer does
		c.Capture()    // a frame: Fyne cleans its cache (at most every 10 s)
	}
	if theme.CurrentForWidget(control) == controlThemed {
		t.Fatal("the control kept its theme: Fyne's cache did not expire it, and the test proves nothing")
	}
	if theme.CurrentForWidget(claimForm) != themed {
		t.Error("the claim's form, kept and measured, lost its theme")
	}
	w.focusAnnotation(claim.ID)
	if theme.CurrentForWidget(in.form.quote) != quote {
		t.Error("showing the claim's form again applied the theme scope again")
	}
}
