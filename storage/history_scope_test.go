package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

// layers counts the annotations of each layer in the project.
func layers(t *testing.T, db *DB) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, a := range allAnnotations(t, db) {
		n[a.Annotator]++
	}
	return n
}

// multiLayerImport imports two documents bringing ana's, bo's and the gold
// layer in one import, as a brat or Label Studio import of several
// annotators' files does.
func multiLayerImport(t *testing.T, db *DB) {
	t.Helper()
	span := func(id, who, label string, s int) model.Annotation {
		return model.Annotation{ID: id, Annotator: who, Label: label, Fragments: []model.Fragment{{Start: s, End: s + 5}}}
	}
	docs := []model.DocumentImport{
		{Doc: model.NewDocument{Name: "one", Text: article}, Annotations: []model.Annotation{
			span("a1", "ana", "ACTOR", 0), span("a2", "ana", "CLAIM", 10), span("b1", "bo", "ACTOR", 0), span("g1", model.GoldAnnotator, "ACTOR", 0)}},
		{Doc: model.NewDocument{Name: "two", Text: "Second: " + article}, Annotations: []model.Annotation{
			span("a3", "ana", "ACTOR", 3), span("b2", "bo", "CLAIM", 3)}},
	}
	if _, err := db.ImportDocuments(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
}

// TestUndoOfAMultiLayerImportIsPerLayer: one annotator's undo of an
// import that brought several layers removes only that annotator's part;
// the colleague's and the gold layer stay, and each can undo their own
// (issue 12, item 4).
func TestUndoOfAMultiLayerImportIsPerLayer(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	multiLayerImport(t, db)
	if step, err := db.Undo(ctx, "ana"); err != nil || step == nil || step.Count != 3 {
		t.Fatalf("ana's undo: %+v %v", step, err)
	}
	if got := layers(t, db); got["ana"] != 0 || got["bo"] != 2 || got[model.GoldAnnotator] != 1 {
		t.Fatalf("after ana's undo of the import: %v (want bo 2, gold 1)", got)
	}
	if step, _ := db.Undo(ctx, "ana"); step != nil {
		t.Fatalf("a second undo of ana's found %+v", step)
	}
	if _, err := db.Undo(ctx, "bo"); err != nil {
		t.Fatal(err)
	}
	if got := layers(t, db); got["bo"] != 0 || got[model.GoldAnnotator] != 1 {
		t.Fatalf("after bo's undo: %v (want gold 1)", got)
	}
	// Redo is per layer too.
	if _, err := db.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if got := layers(t, db); got["ana"] != 3 || got["bo"] != 0 || got[model.GoldAnnotator] != 1 {
		t.Fatalf("after ana's redo: %v (want ana 3, gold 1)", got)
	}
}

// TestUndoOfAMergeIsPerLayer: a merge brings ben's layer and the gold
// layer; ben's undo (margin undo --annotator ben) takes back ben's part
// only, and the person who merged has nothing of the merge to undo.
func TestUndoOfAMergeIsPerLayer(t *testing.T) {
	ctx := context.Background()
	mine, theirs, theirsPath := mineAndTheirs(t)
	doc := importDoc(t, theirs, article)
	importDoc(t, mine, article)
	for _, a := range []*model.Annotation{
		{DocID: doc, Annotator: "ben", Label: "A", Fragments: []model.Fragment{{Start: 0, End: 3}}},
		{DocID: doc, Annotator: "ben", Label: "B", Fragments: []model.Fragment{{Start: 4, End: 9}}},
		{DocID: doc, Annotator: model.GoldAnnotator, Label: "A", Fragments: []model.Fragment{{Start: 0, End: 3}}},
	} {
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
	if _, err := mine.Merge(ctx, other, "ana"); err != nil {
		t.Fatal(err)
	}
	if step, _ := mine.Undo(ctx, "ana"); step != nil {
		t.Fatalf("ana undid %+v of a merge of colleagues' layers", step)
	}
	if _, err := mine.Undo(ctx, "ben"); err != nil {
		t.Fatal(err)
	}
	if got := layers(t, mine); got["ben"] != 0 || got[model.GoldAnnotator] != 1 {
		t.Fatalf("after ben's undo of the merge: %v (want gold 1)", got)
	}
}

// TestPreviewSaysWhatUndoRemoves: the preview of an import's undo counts
// what goes per document and label, changes nothing, and the step it
// showed is the one undone; once another step came after it, undoing the
// previewed group is refused with ErrHistoryMoved.
func TestPreviewSaysWhatUndoRemoves(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	multiLayerImport(t, db)
	p, err := db.PreviewHistory(ctx, "ana", true)
	if err != nil || p == nil {
		t.Fatalf("preview: %+v %v", p, err)
	}
	if !p.Bulk || p.Removed != 3 || p.Restored != 0 {
		t.Fatalf("preview: %+v", p)
	}
	want := map[string]int{"one/ACTOR": 1, "one/CLAIM": 1, "two/ACTOR": 1}
	got := map[string]int{}
	for _, e := range p.Effects {
		got[e.Doc+"/"+e.Label] += e.Removed
	}
	if len(got) != len(want) {
		t.Fatalf("effects %+v, want %v", p.Effects, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("effects %+v, want %v", p.Effects, want)
		}
	}
	if n := layers(t, db)["ana"]; n != 3 {
		t.Fatalf("the preview changed the project: ana has %d", n)
	}

	// A single edit after it: the import is no longer the next step.
	a := &model.Annotation{DocID: 1, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 40, End: 44}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StepHistory(ctx, "ana", p.Group, true); !errors.Is(err, model.ErrHistoryMoved) {
		t.Fatalf("undo of a group that is no longer the latest: %v", err)
	}
	if n := layers(t, db)["ana"]; n != 4 {
		t.Fatalf("a refused undo changed the project: ana has %d", n)
	}
	single, err := db.PreviewHistory(ctx, "ana", true)
	if err != nil || single.Bulk || single.Removed != 1 {
		t.Fatalf("preview of one new span: %+v %v", single, err)
	}
	if _, err := db.StepHistory(ctx, "ana", single.Group, true); err != nil {
		t.Fatal(err)
	}
	if p, _ = db.PreviewHistory(ctx, "ana", true); p == nil || !p.Bulk {
		t.Fatalf("the import is the next step again: %+v", p)
	}
	if step, err := db.StepHistory(ctx, "ana", p.Group, true); err != nil || step.Count != 3 {
		t.Fatalf("undo of the previewed import: %+v %v", step, err)
	}
	if got := layers(t, db); got["ana"] != 0 || got["bo"] != 2 {
		t.Fatalf("after the undo: %v", got)
	}
	// Redo's preview says what comes back.
	if r, _ := db.PreviewHistory(ctx, "ana", false); r == nil || r.Restored != 3 || r.Group != p.Group {
		t.Fatalf("redo preview: %+v", r)
	}
}
