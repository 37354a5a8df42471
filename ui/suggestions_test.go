package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/suggest"
)

const secondText = "Kyiv said the ceasefire 👍🏽 holds; the ceasefire is fragile."

// suggestedProject is the demo project with a recommender's suggestions
// in its second document: ACTOR "Kyiv" 0.9, CEASEFIRE_TERM on both
// "ceasefire"s 0.6 and 0.4.
func suggestedProject(t *testing.T) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	t.Cleanup(func() { db.Close() })
	addSuggestions(t, db, 2, []model.Suggestion{
		sugg(secondText, "Kyiv", 0, "ACTOR", 0.9),
		sugg(secondText, "ceasefire", 0, "CEASEFIRE_TERM", 0.6),
		sugg(secondText, "ceasefire", 1, "CEASEFIRE_TERM", 0.4),
	})
	return db, path
}

// sugg proposes the n-th occurrence of sub in text.
func sugg(text, sub string, n int, label string, score float64) model.Suggestion {
	s, e := span(text, sub)
	for ; n > 0; n-- {
		off := e
		rest := []rune(text)[off:]
		ns, ne := span(string(rest), sub)
		s, e = off+ns, off+ne
	}
	return model.Suggestion{Label: label, Fragments: []model.Fragment{{Start: s, End: e}}, Score: score}
}

func addSuggestions(t *testing.T, db *storage.DB, doc int64, items []model.Suggestion) {
	t.Helper()
	if _, err := db.AddSuggestions(context.Background(), model.SuggestionBatch{DocID: doc, Recommender: "strings", Version: 1, Items: items}); err != nil {
		t.Fatal(err)
	}
}

// openSecond opens the window on the second document.
func openSecond(t *testing.T, db *storage.DB) *Window {
	t.Helper()
	w := openWindow(t, db)
	w.docList.Select(1)
	if w.CurrentDocument().ID != 2 {
		t.Fatalf("document %d open", w.CurrentDocument().ID)
	}
	return w
}

