package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
)

// statusSelect is the inspector's input of the "status" attribute.
func statusSelect(t *testing.T, w *Window) *widget.Select {
	t.Helper()
	sel, ok := inspectorInput(t, w, "status").(*widget.Select)
	if !ok {
		t.Fatal("the status input is not a select")
	}
	return sel
}

// TestTabLoadsTheInspectorInPlace: Tab from one claim to the next shows
// the next one in the same inspector widgets (they were all built anew on
// every Tab, a third of a key's work in the real window; issue 14), with
// the next claim's values, and an input changed then saves on the claim
// shown, not on the one the widget was first made for.
func TestTabLoadsTheInspectorInPlace(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	ctx := context.Background()
	for _, word := range []string{"Trump", "Putin"} {
		s, e := span(assets.DemoArticle, word)
		dragSelect(w, s, e)
		w.View().TypedRune('1') // CEASEFIRE_TERM, which has a status
	}
	first, second := w.anns[0], w.anns[1]
	w.focusAnnotation(first.ID)
	statusSelect(t, w).SetSelected("agreed")
	if got, _ := db.Annotation(ctx, first.ID); got.Attributes["status"] != "agreed" {
		t.Fatalf("status of the first claim: %+v", got.Attributes)
	}
	sel, note := statusSelect(t, w), inspectorInput(t, w, "note")
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if w.inspector.cur == nil || w.inspector.cur.ID != second.ID {
		t.Fatal("Tab did not show the second claim")
	}
	if statusSelect(t, w) != sel || inspectorInput(t, w, "note") != note {
		t.Fatal("Tab built the inspector's inputs anew")
	}
	if sel.Selected != "—" {
		t.Fatalf("the second claim shows status %q, it has none", sel.Selected)
	}
	sel.SetSelected("rejected")
	if got, _ := db.Annotation(ctx, second.ID); got.Attributes["status"] != "rejected" {
		t.Fatalf("status of the second claim: %+v", got.Attributes)
	}
	if got, _ := db.Annotation(ctx, first.ID); got.Attributes["status"] != "agreed" {
		t.Fatalf("the first claim's status changed to %+v", got.Attributes)
	}
	// Back to the first: its value shows again, and clearing it removes it.
	w.nextAnnotation(-1)
	if sel.Selected != "agreed" {
		t.Fatalf("the first claim shows status %q", sel.Selected)
	}
	sel.SetSelected("—")
	if got, _ := db.Annotation(ctx, first.ID); got.Attributes["status"] != nil {
		t.Fatalf("clearing left %+v", got.Attributes)
	}
	// A span of another label gets that label's inputs.
	s, e := span(assets.DemoArticle, "Ukraine")
	dragSelect(w, s, e)
	w.View().TypedRune('4') // ACTOR
	if _, ok := inspectorInput(t, w, "side").(*widget.Select); !ok {
		t.Fatal("an ACTOR shows no side input")
	}
	// And back to a claim: its inputs, as first built.
	w.focusAnnotation(second.ID)
	if statusSelect(t, w) != sel || sel.Selected != "rejected" {
		t.Fatalf("back on a claim: the status input was built anew or shows %q", sel.Selected)
	}
}
