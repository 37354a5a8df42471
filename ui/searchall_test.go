package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// drainUntil runs the search window's posted results on the test's
// goroutine until cond holds.
func drainUntil(t *testing.T, posted chan func(), cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case fn := <-posted:
			fn()
		case <-time.After(10 * time.Second):
			t.Fatal("the search window never got its answer")
		}
	}
}

// TestSearchAllDocumentsAndLabelAll: "ceasefire" is 11 times in the demo
// article (grep -oiw counts 11) and twice in the second document; ana
// has already marked "infrastructure and energy ceasefire". Label all
// previews 12 new spans (the one inside her span is left), writes them
// in both documents as one undo step, and a second label all finds
// nothing left to do. A click on a result opens its document there.
func TestSearchAllDocumentsAndLabelAll(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	addSpan(t, db, "ana", "CEASEFIRE_TERM", phrase, nil)
	w := openWindow(t, db)
	s := w.newSearchAll(test.NewWindow(nil))
	posted := make(chan func(), 16)
	s.post = func(fn func()) { posted <- fn }
	s.entry.SetText("Ceasefire")
	s.run()
	drainUntil(t, posted, func() bool { return strings.Contains(s.status.Text, "matches") })
	if !strings.HasPrefix(s.status.Text, "13 matches in 2 documents") {
		t.Fatalf("status %q", s.status.Text)
	}
	s.labelAs.SetSelected("CEASEFIRE_TERM")
	s.win.Resize(fyne.NewSize(772, 600)) // the search window at 1024×640 (toolwindow_size.go)
	test.Tap(s.apply)
	drainUntil(t, posted, func() bool { return s.confirm != nil })
	if s.status.Text != "12 to label, 1 labeled already" {
		t.Errorf("preview says %q", s.status.Text)
	}
	var yes *widget.Button
	for _, o := range s.win.Canvas().Overlays().List() {
		eachRendered(o, func(o fyne.CanvasObject) {
			if b := buttonOf(o); b != nil && b.Text == "Label all" {
				yes = b
			}
		})
	}
	if yes == nil {
		t.Fatal("no Label all button in the preview")
	}
	// The question is as tall as its lines and buttons: Fyne's wrapping
	// message made it about twice that.
	if top := s.win.Canvas().Overlays().Top(); top != nil {
		lines := strings.Count(msgOf(t, top), "\n") + 1
		line := widget.NewLabel("x").MinSize().Height
		if h, most := top.(*widget.PopUp).Content.Size().Height, float32(lines+4)*line; h > most {
			t.Errorf("the question is %.0f px tall for %d lines, want at most %.0f", h, lines, most)
		}
	}
	test.Tap(yes)
	count := func(doc int64) int {
		anns, err := db.Annotations(ctx, doc, "ana")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range anns {
			if a.Label == "CEASEFIRE_TERM" {
				n++
			}
		}
		return n
	}
	if a, b := count(1), count(2); a != 11 || b != 2 {
		t.Fatalf("after label all: %d and %d CEASEFIRE_TERM spans, want 11 and 2", a, b)
	}
	if w.CurrentDocument().ID == 1 && len(w.anns) != 11 {
		t.Errorf("the open document shows %d spans, want 11", len(w.anns))
	}
	p, err := db.PreviewHistory(ctx, "ana", true)
	if err != nil || p == nil {
		t.Fatal(p, err)
	}
	if !p.Bulk || p.Removed != 12 || len(p.Effects) != 2 {
		t.Errorf("undo preview: %+v", p)
	}
	// A second label all has nothing to add.
	s.confirm = nil
	test.Tap(s.apply)
	drainUntil(t, posted, func() bool { return strings.HasPrefix(s.status.Text, "every match") })
	if s.confirm != nil {
		t.Error("a second label all offered to label again")
	}
	// One undo step takes all 12 back, in both documents.
	if _, err := db.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if a, b := count(1), count(2); a != 1 || b != 0 {
		t.Errorf("after one undo: %d and %d", a, b)
	}
	// The last result is in the second document: a click opens it there.
	last := len(s.rows) - 1
	h := s.hits[s.rows[last][0]]
	f := h.Matches[s.rows[last][1]]
	s.list.Select(last)
	if w.CurrentDocument().ID != 2 || h.DocID != 2 {
		t.Fatalf("the click opened document %d", w.CurrentDocument().ID)
	}
	if a, b := w.View().Selection(); a != f.Start || b != f.End {
		t.Errorf("selection %d–%d, want %d–%d", a, b, f.Start, f.End)
	}
}

// TestLabelAllPlanSkipsSpansInsideTheSameLabel: the plan leaves a match
// inside (or equal to) a span of the same label, but labels one inside a
// span of another label.
func TestLabelAllPlanSkipsSpansInsideTheSameLabel(t *testing.T) {
	hits := []model.SearchHit{{DocID: 1, Matches: []model.Fragment{{Start: 5, End: 10}, {Start: 20, End: 25}, {Start: 40, End: 45}}}}
	existing := map[int64][]model.Annotation{1: {
		{Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 0, End: 12}}},
		{Label: "ACTOR", Fragments: []model.Fragment{{Start: 20, End: 25}}},
		{Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: 30, End: 35}, {Start: 40, End: 45}}},
	}}
	got, skipped := labelAllHitsPlan(hits, existing, "CEASEFIRE_TERM", "ana")
	if skipped != 2 || len(got) != 1 || got[0].Fragments[0] != (model.Fragment{Start: 20, End: 25}) || got[0].Annotator != "ana" || got[0].DocID != 1 {
		t.Errorf("plan: %d skipped, %+v", skipped, got)
	}
}

// TestSearchBarLabelAllLeavesMatchesInsideTheSameLabel: the toolbar's
// in-document "label all…" over "ceasefire" must not add a CEASEFIRE_TERM
// inside ana's CEASEFIRE_TERM "infrastructure and energy ceasefire": it
// made duplicate nested spans (issue 15).
func TestSearchBarLabelAllLeavesMatchesInsideTheSameLabel(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	addSpan(t, db, "ana", "CEASEFIRE_TERM", phrase, nil)
	w := openWindow(t, db)
	w.search.entry.SetText("ceasefire")
	inside := 0
	ps, pe := span(w.CurrentDocument().Text, phrase)
	for _, m := range w.matches {
		if ps <= m[0] && m[1] <= pe {
			inside++
		}
	}
	if inside != 1 {
		t.Fatalf("%d matches inside the phrase", inside)
	}
	want := len(w.matches) - inside + 1 // every match outside, and ana's phrase
	w.search.labelAll("CEASEFIRE_TERM")
	anns, err := db.Annotations(ctx, 1, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != want {
		t.Errorf("%d spans after label all, want %d: the match inside the phrase was labelled again", len(anns), want)
	}
	for _, a := range anns {
		if a.Start() >= ps && a.End() <= pe && a.Text != phrase {
			t.Errorf("nested duplicate %q at %d–%d", a.Text, a.Start(), a.End())
		}
	}
}

// msgOf is the longest label text in o (a dialog's message).
func msgOf(t *testing.T, o fyne.CanvasObject) string {
	t.Helper()
	msg := ""
	eachRendered(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && len(l.Text) > len(msg) {
			msg = l.Text
		}
	})
	return msg
}