func pending(t *testing.T, db *storage.DB) []model.Suggestion {
	t.Helper()
	l, err := db.Suggestions(context.Background(), model.SuggestionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func actions(t *testing.T, db *storage.DB) []string {
	t.Helper()
	log, err := db.Decisions(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range log {
		if d.By != "ana" {
			t.Fatalf("decision by %q", d.By)
		}
		out = append(out, string(d.Action)+" "+d.Label+d.NewLabel)
	}
	return out
}

func key(w *Window, k fyne.KeyName) { w.View().TypedKey(&fyne.KeyEvent{Name: k}) }

func TestOpeningADocumentDrawsItsSuggestions(t *testing.T) {
	db, _ := suggestedProject(t)
	w := openSecond(t, db)
	vs := w.View().Suggestions()
	if len(vs) != 3 || vs[0].Label != "ACTOR" || vs[0].Score != 0.9 {
		t.Fatalf("drawn %+v", vs)
	}
	if !w.sugg.panel.Visible() || w.sugg.side.Length() != 3 {
		t.Fatalf("side panel shown %v, %d rows", w.sugg.panel.Visible(), w.sugg.side.Length())
	}
	// Every tab fits the panel's width: the text keeps its room.
	if min := w.sugg.panel.MinSize(); min.Width > suggestionsWidth {
		t.Fatalf("the suggestions panel needs %v px, more than %v", min.Width, suggestionsWidth)
	}
	if min := w.win.Content().MinSize(); min.Width > 1280 || min.Height > 800 {
		t.Fatalf("with the suggestions panel open the content needs %v, more than 1280x800", min)
	}
	w.docList.Select(0)
	if len(w.View().Suggestions()) != 0 {
		t.Fatal("the first document shows the second's suggestions")
	}
}

// Enter accepts the selected suggestion: the annotator's annotation, with
// its origin, shown at once; one undo takes it back and the suggestion is
// pending and drawn again.
func TestEnterAcceptsTheSelectedSuggestionAsOneUndoStep(t *testing.T) {
	db, _ := suggestedProject(t)
	ctx := context.Background()
	w := openSecond(t, db)
	w.View().TypedRune(']') // the first suggestion
	if w.View().SelectedSuggestion() == "" {
		t.Fatal("] selected no suggestion")
	}
	key(w, fyne.KeyReturn)
	anns, _ := db.Annotations(ctx, 2, "ana")
	if len(anns) != 1 || anns[0].Label != "ACTOR" || anns[0].Text != "Kyiv" {
		t.Fatalf("stored %+v", anns)
	}
	o, err := db.AnnotationOrigin(ctx, anns[0].ID)
	if err != nil || o.Recommender != "strings" || o.Score != 0.9 {
		t.Fatalf("origin %+v, %v", o, err)
	}
	if len(w.anns) != 1 || len(w.View().Suggestions()) != 2 {
		t.Fatalf("window: %d annotations, %d suggestions", len(w.anns), len(w.View().Suggestions()))
	}
	// (the next suggestion, selected after the accept, is shown too)
	if got := actions(t, db); len(got) != 3 || got[0] != "shown ACTOR" || got[1] != "accepted ACTOR" || got[2] != "shown CEASEFIRE_TERM" {
		t.Fatalf("decision log %v", got)
	}
	// The next suggestion is selected for the next key.
	if w.View().SelectedSuggestion() == "" {
		t.Fatal("nothing selected after the accept")
	}
	w.Undo()
	if anns, _ := db.Annotations(ctx, 2, "ana"); len(anns) != 0 {
		t.Fatalf("after undo %+v", anns)
	}
	if len(pending(t, db)) != 3 || len(w.View().Suggestions()) != 3 || len(w.anns) != 0 {
		t.Fatalf("after undo: %d pending, %d drawn, %d annotations", len(pending(t, db)), len(w.View().Suggestions()), len(w.anns))
	}
}

// Backspace rejects: the suggestion and the one of the same text and
// label go, and running the recommender again does not bring them back.
func TestBackspaceRejectsAndTheRejectionSticks(t *testing.T) {
	db, _ := suggestedProject(t)
	w := openSecond(t, db)
	w.View().TypedRune(']')
	w.View().TypedRune(']') // the first "ceasefire"
	if sg := w.sugg.selected(); sg == nil || sg.Label != "CEASEFIRE_TERM" {
		t.Fatalf("selected %+v", sg)
	}
	key(w, fyne.KeyBackspace)
	p := pending(t, db)
	if len(p) != 1 || p[0].Label != "ACTOR" {
		t.Fatalf("pending %+v", p)
	}
	if vs := w.View().Suggestions(); len(vs) != 1 {
		t.Fatalf("drawn %+v", vs)
	}
	if anns, _ := db.Annotations(context.Background(), 2, "ana"); len(anns) != 0 {
		t.Fatalf("a reject made %+v", anns)
	}
	addSuggestions(t, db, 2, []model.Suggestion{sugg(secondText, "ceasefire", 0, "CEASEFIRE_TERM", 0.7), sugg(secondText, "Kyiv", 0, "ACTOR", 0.9)})
	if p := pending(t, db); len(p) != 1 {
		t.Fatalf("the rejected suggestion came back: %+v", p)
	}
	if got := actions(t, db); got[len(got)-1] != "rejected CEASEFIRE_TERM" {
		t.Fatalf("decision log %v", got)
	}
}

// A label's hotkey accepts the selected suggestion with that label.
func TestLabelHotkeyAcceptsWithAnotherLabel(t *testing.T) {
	db, _ := suggestedProject(t)
	w := openSecond(t, db)
	w.View().TypedRune(']')
	w.View().TypedRune('1') // CEASEFIRE_TERM's hotkey on "Kyiv"
	anns, _ := db.Annotations(context.Background(), 2, "ana")
	if len(anns) != 1 || anns[0].Label != "CEASEFIRE_TERM" || anns[0].Text != "Kyiv" {
		t.Fatalf("stored %+v", anns)
	}
	if got := actions(t, db); len(got) < 2 || got[1] != "corrected ACTORCEASEFIRE_TERM" {
		t.Fatalf("decision log %v", got)
	}
}

// Tab and Shift+Tab move between suggestions while one is selected.
func TestTabMovesBetweenSuggestions(t *testing.T) {
	db, _ := suggestedProject(t)
	w := openSecond(t, db)
	v := w.View()
	v.TypedRune(']')
	ids := []string{v.SelectedSuggestion()}
	key(w, fyne.KeyTab)
	ids = append(ids, v.SelectedSuggestion())
	key(w, fyne.KeyTab)
	ids = append(ids, v.SelectedSuggestion())
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	key(w, fyne.KeyTab)
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	back := v.SelectedSuggestion()
	if ids[0] == ids[1] || ids[1] == ids[2] || ids[0] == ids[2] || back != ids[1] {
		t.Fatalf("Tab went %v, Shift+Tab to %s", ids, back)
	}
	if s, _ := v.Suggestion(ids[2]); s.Score != 0.4 {
		t.Fatalf("third is %+v", s)
	}
	key(w, fyne.KeyEscape)
	if v.SelectedSuggestion() != "" {
		t.Fatal("Esc kept the suggestion selected")
	}
	// A row of the side list selects its suggestion in the view.
	w.sugg.side.Select(2)
	if v.SelectedSuggestion() != viewID(w.sugg.list[2].ID) {
		t.Fatalf("side list row 2 selected %q in the view", v.SelectedSuggestion())
	}
}

// "Accept all ≥ score" accepts the document's suggestions from that score
// up, as one undo step.
func TestAcceptAllAtLeastAScoreIsOneUndoStep(t *testing.T) {
	db, _ := suggestedProject(t)
	ctx := context.Background()
	w := openSecond(t, db)
	w.sugg.minScore.SetText("0.5")
	test.Tap(findButton(t, w.sugg.panel, "Accept all ≥"))
	anns, _ := db.Annotations(ctx, 2, "ana")
	if len(anns) != 2 || len(w.anns) != 2 {
		t.Fatalf("stored %d, shown %d, want the 2 scoring ≥ 0.5", len(anns), len(w.anns))
	}
	if p := pending(t, db); len(p) != 1 || p[0].Score != 0.4 {
		t.Fatalf("pending %+v", p)
	}
	w.Undo() // two annotations: the window asks first
	test.Tap(dialogButton(t, w, "Undo"))
	if anns, _ := db.Annotations(ctx, 2, "ana"); len(anns) != 0 {
		t.Fatalf("one undo left %d", len(anns))
	}
	if len(pending(t, db)) != 3 || len(w.View().Suggestions()) != 3 {
		t.Fatal("the undo did not bring the suggestions back")
	}
}

// findButton is the button with text inside o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no %q button", text)
	}
	return found
}

// The queue serves the most uncertain suggestions across documents, one
// at a time, opening their document; accept, skip and Back (undo) move it.
func TestQueueServesTheMostUncertainAcrossDocuments(t *testing.T) {
	db, _ := suggestedProject(t)
	ctx := context.Background()
	doc1, _ := db.Document(ctx, 1)
	addSuggestions(t, db, 1, []model.Suggestion{sugg(doc1.Text, "ceasefire", 0, "CEASEFIRE_TERM", 0.52)})
	w := openWindow(t, db) // on document 1
	q := w.sugg.queue
	test.Tap(findButton(t, q.box, "Start"))
	cur := q.current()
	if cur == nil || cur.Score != 0.52 || w.CurrentDocument().ID != 1 || w.View().SelectedSuggestion() != viewID(cur.ID) {
		t.Fatalf("served %+v in document %d, selected %q", cur, w.CurrentDocument().ID, w.View().SelectedSuggestion())
	}
	key(w, fyne.KeyReturn) // accept: next is 0.6 in document 2 (then 0.4, then 0.9)
	if cur = q.current(); cur == nil || cur.Score != 0.6 || w.CurrentDocument().ID != 2 || w.View().SelectedSuggestion() != viewID(cur.ID) {
		t.Fatalf("after accept served %+v in document %d, selected %q", cur, w.CurrentDocument().ID, w.View().SelectedSuggestion())
	}
	test.Tap(q.skip)
	if cur = q.current(); cur == nil || cur.Score != 0.4 {
		t.Fatalf("after skip served %+v", cur)
	}
	test.Tap(q.back) // un-skip
	if cur = q.current(); cur == nil || cur.Score != 0.6 {
		t.Fatalf("after back served %+v", cur)
	}
	test.Tap(q.back) // undo the accept in document 1
	if cur = q.current(); cur == nil || cur.Score != 0.52 || w.CurrentDocument().ID != 1 || w.View().SelectedSuggestion() != viewID(cur.ID) {
		t.Fatalf("after undoing the accept served %+v in document %d", cur, w.CurrentDocument().ID)
	}
	if anns, _ := db.Annotations(ctx, 1, "ana"); len(anns) != 0 {
		t.Fatalf("the accept was not undone: %+v", anns)
	}
	test.Tap(q.reject)
	if cur = q.current(); cur == nil || cur.Score != 0.6 {
		t.Fatalf("after reject served %+v", cur)
	}
	got := actions(t, db)
	want := map[string]bool{"accepted CEASEFIRE_TERM": false, "skipped CEASEFIRE_TERM": false, "rejected CEASEFIRE_TERM": false, "shown CEASEFIRE_TERM": false}
	for _, a := range got {
		if _, ok := want[a]; ok {
			want[a] = true
		}
	}
	for a, seen := range want {
		if !seen {
			t.Fatalf("decision log %v has no %q", got, a)
		}
	}
}

// The recommenders panel trains one off the UI goroutine, shows its
// evaluation, suggests with it, and a recommender switched off does not
// suggest.
func TestRecommendersPanelTrainsSuggestsAndSwitchesOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	defer db.Close()
	ctx := context.Background()
	// Five more documents where ana labelled "ceasefire", so that one is
	// held out for the evaluation.
	var more []model.DocumentImport
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		more = append(more, model.DocumentImport{Doc: model.NewDocument{Name: n, Text: "Talks on a ceasefire in " + n + " went on."}})
	}
	if _, err := db.ImportDocuments(ctx, more); err != nil {
		t.Fatal(err)
	}
	for id := int64(3); id <= 7; id++ {
		d, _ := db.Document(ctx, id)
		s, e := span(d.Text, "ceasefire")
		if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: id, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}}); err != nil {
			t.Fatal(err)
		}
	}
	w := openWindow(t, db) // document 1, where "ceasefire" is not annotated
	p := w.sugg.recs
	done := make(chan error, 1)
	p.jobDone = func(err error) { done <- err }
	w.sugg.show("Recommenders")
	p.kind.SetSelected("strings")
	test.Tap(findButton(t, p.box, "Train"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m, err := db.LatestModel(ctx, "strings"); err != nil || m.Version != 1 {
		t.Fatalf("model %+v, %v", m, err)
	}
	// Its card shows the held-out evaluation per label.
	if !labelShows(p.list, "CEASEFIRE_TERM  1.00  1.00  1.00") || !labelShows(p.list, "F1 by version: v1 1.00") {
		t.Fatal("the card does not show the evaluation per label and the learning curve")
	}
	test.Tap(findButton(t, p.list, "Suggest now"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(w.View().Suggestions()); n == 0 {
		t.Fatal("Suggest now drew no suggestion in the open document")
	}
	for _, sg := range pending(t, db) {
		if sg.Text != "ceasefire" || sg.Label != "CEASEFIRE_TERM" {
			t.Fatalf("suggested %+v", sg)
		}
	}
	// Off: it does not suggest.
	var on *widget.Check
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Check:
			on = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(p.list)
	if on == nil || !on.Checked {
		t.Fatal("no on/off switch, or it is off")
	}
	on.SetChecked(false)
	if st, _ := db.RecommenderSettings(ctx, "strings"); st.Enabled {
		t.Fatal("switching off was not stored")
	}
	test.Tap(findButton(t, p.list, "Suggest now"))
	if err := <-done; err == nil || !errors.Is(err, suggest.ErrDisabled) {
		t.Fatalf("suggesting while off: %v", err)
	}
}

// labelShows says whether a label inside o shows text.
func labelShows(o fyne.CanvasObject, text string) bool {
	switch x := o.(type) {
	case *widget.Label:
		return strings.Contains(x.Text, text)
	case *fyne.Container:
		for _, c := range x.Objects {
			if labelShows(c, text) {
				return true
			}
		}
	}
	return false
}

// Cancel stops a training running off the UI goroutine: no model is
// stored and the status says so.
func TestRecommendersPanelCancelStopsTraining(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	defer db.Close()
	ctx := context.Background()
	var more []model.DocumentImport
	for i := 0; i < 400; i++ {
		more = append(more, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: fmt.Sprintf("Talks on a ceasefire in town %d went on.", i)}})
	}
	res, err := db.ImportDocuments(ctx, more)
	if err != nil {
		t.Fatal(err)
	}
	var anns []*model.Annotation
	for _, r := range res {
		d, _ := db.Document(ctx, r.DocID)
		s, e := span(d.Text, "ceasefire")
		anns = append(anns, &model.Annotation{DocID: r.DocID, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}})
	}
	if err := db.CreateAnnotations(ctx, anns); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	p := w.sugg.recs
	done := make(chan error, 1)
	p.jobDone = func(err error) { done <- err }
	w.sugg.show("Recommenders")
	p.kind.SetSelected("tagger")
	test.Tap(findButton(t, p.box, "Train"))
	test.Tap(findButton(t, p.list, "Cancel"))
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("training after Cancel: %v", err)
	}
	if _, err := db.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("a cancelled training stored a model: %v", err)
	}
	if !strings.Contains(w.status.Text, "cancelled") {
		t.Fatalf("status %q", w.status.Text)
	}
}

