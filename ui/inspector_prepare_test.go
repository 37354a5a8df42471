package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// TestInspectorFormIsBuiltBeforeTheFirstKey: opening a document with
// spans builds the inspector's span form (prepare) while the inspector
// still shows its hint, so that the first Tab after opening loads a form
// that exists: it built and measured the whole form in its handler,
// 19–28 ms against 2–7 ms for the next Tabs in the real window (issue
// 14's "the first action after opening included"). Tab then shows the
// span in that form, and no second form is built.
func TestInspectorFormIsBuiltBeforeTheFirstKey(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	sc, _ := assets.DefaultSchema()
	var anns []*model.Annotation
	for i, word := range []string{"Trump", "Putin", "Ukraine"} {
		s, e := span(assets.DemoArticle, word)
		anns = append(anns, &model.Annotation{DocID: 1, Annotator: "ana", Label: sc.Labels[i].Name, Fragments: []model.Fragment{{Start: s, End: e}}})
	}
	if err := db.CreateAnnotations(context.Background(), anns); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	in := w.inspector
	if in.form == nil || in.prepared != 1 {
		t.Fatalf("the document with %d spans showed, and the inspector's form is not built (prepared %d)", len(w.anns), in.prepared)
	}
	if in.cur != nil || in.bodyKind != bodyHint {
		t.Fatal("preparing the form showed a span in the inspector")
	}
	form := in.form.form
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	a := w.annotation(w.view.SelectedHighlight())
	if a == nil || in.cur == nil || in.cur.ID != a.ID {
		t.Fatal("Tab did not show the first span in the inspector")
	}
	if got := in.form.quote.Text; !strings.Contains(got, a.Text) {
		t.Errorf("the inspector quotes %q after Tab onto %q", got, a.Text)
	}
	if in.form.form != form || in.prepared != 1 {
		t.Error("the first Tab built the span form again")
	}
}

// TestTabLeavesTheInspectorScrollAlone: Tab onto another span scrolls the
// inspector's form back to its top only when it is not there: at the
// top, Fyne's ScrollToTop still refreshed the scroll and laid out its
// bars on every key (0.8–2.5 ms of a Tab in the real window; issue 14).
func TestTabLeavesTheInspectorScrollAlone(t *testing.T) {
	w := windowWithSpans(t, "123", "Trump", "Putin", "Ukraine")
	in := w.inspector
	tab := func() { w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) }
	n := in.scrolledTop
	for range 4 {
		tab()
	}
	if d := in.scrolledTop - n; d != 0 {
		t.Fatalf("4 Tabs with the inspector at its top scrolled it to the top %d times", d)
	}
	in.scroll.Resize(fyne.NewSize(in.scroll.Size().Width, 60)) // shorter than the form
	in.scroll.ScrollToBottom()
	if in.scroll.Offset.Y == 0 {
		t.Fatal("the test could not scroll the inspector down")
	}
	tab()
	if in.scroll.Offset.Y != 0 || in.scrolledTop-n != 1 {
		t.Errorf("Tab with the inspector scrolled down left it at %v (scrolled to the top %d times)", in.scroll.Offset.Y, in.scrolledTop-n)
	}
}
