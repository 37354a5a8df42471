package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

// TestEditsLeaveTheThemeScopesAlone: the edit cycle, a search and a
// document switch and back do not apply a theme override again. Fyne's
// ThemeOverride themes its content anew on each Refresh (a new scope,
// so the painter loads the fonts again for it and keeps them), and
// resets the text-size cache once per widget it walks, so the frame
// after it measured and shaped every text of the window again: 20-30 ms
// of CPU per key in the real window (issue 14). A theme applied again
// shows as a new theme value for the widgets under it
// (theme.CurrentForWidget).
func TestEditsLeaveTheThemeScopesAlone(t *testing.T) {
	w := windowWithSpans(t, "32", "Trump", "Zelensky")
	cycle := func(word string) {
		s, e := span(assets.DemoArticle, word)
		dragSelect(w, s, e)
		for _, k := range editKeys(w) {
			k.key()
		}
	}
	// The first cycle builds the forms of the labels it meets, and a
	// form new to the inspector is themed once (inspector_form.go).
	cycle("Putin")
	probes := map[string]fyne.CanvasObject{
		"the inspector's quote":        w.inspector.form.quote,
		"the annotation list's filter": w.annList.filter,
		"the article":                  w.View(),
	}
	before := map[string]fyne.Theme{}
	for name, o := range probes {
		before[name] = theme.CurrentForWidget(o)
	}
	check := func(after string) {
		for name, o := range probes {
			if theme.CurrentForWidget(o) != before[name] {
				t.Errorf("after %s, %s's theme was applied again", after, name)
				before[name] = theme.CurrentForWidget(o)
			}
		}
	}
	for _, word := range []string{"Ukraine", "Kremlin"} {
		cycle(word)
		check("the edit cycle on " + word)
	}
	if len(w.docs) < 2 {
		t.Fatalf("the demo project has %d documents, want 2 or more", len(w.docs))
	}
	w.openDocument(1)
	w.openDocument(0)
	check("a switch to another document and back")
	cycle("Putin")
	check("the edit cycle after the switch")
	w.bannersChanged() // a banner came or went (live_offline.go)
	check("a banner came or went")
}

// TestRelationsLeaveTheThemeScopeAlone: spans with relations, and the
// relations themselves, are shown in the inspector's kept widgets (rows
// added only for more relations than any span had before), so stepping
// through them applies the theme scope no more (each apply loaded the
// fonts again, about 20 MB a time in the real window); and the rows
// reused show and delete the relations of the span shown.
func TestRelationsLeaveTheThemeScopeAlone(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	ctx := context.Background()
	mk := func(label, words string) *model.Annotation {
		s, e := span(assets.DemoArticle, words)
		return &model.Annotation{DocID: 1, Annotator: "ana", Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
	}
	c, d := mk("CEASEFIRE_TERM", phrase), mk("CEASEFIRE_TERM", "Ukraine")
	a, b := mk("ACTOR", "The White House"), mk("ACTOR", "Zelensky")
	if err := db.CreateAnnotations(ctx, []*model.Annotation{c, d, a, b}); err != nil {
		t.Fatal(err)
	}
	var rels []*model.Relation
	for _, ends := range [][2]*model.Annotation{{c, a}, {c, b}, {d, a}} {
		r := &model.Relation{Annotator: "ana", Type: "claimed_by", From: ends[0].ID, To: ends[1].ID}
		if err := db.CreateRelation(ctx, r); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	w := openWindow(t, db)
	in := w.inspector
	visit := func() {
		for _, s := range []*model.Annotation{c, a, b, d} {
			w.focusAnnotation(s.ID)
		}
		for _, r := range rels {
			in.showRelation(r)
		}
	}
	visit() // the rows for two relations are added once
	quote := in.form.quote
	before := theme.CurrentForWidget(quote)
	visit()
	w.focusAnnotation(b.ID)
	if theme.CurrentForWidget(quote) != before {
		t.Error("stepping through spans with relations and the relations applied the inspector's theme again")
	}
	var shown []string
	for _, r := range in.form.rels.rows {
		if r.obj.Visible() {
			shown = append(shown, r.text.Text)
		}
	}
	if len(shown) != 1 || !strings.HasPrefix(shown[0], "claimed_by ← CEASEFIRE_TERM") {
		t.Fatalf("Zelensky's relations shown: %q, want the one from the ceasefire term", shown)
	}
	w.focusAnnotation(a.ID)
	for _, r := range in.form.rels.rows {
		if r.obj.Visible() && r.rel.From == d.ID {
			test.Tap(r.del)
		}
	}
	if got := nRels(t, db); got != 2 {
		t.Fatalf("%d relations after deleting d→a from a reused row, want 2", got)
	}
	left, err := db.Relations(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range left {
		if r.From == d.ID {
			t.Errorf("the ✕ deleted another relation than d→a: %+v left", left)
		}
	}
}

// TestReviewPanelInThePanesTheme: the review panel (Compare, Curate),
// which is not in the right-hand column when the column's override
// themes it, is drawn in the panes' compact theme as the annotation
// list is (its title had Fyne's full padding).
func TestReviewPanelInThePanesTheme(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	want := theme.CurrentForWidget(w.annList.filter).Size(theme.SizeNamePadding)
	for _, m := range []string{modeCompare, modeAnnotate, modeCurate} {
		w.setMode(m)
		if m == modeAnnotate {
			continue
		}
		if got := theme.CurrentForWidget(w.review.title).Size(theme.SizeNamePadding); got != want {
			t.Errorf("%s: the review panel's title has padding %v, the annotation list's filter %v", m, got, want)
		}
	}
}