// A document-label suggestion is listed (not drawn); selected in the list,
// Enter accepts it as the annotator's document label.
func TestDocumentLabelSuggestionAcceptedFromTheList(t *testing.T) {
	db, _ := suggestedProject(t)
	ctx := context.Background()
	addSuggestions(t, db, 2, []model.Suggestion{
		sugg(secondText, "Kyiv", 0, "ACTOR", 0.9),
		{Set: "relevance", Label: "relevant", Score: 0.8},
	})
	w := openSecond(t, db)
	row := -1
	for i, sg := range w.sugg.list {
		if sg.IsDocLabel() {
			row = i
		}
	}
	if row < 0 || len(w.View().Suggestions()) != len(w.sugg.list)-1 {
		t.Fatalf("listed %+v, drawn %d", w.sugg.list, len(w.View().Suggestions()))
	}
	w.sugg.side.Select(row)
	key(w, fyne.KeyReturn)
	ls, _ := db.DocLabels(ctx, 2)
	if len(ls) != 1 || ls[0].Annotator != "ana" || ls[0].Set != "relevance" || ls[0].Value != "relevant" {
		t.Fatalf("document labels %+v", ls)
	}
}

// After every N saved edits a trained recommender whose layers changed by
// N annotations is retrained in the background.
func TestRecommenderRetrainsInTheBackgroundAfterNAnnotations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	defer db.Close()
	ctx := context.Background()
	s, e := span(secondText, "Kyiv")
	if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: 2, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: e}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := suggest.Train(ctx, db, suggest.TrainOptions{Kind: "strings", Name: "strings", From: []string{"ana"}}); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, db)
	p := w.sugg.recs
	p.retrain.every.SetText("2")
	// The background work posts to this queue, which the test goroutine
	// runs: the window's updates stay on one goroutine.
	posts := make(chan func(), 1000)
	p.post = func(f func()) { posts <- f }
	var jobErr error
	finished, checks := 0, []string{}
	p.jobDone = func(err error) {
		if err != nil {
			jobErr = err
		}
		finished++
	}
	p.retrain.checked = func(name string) { checks = append(checks, name) }
	drain := func(until func() bool) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for !until() {
			select {
			case f := <-posts:
				f()
			case <-deadline:
				t.Fatal("the background retraining did not finish in 20 s")
			}
		}
	}
	doc := w.CurrentDocument().Text
	a, b := span(doc, "ceasefire")
	w.view.SetSelection(a, b)
	w.View().TypedRune('1')
	if len(checks) != 0 || len(posts) != 0 {
		t.Fatalf("checked %v after one edit", checks)
	}
	c, d := span(doc, phrase)
	w.view.SetSelection(c, d)
	w.View().TypedRune('2')
	drain(func() bool { return finished == 2 }) // the training, then suggesting
	if len(checks) != 1 || checks[0] != "strings" || jobErr != nil {
		t.Fatalf("after 2 edits the check retrained %v: %v", checks, jobErr)
	}
	m, err := db.LatestModel(ctx, "strings")
	if err != nil || m.Version != 2 || m.TrainedOn != "ana" || m.Annotations != 3 {
		t.Fatalf("model after the background retraining: %+v, %v", m, err)
	}
	// Retrained on "ceasefire" (CEASEFIRE_TERM), it proposes the other
	// "ceasefire"s of the open document, drawn there.
	vs := w.View().Suggestions()
	if len(vs) == 0 {
		t.Fatal("the retrained recommender suggested nothing in the open document")
	}
	for _, sg := range vs {
		if sg.Label != "CEASEFIRE_TERM" && sg.Label != "TERRITORIAL_CONTROL" && sg.Label != "ACTOR" {
			t.Fatalf("suggested %+v", sg)
		}
	}
}

