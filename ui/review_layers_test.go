package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
	"github.com/margin-app/margin/storage"
)

// TestCompareTicksEveryLayerWithSpans: bob tagged only the second of two
// CoNLL-2003 articles; ana both, and the second has a gold span. Compare
// opened on the first article (ana's layer alone) used to keep that tick
// for the second one, comparing ana with nobody. Every annotator's layer
// with spans is ticked on each document, gold is offered unticked (ticked,
// a partly curated gold made every agreed span a disagreement); a layer
// the user ticks or unticks stays so in that project (a new window on it
// too), not in another project.
func TestCompareTicksEveryLayerWithSpans(t *testing.T) {
	db := mergedConll(t, 2, 2)
	ctx := context.Background()
	docs, _ := db.Documents(ctx)
	second := docs[1].ID
	bobs, _ := db.Annotations(ctx, second, "bob")
	if len(bobs) == 0 {
		t.Fatal("bob's tags of the second article did not merge")
	}
	g := bobs[0]
	gold := &model.Annotation{Label: g.Label, Fragments: g.Fragments}
	if err := db.Curate(ctx, &model.Verdict{DocID: second, Verdict: model.VerdictAccept, Curator: "ana", Sources: []model.SourceRef{{ID: g.ID, Annotator: "bob"}}}, gold); err != nil {
		t.Fatal(err)
	}
	// The other project: the same file copied before anything was unticked.
	copyPath := filepath.Join(t.TempDir(), "copy.margin")
	if err := db.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}

	w := openWindow(t, db)
	w.modeSelect.SetSelected(modeCompare)
	if got := w.review.who.Selected; !reflect.DeepEqual(got, []string{"ana"}) {
		t.Fatalf("first article: ticked %v, want ana's layer, the only one", got)
	}
	w.docList.Select(1)
	if got, all := w.review.who.Selected, []string{"ana", "bob", "gold"}; !reflect.DeepEqual(got, []string{"ana", "bob"}) || !reflect.DeepEqual(w.review.who.Options, all) {
		t.Fatalf("second article: ticked %v of %v, want ana and bob of %v", got, w.review.who.Options, all)
	}

	// ana ticks gold and unticks bob: remembered for this project.
	w.review.who.SetSelected([]string{"ana", "gold"})
	if got := w.review.who.Selected; !reflect.DeepEqual(got, []string{"ana", "gold"}) {
		t.Fatalf("after ticking gold and unticking bob: %v", got)
	}
	if len(w.review.disagreements()) == 0 {
		t.Error("comparing ana with gold found no disagreement")
	}
	w.docList.Select(0)
	w.docList.Select(1)
	if got := w.review.who.Selected; !reflect.DeepEqual(got, []string{"ana", "gold"}) {
		t.Fatalf("back on the second article: ticked %v, want ana and gold as left", got)
	}
	w2 := openWindowOnApp(t, db) // same app, same preferences
	w2.modeSelect.SetSelected(modeCompare)
	w2.docList.Select(1)
	if got := w2.review.who.Selected; !reflect.DeepEqual(got, []string{"ana", "gold"}) {
		t.Fatalf("a new window on the project: ticked %v, want ana and gold as left", got)
	}
	other, err := storage.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	w3 := openWindowOnApp(t, other)
	w3.modeSelect.SetSelected(modeCompare)
	w3.docList.Select(1)
	if got := w3.review.who.Selected; !reflect.DeepEqual(got, []string{"ana", "bob"}) {
		t.Fatalf("another project: ticked %v, want the annotators' layers", got)
	}
}

// TestModeSwitchHandsTheKeysToTheArticle: choosing Curate with the focus
// elsewhere (a click on the mode switch focuses it; here the search box)
// used to leave it there, so N, Enter and Delete did nothing until the
// user clicked the text (seen under Xvfb).
func TestModeSwitchHandsTheKeysToTheArticle(t *testing.T) {
	db := mergedConll(t, 1, 1)
	w := openWindow(t, db)
	w.win.Canvas().Focus(w.search.entry)
	w.modeSelect.SetSelected(modeCurate)
	if w.win.Canvas().Focused() != fyne.Focusable(w.View()) {
		t.Fatalf("after switching to Curate the focus is on %T", w.win.Canvas().Focused())
	}
	test.Type(w.win.Canvas().Focused(), "n")
	if w.review.at < 0 {
		t.Fatal("N typed after the switch went nowhere")
	}
}

