package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

func docNames(docs []model.DocumentSummary) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Name)
	}
	return out
}

// TestDocumentListFilter: ana marked the demo article done; ben has a
// span in the second document and no status. The list filters by
// status (ana's, the window's annotator) and by annotator; the open
// document stays open; a jump from the table to a hidden document
// clears the filter.
func TestDocumentListFilter(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	b := &model.Annotation{DocID: 2, Annotator: "ben", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, 1, "ana", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	f := w.docFilter
	posted := make(chan func(), 4)
	f.post = func(fn func()) { posted <- fn }
	all := docNames(w.docs)
	if len(all) != 2 {
		t.Fatalf("list %v", all)
	}
	f.status.SetSelected("done")
	if got := docNames(w.docs); len(got) != 1 || got[0] != all[0] {
		t.Errorf("done: %v", got)
	}
	if w.progress.Max != 2 || w.progress.Value != 1 {
		t.Errorf("progress counts the filtered list: %v of %v", w.progress.Value, w.progress.Max)
	}
	if w.CurrentDocument().ID != 1 {
		t.Errorf("the open document changed to %d", w.CurrentDocument().ID)
	}
	f.status.SetSelected("todo")
	if got := docNames(w.docs); len(got) != 1 || got[0] != "second" {
		t.Errorf("todo: %v", got)
	}
	f.status.SetSelected(anyStatus)
	f.who.SetSelected("ben")
	drainUntil(t, posted, func() bool { return f.worked != nil })
	if got := docNames(w.docs); len(got) != 1 || got[0] != "second" {
		t.Errorf("ben's: %v", got)
	}
	if len(f.who.Options) != 3 { // anyone, ana, ben
		t.Errorf("annotator choices %v", f.who.Options)
	}
	// The marks and the progress bar are ben's while the filter names
	// him (a lead checking a colleague's queue), not the window's person.
	if got := w.progressText(); got != "ben: 0 of 2 done" {
		t.Errorf("progress with ben's filter: %q", got)
	}
	if got := w.statusPerson(); got != "ben" {
		t.Errorf("marks show %s's statuses", got)
	}
	// Open ben's document (the only one shown), then jump to the demo
	// article, hidden by the filter: the filter is cleared to show it.
	w.docList.Select(0)
	if w.CurrentDocument().ID != 2 {
		t.Fatalf("on %d", w.CurrentDocument().ID)
	}
	w.jumpToSpan(1, "", "ana", "ACTOR", 0, 4)
	if len(w.docs) != 2 || f.spec != (docFilterSpec{}) || w.CurrentDocument().ID != 1 {
		t.Errorf("after a jump to a hidden document: %v, filter %+v, on %d", docNames(w.docs), f.spec, w.CurrentDocument().ID)
	}
}

func TestFilterDocs(t *testing.T) {
	docs := []model.DocumentSummary{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}}
	st := map[int64]map[string]model.Status{1: {"ana": model.StatusDone}, 2: {"ben": model.StatusInProgress}}
	worked := map[int64]map[string]bool{3: {"ben": true}}
	for _, c := range []struct {
		spec docFilterSpec
		want []string
	}{
		{docFilterSpec{}, []string{"a", "b", "c"}},
		{docFilterSpec{Status: model.StatusDone}, []string{"a"}},
		{docFilterSpec{Status: model.StatusTodo}, []string{"b", "c"}}, // ana has no row in 2 and 3
		{docFilterSpec{Annotator: "ben"}, []string{"b", "c"}},         // in progress in 2, spans in 3
		{docFilterSpec{Annotator: "ben", Status: model.StatusInProgress}, []string{"b"}},
		{docFilterSpec{Annotator: "ana"}, []string{"a"}},
		{docFilterSpec{Annotator: "cy"}, nil},
	} {
		got := docNames(filterDocs(docs, st, worked, c.spec, "ana"))
		if len(got) != len(c.want) || (len(got) > 0 && !equalStrings(got, c.want)) {
			t.Errorf("%+v: %v, want %v", c.spec, got, c.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestUndoOfAnotherDocumentsStepCountsIt: an undo of a step in another
// document (the queue's Back after it moved on) opens that document, and
// its row's count follows the undo (it kept the count from before).
func TestUndoOfAnotherDocumentsStepCountsIt(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	first := w.doc.ID
	before := w.docs[w.docRow[first]].Annotations
	s, e := span(assets.DemoArticle, phrase)
	w.View().SetSelection(s, e)
	w.applyLabel("CEASEFIRE_TERM")
	until(t, "the span counted", func() bool { return w.docs[w.docRow[first]].Annotations == before+1 })
	other := 0
	if w.docRow[first] == 0 {
		other = 1
	}
	w.docList.Select(other)
	until(t, "the other document open", func() bool { return w.doc != nil && w.doc.ID != first })
	w.Undo()
	until(t, "the undo's document open", func() bool { return w.doc.ID == first })
	until(t, "its row counting the undo", func() bool { return w.docs[w.docRow[first]].Annotations == before })
}

// until waits up to 5 s for ok.
func until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
