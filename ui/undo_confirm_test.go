package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// dialogText is every label's text in the window's top overlay.
func dialogText(w *Window) string {
	var b strings.Builder
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		eachObject(top, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		})
	}
	return b.String()
}

// TestUndoOfAnImportAsksFirst: an import of many annotations (as
// `margin import` does it, into ana's layer, with bo's layer beside it)
// is not removed by one Ctrl+Z: the window shows what will go per
// document and label and asks; "Keep as is" changes nothing, "Undo"
// removes ana's imported annotations and leaves bo's (issue 12, item 4).
func TestUndoOfAnImportAsksFirst(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	var anns []model.Annotation
	for i := 0; i < 30; i++ {
		label := "ACTOR"
		if i%3 == 0 {
			label = "CEASEFIRE_TERM"
		}
		anns = append(anns, model.Annotation{Annotator: "ana", Label: label, Fragments: []model.Fragment{{Start: i * 10, End: i*10 + 5}}})
	}
	anns = append(anns, model.Annotation{Annotator: "bo", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 5}}})
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "imported.txt", Text: assets.DemoArticle + " (imported)"}, Annotations: anns}}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	count := func(who string) int {
		got, err := db.Annotations(ctx, 3, who)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}

	w.Undo()
	if n := count("ana"); n != 30 {
		t.Fatalf("one Ctrl+Z removed the import without asking: %d of 30 left", n)
	}
	text := dialogText(w)
	for _, want := range []string{"removes 30 annotations", "imported.txt: ", "ACTOR −20", "CEASEFIRE_TERM −10"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the confirmation does not say %q:\n%s", want, text)
		}
	}
	test.Tap(dialogButton(t, w, "Keep as is"))
	if n := count("ana"); n != 30 {
		t.Fatalf("Keep as is removed %d", 30-n)
	}

	w.Undo()
	test.Tap(dialogButton(t, w, "Undo"))
	if n, bo := count("ana"), count("bo"); n != 0 || bo != 1 {
		t.Fatalf("after confirming: ana %d (want 0), bo %d (want 1)", n, bo)
	}
	if !strings.Contains(w.status.Text, "undo create of 30 items") {
		t.Fatalf("status %q", w.status.Text)
	}
	// A single edit is undone at once, without a question.
	w.View().SetSelection(0, 3)
	w.applyLabel("ACTOR")
	w.Undo()
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("undo of one span asked: %s", dialogText(w))
	}
	if n := count("ana"); n != 0 {
		t.Fatalf("undo of one span left %d", n)
	}
}