// TestCompareOffersMyEmptyLayer: on a document only a colleague
// annotated, Compare lists and ticks my own layer too, so his spans show
// as his alone ("only one side") and the panel does not ask for a second
// layer it does not offer.
func TestCompareOffersMyEmptyLayer(t *testing.T) {
	db := mergedConll(t, 2, 2)
	w := openWindowAs(t, db, "cy")
	w.modeSelect.SetSelected(modeCompare)
	if got, want := w.review.who.Options, []string{"cy", "ana"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("layers offered %v, want %v (mine first, empty)", got, want)
	}
	if got := w.review.who.Selected; len(got) != 2 {
		t.Fatalf("ticked %v, want both layers", got)
	}
	if len(w.review.clusters) == 0 {
		t.Fatal("no span groups for ana's spans")
	}
	for _, c := range w.review.clusters {
		if c.Kind != review.OnlyOne {
			t.Fatalf("ana's span against none of mine is %v, want only one side", c.Kind)
		}
	}
	if s := w.review.summary.Text; strings.Contains(s, "Tick two") {
		t.Fatalf("summary asks for two layers with two ticked: %q", s)
	}
}

// TestNextInCompareNamesTheGroupNotASelection: N in Compare moves to a
// span group, and the status bar names that group ("group 1 of 7,
// S–E"), not a text selection to label, which Compare cannot label.
func TestNextInCompareNamesTheGroupNotASelection(t *testing.T) {
	db := mergedConll(t, 2, 2)
	w := openWindowAs(t, db, "cy") // ana's spans against none of cy's
	w.modeSelect.SetSelected(modeCompare)
	w.review.step(1)
	if w.review.at < 0 {
		t.Fatal("N found no disagreement")
	}
	c := w.review.clusters[w.review.at]
	want := fmt.Sprintf("group %d of %d, %d–%d", w.review.at+1, len(w.review.clusters), c.Start, c.End)
	if st := w.status.Text; strings.Contains(st, "selection ") || !strings.Contains(st, want) {
		t.Fatalf("status %q, want %q and no text selection", st, want)
	}
	w.modeSelect.SetSelected(modeAnnotate)
	if st := w.status.Text; strings.Contains(st, "group ") {
		t.Fatalf("back in Annotate the status still names a group: %q", st)
	}
}

// TestCompareAfterCuratingComparesTheAnnotators: ana and bob marked the
// same three spans and one was accepted into gold. With gold ticked like
// their layers, Compare reported the two spans gold lacked as
// disagreements ("only one side") and no exact match; it compares the
// annotators: three exact matches, no disagreement.
func TestCompareAfterCuratingComparesTheAnnotators(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	for _, who := range []string{"ana", "bob"} {
		for _, sub := range []string{"President Trump", "Vladimir Putin", "Ukraine"} {
			addSpan(t, db, who, "ACTOR", sub, nil)
		}
	}
	bobs, _ := db.Annotations(ctx, 1, "bob")
	g := bobs[0]
	if err := db.Curate(ctx, &model.Verdict{DocID: 1, Verdict: model.VerdictAccept, Curator: "ana", Sources: []model.SourceRef{{ID: g.ID, Annotator: "bob"}}},
		&model.Annotation{Label: g.Label, Fragments: g.Fragments}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	w.modeSelect.SetSelected(modeCompare)
	if got := w.review.who.Selected; !reflect.DeepEqual(got, []string{"ana", "bob"}) {
		t.Fatalf("Compare ticks %v of %v, want ana and bob", got, w.review.who.Options)
	}
	exact := 0
	for _, c := range w.review.clusters {
		if c.Kind == review.Exact {
			exact++
		}
	}
	if n := len(w.review.disagreements()); n != 0 || exact != 3 {
		t.Fatalf("Compare after curating: %d disagreements, %d exact matches, want 0 and 3", n, exact)
	}
}
