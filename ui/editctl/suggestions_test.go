package editctl

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// suggest stores pending suggestions of "Kyiv" (ACTOR 0.9) and both
// "ceasefire"s (TERM 0.7 and 0.3) in doc.
func suggest(t *testing.T, db interface {
	AddSuggestions(context.Context, model.SuggestionBatch) (int, error)
}, doc int64) {
	t.Helper()
	var items []model.Suggestion
	add := func(sub string, from int, label string, score float64) {
		i := strings.Index(text[from:], sub) + from
		items = append(items, model.Suggestion{Label: label, Fragments: []model.Fragment{{Start: i, End: i + len(sub)}}, Score: score})
	}
	add("Kyiv", 0, "ACTOR", 0.9)
	add("ceasefire", 0, "TERM", 0.7)
	add("ceasefire", 20, "TERM", 0.3)
	if _, err := db.AddSuggestions(context.Background(), model.SuggestionBatch{DocID: doc, Recommender: "strings", Items: items}); err != nil {
		t.Fatal(err)
	}
}

// An accept runs on the writer, after the edits queued before it: the
// annotation the store made (one undo step, origin kept) enters the layer
// once committed; undo takes it out again.
func TestAcceptSuggestionThroughTheQueue(t *testing.T) {
	db, doc := project(t)
	suggest(t, db, doc)
	ctx := context.Background()
	u := newUI(t, db)
	u.open(doc)
	list, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	var got *model.Annotation
	u.c.AcceptSuggestion(&list[0], "CLAIM", "accepted", func(a *model.Annotation, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = a
	})
	if len(u.c.Annotations()) != 0 {
		t.Fatal("the accept showed before it committed")
	}
	u.settle()
	if got == nil || got.Label != "CLAIM" || u.c.Annotation(got.ID) == nil || u.c.Count("CLAIM") != 1 {
		t.Fatalf("made %+v; layer %d", got, len(u.c.Annotations()))
	}
	if o, err := db.AnnotationOrigin(ctx, got.ID); err != nil || o.SuggestionID != list[0].ID {
		t.Fatalf("origin %+v %v", o, err)
	}
	var stepped bool
	u.c.OnStep(func(*model.HistoryStep) { stepped = true })
	u.c.Undo(func(step *model.HistoryStep, err error) {
		if err != nil || step == nil {
			t.Fatalf("undo %v %v", step, err)
		}
	})
	u.settle()
	if len(u.c.Annotations()) != 0 || !stepped {
		t.Fatalf("after undo: %d annotations, step hook %v", len(u.c.Annotations()), stepped)
	}
	if p, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc}); len(p) != 3 {
		t.Fatalf("after undo %d pending", len(p))
	}
	if strings.Join(u.log, ",") != "saved accepted,added CLAIM,removed CLAIM" && strings.Join(u.log, ",") != "added CLAIM,saved accepted,removed CLAIM" {
		t.Fatalf("events %v", u.log)
	}
}

// Accepting many is one write and one undo step; a reject is one too and
// deciding twice is refused (the layer is left as it was).
func TestAcceptManyAndRejectThroughTheQueue(t *testing.T) {
	db, doc := project(t)
	suggest(t, db, doc)
	ctx := context.Background()
	u := newUI(t, db)
	u.open(doc)
	list, _ := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc})
	u.c.AcceptSuggestions([]int64{list[0].ID, list[1].ID}, "accepted 2", nil)
	u.settle()
	if len(u.c.Annotations()) != 2 {
		t.Fatalf("layer %d", len(u.c.Annotations()))
	}
	var rejectErr error
	u.c.RejectSuggestion(&list[2], "rejected", func(err error) { rejectErr = err })
	u.c.RejectSuggestion(&list[2], "rejected again", func(err error) { rejectErr = err })
	u.settle()
	if rejectErr == nil || !errors.Is(rejectErr, model.ErrSuggestionDecided) {
		t.Fatalf("second reject: %v", rejectErr)
	}
	u.c.Undo(nil) // the reject
	u.settle()
	u.c.Undo(nil) // both accepts at once
	u.settle()
	if len(u.c.Annotations()) != 0 {
		t.Fatalf("two undos left %d", len(u.c.Annotations()))
	}
}