// With text selected the keys act on the selection, not on a suggestion
// selected before; selecting a suggestion drops the text selection.
func TestKeysActOnSelectedTextBeforeASuggestion(t *testing.T) {
	db, _ := suggestedProject(t)
	ctx := context.Background()
	w := openSecond(t, db)
	w.View().TypedRune(']')
	a, b := span(secondText, "fragile")
	dragSelect(w, a+1, b-1)
	w.View().TypedRune('3') // PRECONDITION on "fragile"
	anns, _ := db.Annotations(ctx, 2, "ana")
	if len(anns) != 1 || anns[0].Text != "fragile" || anns[0].Label != "PRECONDITION" || len(pending(t, db)) != 3 {
		t.Fatalf("stored %+v, %d pending", anns, len(pending(t, db)))
	}
	w.View().SetSelection(a, b)
	w.View().TypedRune(']')
	if s, e := w.View().Selection(); e > s || w.sugg.selected() == nil {
		t.Fatalf("selection %d-%d kept after selecting a suggestion", s, e)
	}
}

// TestQueueKeepsServingInTheSameDocument: when the queue's next
// suggestion is in the open document, Enter accepts the queue's, not the
// one after the accepted in the text (the walk: Enter went on accepting
// the document's next ones while the queue stood still).
func TestQueueKeepsServingInTheSameDocument(t *testing.T) {
	db, _ := suggestedProject(t)
	// Another recommender's, between the two "ceasefire"s.
	if _, err := db.AddSuggestions(context.Background(), model.SuggestionBatch{DocID: 2, Recommender: "tagger", Items: []model.Suggestion{sugg(secondText, "holds", 0, "ACTOR", 0.95)}}); err != nil {
		t.Fatal(err)
	}
	w := openSecond(t, db)
	q := w.sugg.queue
	test.Tap(findButton(t, q.box, "Start"))
	first := q.current()
	if first == nil || first.Score != 0.6 {
		t.Fatalf("served %+v", first)
	}
	key(w, fyne.KeyReturn)
	next := q.current()
	if next == nil || next.Score != 0.4 {
		t.Fatalf("the queue's next: %+v", next)
	}
	if got := w.View().SelectedSuggestion(); got != viewID(next.ID) {
		t.Fatalf("after the accept the view selects %q, the queue serves %q (%s %.2f)", got, viewID(next.ID), next.Text, next.Score)
	}
	key(w, fyne.KeyReturn)
	anns, _ := db.Annotations(context.Background(), 2, "ana")
	var got []string
	for _, a := range anns {
		got = append(got, a.Text)
	}
	if strings.Join(got, ",") != "ceasefire,ceasefire" {
		t.Fatalf("two Enters in the queue accepted %v, want both ceasefires", got)
	}
}
