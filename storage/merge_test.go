package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// mineAndTheirs creates ana's project (closed at the end of the test) and
// ben's, which the test fills, closes and merges from theirsPath.
func mineAndTheirs(t *testing.T) (mine, theirs *DB, theirsPath string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	mine, err := Create(ctx, filepath.Join(dir, "ana.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mine.Close() })
	theirsPath = filepath.Join(dir, "ben.margin")
	if theirs, err = Create(ctx, theirsPath); err != nil {
		t.Fatal(err)
	}
	return mine, theirs, theirsPath
}

func TestMergeColleagueLayersIdempotentNeverTouchingOwnLayer(t *testing.T) {
	ctx := context.Background()
	mine, theirs, theirsPath := mineAndTheirs(t)
	mine.SetSchema(ctx, schemaAB(), "ana")
	sc := schemaAB()
	sc.Labels = append(sc.Labels, model.Label{Name: "GPE", Color: "#555555", Hotkey: "9"})
	theirs.SetSchema(ctx, sc, "ben")

	mineDoc := importDoc(t, mine, article)
	theirDoc := importDoc(t, theirs, "another article only ben has")
	theirDoc2 := importDoc(t, theirs, article)
	_ = theirDoc

	own := &model.Annotation{DocID: mineDoc, Annotator: "ana", Label: "A", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	mine.CreateAnnotations(ctx, []*model.Annotation{own})
	b1 := &model.Annotation{DocID: theirDoc2, Annotator: "ben", Label: "B", Fragments: []model.Fragment{{Start: 4, End: 9}}}
	b2 := &model.Annotation{DocID: theirDoc2, Annotator: "ben", Label: "GPE", Fragments: []model.Fragment{{Start: 10, End: 15}}}
	theirs.CreateAnnotations(ctx, []*model.Annotation{b1, b2})
	// ben's file also carries a stale copy of ana's annotation: never applied.
	stale := *own
	stale.DocID = theirDoc2
	stale.Label = "B"
	stale.UpdatedAt = time.Now().Add(time.Hour)
	theirs.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Text: article}, Annotations: []model.Annotation{stale}}})
	theirs.Close()

	other, err := OpenReadOnly(ctx, theirsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rep, err := mine.Merge(ctx, other, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Annotations != 2 || len(rep.Labels) != 1 || rep.Labels[0] != "GPE" || rep.SkippedOwnLayer != 1 {
		t.Fatalf("first merge: %+v", rep)
	}
	got, _ := mine.Annotation(ctx, own.ID)
	if got.Label != "A" {
		t.Fatal("merge changed the local user's layer")
	}
	sc2, _ := mine.Schema(ctx)
	if l, ok := sc2.Label("GPE"); !ok || l.Hotkey != "9" {
		t.Fatalf("GPE not added: %+v", l)
	}
	rep, err = mine.Merge(ctx, other, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents+rep.Annotations+rep.Updated+rep.Relations+rep.DocLabels+len(rep.Labels)+len(rep.Conflicts) != 0 {
		t.Fatalf("second merge changed something: %+v", rep)
	}
	if problems, _ := mine.Check(ctx); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestMergeTakesNewerEditOfColleague(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lead, _ := Create(ctx, filepath.Join(dir, "lead.margin"))
	defer lead.Close()
	benPath := filepath.Join(dir, "ben.margin")
	ben, _ := Create(ctx, benPath)
	lead.SetSchema(ctx, schemaAB(), "lead")
	ben.SetSchema(ctx, schemaAB(), "ben")
	d := importDoc(t, ben, article)
	a := &model.Annotation{DocID: d, Annotator: "ben", Label: "A", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	ben.CreateAnnotations(ctx, []*model.Annotation{a})
	ben.Close()
	other, _ := OpenReadOnly(ctx, benPath)
	if _, err := lead.Merge(ctx, other, "lead"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	// ben edits later; the lead merges again and gets the newer edit.
	ben, _ = Open(ctx, benPath)
	upd := *a
	upd.Label = "B"
	if err := ben.UpdateAnnotation(ctx, &upd); err != nil {
		t.Fatal(err)
	}
	ben.Close()
	other, _ = OpenReadOnly(ctx, benPath)
	defer other.Close()
	rep, err := lead.Merge(ctx, other, "lead")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || len(rep.Conflicts) != 1 {
		t.Fatalf("merge of a newer edit: %+v", rep)
	}
	got, _ := lead.Annotation(ctx, a.ID)
	if got.Label != "B" {
		t.Fatalf("label = %s, want B", got.Label)
	}
}

// TestCancelledMergeLeavesTheProjectAsItWas: a merge cancelled midway (from
// its progress callback, as the window's Cancel does) rolls back whole.
func TestCancelledMergeLeavesTheProjectAsItWas(t *testing.T) {
	ctx := context.Background()
	mine, theirs, theirsPath := mineAndTheirs(t)
	for i := 0; i < 3; i++ {
		doc := importDoc(t, theirs, fmt.Sprintf("article %d: %s", i, article))
		a := &model.Annotation{DocID: doc, Annotator: "ben", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 7}}}
		if err := theirs.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	theirs.Close()
	other, err := OpenReadOnly(ctx, theirsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var calls []int
	_, err = mine.MergeProgress(cctx, other, "ana", func(done, total int) {
		calls = append(calls, done)
		if done == 1 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled merge: %v, want context.Canceled", err)
	}
	if docs, _ := mine.Documents(ctx); len(docs) != 0 {
		t.Fatalf("a cancelled merge left %d documents", len(docs))
	}
	rep, err := mine.MergeProgress(ctx, other, "ana", func(done, total int) { calls = append(calls, done) })
	if err != nil || rep.Documents != 3 || rep.Annotations != 3 {
		t.Fatalf("merge after the cancelled one: %+v, %v", rep, err)
	}
	if last := calls[len(calls)-1]; last != 3 {
		t.Fatalf("progress calls %v: the last is not 3 of 3", calls)
	}
}

// TestMergeCarriesColleaguesStatuses: a colleague's "done" comes with
// their layer, the newer status winning; the merging person's own status
// is never changed by the colleague's file; merging again carries nothing.
func TestMergeCarriesColleaguesStatuses(t *testing.T) {
	ctx := context.Background()
	mine, _ := newProject(t)
	theirs, _ := newProject(t)
	doc := importDoc(t, mine, article)
	od := importDoc(t, theirs, article)
	if err := mine.SetStatus(ctx, doc, "ana", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	for who, st := range map[string]model.Status{"bob": model.StatusDone, "ana": model.StatusDone} {
		if err := theirs.SetStatus(ctx, od, who, st); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := mine.Merge(ctx, theirs, "ana")
	if err != nil || rep.Statuses != 1 {
		t.Fatalf("merge: %+v, %v", rep, err)
	}
	st, _ := mine.Statuses(ctx)
	if st[doc]["bob"] != model.StatusDone || st[doc]["ana"] != model.StatusInProgress {
		t.Fatalf("statuses after the merge: %v", st[doc])
	}
	if rep, err := mine.Merge(ctx, theirs, "ana"); err != nil || rep.Statuses != 0 {
		t.Fatalf("second merge: %+v, %v", rep, err)
	}
	// bob's older status elsewhere does not undo his newer one here.
	if err := mine.SetStatus(ctx, doc, "bob", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if rep, _ := mine.Merge(ctx, theirs, "ana"); rep.Statuses != 0 {
		t.Fatalf("an older status was carried over a newer one: %+v", rep)
	}
}
