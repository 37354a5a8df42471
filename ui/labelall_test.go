package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
)

// secondDocWithSpan opens the demo's second document ("Kyiv said the
// ceasefire 👍🏽 holds; the ceasefire is fragile.") with a CEASEFIRE_TERM
// span over "the ceasefire 👍🏽 holds", which holds the first match of
// "ceasefire", and searches for it.
func secondDocWithSpan(t *testing.T) (*Window, func() int) {
	t.Helper()
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	t.Cleanup(func() { db.Close() })
	w := openWindow(t, db)
	w.nextDocument(1)
	text := w.CurrentDocument().Text
	s, e := span(text, "the ceasefire 👍🏽 holds")
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	w.search.entry.SetText("ceasefire")
	if len(w.matches) != 2 {
		t.Fatalf("%d matches", len(w.matches))
	}
	count := func() int {
		anns, err := db.Annotations(context.Background(), w.CurrentDocument().ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		return len(anns)
	}
	return w, count
}

// TestLabelAllSkipsMatchesInsideSpansOfTheLabel: a match nested in a span
// of the same label is not labelled again (it made a duplicate nested
// span); the other match is.
func TestLabelAllSkipsMatchesInsideSpansOfTheLabel(t *testing.T) {
	w, count := secondDocWithSpan(t)
	w.search.labelAll("CEASEFIRE_TERM")
	if n := count(); n != 2 {
		t.Fatalf("%d annotations after label all, want the span and one new", n)
	}
	for _, a := range w.anns {
		if a.Text == "ceasefire" && a.Start() != w.matches[1][0] {
			t.Errorf("label all nested a span at %d inside the existing one", a.Start())
		}
	}
	// Another label still labels both matches.
	w.search.labelAll("PRECONDITION")
	if n := count(); n != 4 {
		t.Errorf("%d annotations after labelling both as PRECONDITION, want 4", n)
	}
}

// TestLabelAllPreviewShowsWhatItWillLabel: choosing a label in "label
// all…" first shows how many matches get it, how many are left out and
// each one in its context; Cancel labels nothing, Label labels those.
func TestLabelAllPreviewShowsWhatItWillLabel(t *testing.T) {
	w, count := secondDocWithSpan(t)
	w.search.labelAs.SetSelected("CEASEFIRE_TERM")
	texts := overlayTexts(w)
	for _, want := range []string{"1 of 2 matches", "1 already inside a CEASEFIRE_TERM span: left out", "holds; the [ceasefire] is fragile."} {
		if !hasText(texts, want) {
			t.Errorf("preview lacks %q; it shows %q", want, texts)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("the preview labelled already: %d annotations", n)
	}
	// The dialog is as tall as its one row: no blank stretch above the
	// buttons.
	capture(t, w, "label-all-preview.png")
	row := widget.NewLabel("").MinSize().Height + theme.Padding()
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*keyList); ok && l.Size().Height > 1.5*row {
			t.Errorf("the preview's list of 1 match is %.0f px tall (a row is %.0f)", l.Size().Height, row)
		}
	}
	test.Tap(dialogButton(t, w, "Cancel"))
	if n := count(); n != 1 {
		t.Fatalf("Cancel labelled: %d annotations", n)
	}
	w.search.labelAs.SetSelected("CEASEFIRE_TERM")
	test.Tap(dialogButton(t, w, "Label 1"))
	if n := count(); n != 2 {
		t.Fatalf("Label 1 made %d annotations, want 2", n)
	}
	// Everything labelled: no preview, the status says why.
	w.search.labelAs.SetSelected("CEASEFIRE_TERM")
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a preview with nothing to label: %q", overlayTexts(w))
	}
}

// TestKeyboardSelectionLabelsLikeTheMouse: Shift+arrows select in the
// article (snapped to the word), a label hotkey labels that selection, and
// Ctrl+Shift+Right then goes on from the new span; Tab still steps
// through spans and Shift+Right still nudges the selected span.
func TestKeyboardSelectionLabelsLikeTheMouse(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	v := w.View()
	shift := func(k fyne.KeyName) {
		v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		v.TypedKey(&fyne.KeyEvent{Name: k})
		v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	s, e := span(assets.DemoArticle, "Trump")
	v.SetCaret(s)
	shift(fyne.KeyRight)
	shift(fyne.KeyRight)
	if got := w.selection; got != [2]int{s, e} {
		t.Fatalf("Shift+Right twice: the window has the selection %v, want %d-%d", got, s, e)
	}
	v.TypedRune('4')
	if len(w.anns) != 1 || w.anns[0].Text != "Trump" || w.anns[0].Label != "ACTOR" {
		t.Fatalf("hotkey after a keyboard selection made %+v", w.anns)
	}
	// The caret is at the new span's end; Ctrl+Shift+Right selects the
	// next word (as the desktop driver sends it, a shortcut).
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if ss, se := span(assets.DemoArticle, "spoke"); w.selection != [2]int{ss, se} {
		t.Fatalf("Ctrl+Shift+Right after the span selected %v, want “spoke” %d-%d", w.selection, ss, se)
	}
	v.TypedRune('5')
	if len(w.anns) != 2 {
		t.Fatalf("second hotkey: %d annotations", len(w.anns))
	}
	// Tab walks the spans; with one selected, Shift+Right moves its end.
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	first := w.annotation(v.SelectedHighlight())
	if first == nil || first.Text != "Trump" {
		t.Fatalf("Tab selected %+v", first)
	}
	shift(fyne.KeyRight)
	if a := w.annotation(v.SelectedHighlight()); a == nil || a.End() != e+1 {
		t.Errorf("Shift+Right with a span selected: %+v, want its end at %d", a, e+1)
	}
}

func TestLabelAllPreviewSaysAnBeforeAVowel(t *testing.T) {
	for label, want := range map[string]string{"ACTOR": "an", "CEASEFIRE_TERM": "a", "OBSERVER": "an", "": "a"} {
		if got := article(label); got != want {
			t.Errorf("article(%q) = %q, want %q", label, got, want)
		}
	}
}
