package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// bulkDocs: n documents with spans annotations each, two layers on the
// first document, one discontinuous span with attributes and a note (so
// both insert statements are used), ids given.
func bulkDocs(n, spans int) []model.DocumentImport {
	docs := make([]model.DocumentImport, n)
	for i := range docs {
		text := fmt.Sprintf("Document %d: %s", i, article)
		var anns []model.Annotation
		for j := 0; j < spans; j++ {
			anns = append(anns, model.Annotation{ID: fmt.Sprintf("d%d-a%03d", i, j), Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: j % 50, End: j%50 + 3}}})
		}
		if i == 0 {
			anns = append(anns,
				model.Annotation{ID: "bo-1", Annotator: "bo", Label: "CLAIM", Fragments: []model.Fragment{{Start: 20, End: 25}, {Start: 0, End: 8}},
					Attributes: map[string]any{"certainty": "hedged"}, Note: "two pieces"},
				model.Annotation{ID: "bo-2", Annotator: "bo", Label: "CLAIM", Fragments: []model.Fragment{{Start: 1, End: 2}}})
		}
		docs[i] = model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("doc", i), Text: text}, Annotations: anns}
	}
	return docs
}

func allAnnotations(t *testing.T, db *DB) map[string]model.Annotation {
	t.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Annotation{}
	for _, d := range docs {
		as, err := db.Annotations(ctx, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			out[a.ID] = a
		}
	}
	return out
}

// TestBulkImportRoundTripsAndSkipsPresentIDs: batched rows read back as
// given (one and several fragments, attributes, note), and a second import
// of the same ids, and duplicates inside one input, skip instead of fail.
func TestBulkImportRoundTripsAndSkipsPresentIDs(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	docs := bulkDocs(3, 250) // 250 spans: two full batches and a partial one
	res, err := db.ImportDocuments(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Annotations != 252 || res[1].Annotations != 250 || res[0].Skipped != 0 {
		t.Fatalf("results %+v", res)
	}
	got := allAnnotations(t, db)
	if len(got) != 752 {
		t.Fatalf("%d annotations stored", len(got))
	}
	bo := got["bo-1"]
	if !reflect.DeepEqual(bo.Fragments, []model.Fragment{{Start: 0, End: 8}, {Start: 20, End: 25}}) || bo.Attributes["certainty"] != "hedged" || bo.Note != "two pieces" || bo.Text == "" {
		t.Fatalf("bo-1 read back as %+v", bo)
	}
	if a := got["d1-a007"]; len(a.Fragments) != 1 || a.Fragments[0] != (model.Fragment{Start: 7, End: 10}) || !a.UpdatedAt.Equal(a.CreatedAt) || a.CreatedAt.IsZero() {
		t.Fatalf("d1-a007 read back as %+v", a)
	}

	// Again, plus a new span and one id twice in the input.
	again := bulkDocs(3, 250)
	again[2].Annotations = append(again[2].Annotations,
		model.Annotation{ID: "new", Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 1, End: 4}}},
		model.Annotation{ID: "new", Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 1, End: 4}}})
	res, err = db.ImportDocuments(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Reused || res[0].Skipped != 252 || res[0].Annotations != 0 || res[2].Annotations != 1 || res[2].Skipped != 251 {
		t.Fatalf("second import %+v", res)
	}
	if n := len(allAnnotations(t, db)); n != 753 {
		t.Fatalf("%d annotations after the second import", n)
	}
}

// TestUndoRedoOfAnImport: an import is one undo step behind later edits;
// undo removes the imported spans, redo brings them back unchanged,
// and both survive a restart.
func TestUndoRedoOfAnImport(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	if _, err := db.ImportDocuments(ctx, bulkDocs(2, 120)); err != nil {
		t.Fatal(err)
	}
	before := allAnnotations(t, db)
	docs, _ := db.Documents(ctx)
	// A later, separate edit by ana stays when the import is undone.
	later := &model.Annotation{DocID: docs[1].ID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 30, End: 33}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{later}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the later edit
		t.Fatal(err)
	}
	if _, err := db.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAnnotation(ctx, later.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the delete
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the create
		t.Fatal(err)
	}

	// bo's own later edit in the same document is a separate step.
	bos := &model.Annotation{DocID: docs[0].ID, Annotator: "bo", Label: "ACTOR", Fragments: []model.Fragment{{Start: 3, End: 9}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{bos}); err != nil {
		t.Fatal(err)
	}

	// An import is one step per layer it brought: ana's undo removes what
	// the import created in ana's layer and nothing else; bo's part stays
	// for bo to undo (issue 12, item 4).
	step, err := db.Undo(ctx, "ana") // the import
	if err != nil {
		t.Fatal(err)
	}
	if step == nil || len(step.Changed) != 240 || step.Count != 240 || step.Action != "create" {
		t.Fatalf("undo import step %+v", step)
	}
	if left := allAnnotations(t, db); len(left) != 3 || left[bos.ID].ID == "" || left["bo-1"].ID == "" || left["bo-2"].ID == "" {
		t.Fatalf("after ana's undo of the import: %d annotations left, want bo's two imported and later one", len(left))
	}
	if _, err := db.Undo(ctx, "bo"); err != nil { // bo's edit
		t.Fatal(err)
	}
	if step, err := db.Undo(ctx, "bo"); err != nil || step == nil || step.Count != 2 { // bo's part of the import
		t.Fatalf("bo's undo of the import: %+v %v", step, err)
	}
	if left := allAnnotations(t, db); len(left) != 0 {
		t.Fatalf("after both undid the import: %d annotations left", len(left))
	}

	// Restart, then redo.
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, who := range []string{"ana", "bo"} {
		if step, err := db.Redo(ctx, who); err != nil || step == nil {
			t.Fatalf("redo %s: %v %+v", who, err, step)
		}
	}
	after := allAnnotations(t, db)
	if len(after) != len(before) {
		t.Fatalf("redo: %d annotations, want %d", len(after), len(before))
	}
	for id, a := range before {
		b := after[id]
		if !reflect.DeepEqual(a.Fragments, b.Fragments) || a.Label != b.Label || a.Text != b.Text || a.Note != b.Note || !reflect.DeepEqual(a.Attributes, b.Attributes) || !a.CreatedAt.Equal(b.CreatedAt) {
			t.Fatalf("redo changed %s: %+v -> %+v", id, a, b)
		}
	}
	// And undo once more (the rows now keep the content).
	if _, err := db.Undo(ctx, "bo"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Annotation(ctx, "bo-1"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("bo-1 after the second undo: %v", err)
	}
}

// TestBulkImportChecksReferencesAndRestoresForeignKeys: an import runs
// with foreign-key enforcement off (bulkTx), so a relation to an
// annotation that exists nowhere must still refuse the whole import, and
// the connection must enforce foreign keys again afterwards.
func TestBulkImportChecksReferencesAndRestoresForeignKeys(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	db.db.SetMaxOpenConns(1) // the next statements get the import's connection
	docs := bulkDocs(2, 3)
	docs[1].Relations = []model.Relation{{Annotator: "ana", Type: "claimed_by", From: "d1-a000", To: "no-such-span"}}
	_, err := db.Import(ctx, docs, nil, "ana")
	if err == nil || !strings.Contains(err.Error(), "relation") {
		t.Fatalf("import with a dangling relation: %v, want a refusal naming the relation", err)
	}
	if got := allAnnotations(t, db); len(got) != 0 {
		t.Fatalf("refused import left %d annotations", len(got))
	}
	for _, stream := range []bool{false, true} {
		docs := bulkDocs(1, 3)
		docs[0].Relations = []model.Relation{{Annotator: "ana", Type: "claimed_by", From: "d0-a000", To: "d0-a001"}}
		if stream {
			docs[0].Doc.Text += " (again)"
			_, err = db.ImportStream(ctx, func(put func(*model.DocumentImport) error) error { return put(&docs[0]) }, nil, "ana")
		} else {
			_, err = db.Import(ctx, docs, nil, "ana")
		}
		if err != nil {
			t.Fatalf("stream %v: %v", stream, err)
		}
		var on int
		if err := db.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
			t.Fatalf("stream %v: foreign_keys = %d after an import (%v), want 1", stream, on, err)
		}
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES ('r', 1, 'ana', 't', 'x', 'y', '')`); err == nil {
		t.Fatal("a dangling relation was accepted after an import: foreign keys are off")
	}
}

// TestImportedAnnotationsKeepTheImportTime: rows of a bulk import store
// an empty created_at (importedAt) and read back the import's time, the same
// through every read path, while an annotation made by hand stores its own.
func TestImportedAnnotationsKeepTheImportTime(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	at := time.Date(2026, 11, 27, 3, 4, 5, 123456789, time.UTC)
	db.now = func() time.Time { return at }
	if _, err := db.Import(ctx, bulkDocs(2, 3), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := db.db.QueryRowContext(ctx, `SELECT created_at FROM annotations WHERE id = 'd0-a000'`).Scan(&raw); err != nil || raw != importedAt {
		t.Fatalf("stored created_at %q (%v), want %q", raw, err, importedAt)
	}
	one, err := db.Annotation(ctx, "d1-a002")
	if err != nil {
		t.Fatal(err)
	}
	if !one.CreatedAt.Equal(at) || !one.UpdatedAt.Equal(at) {
		t.Fatalf("Annotation: created %v updated %v, want %v", one.CreatedAt, one.UpdatedAt, at)
	}
	seen := 0
	err = db.EachDocument(ctx, "", false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
		for _, a := range anns {
			if !a.CreatedAt.Equal(at) {
				t.Errorf("EachDocument: %s created %v, want %v", a.ID, a.CreatedAt, at)
			}
			seen++
		}
		return nil
	})
	if err != nil || seen != 2*3+2 {
		t.Fatalf("EachDocument saw %d annotations (%v)", seen, err)
	}

	later := at.Add(time.Hour)
	db.now = func() time.Time { return later }
	one.Label = "CLAIM"
	if err := db.UpdateAnnotation(ctx, one); err != nil {
		t.Fatal(err)
	}
	if one, err = db.Annotation(ctx, "d1-a002"); err != nil {
		t.Fatal(err)
	}
	if !one.CreatedAt.Equal(at) || !one.UpdatedAt.Equal(later) {
		t.Fatalf("after an edit: created %v updated %v, want %v and %v", one.CreatedAt, one.UpdatedAt, at, later)
	}
}

// TestBulkInsertRefusesARowTheTableRejects: the bulk INSERT skips rows
// whose id is present (OR IGNORE), so a row the table refuses for another
// reason (here its CHECK, which validation normally rules out before)
// must fail the import rather than vanish: through the driver directly
// (rawInserts, an import's own connection) and through database/sql (a
// merge's transaction).
func TestBulkInsertRefusesARowTheTableRejects(t *testing.T) {
	ctx := context.Background()
	for _, raw := range []bool{true, false} {
		db, _ := newProject(t)
		docs := bulkDocs(1, 2)
		if _, err := db.Import(ctx, docs, nil, "ana"); err != nil {
			t.Fatal(err)
		}
		err := db.bulkTxOn(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
			st, err := db.prepareImport(ctx, tx)
			if raw {
				st, err = db.prepareImportOn(ctx, tx, conn, db.now())
			}
			if err != nil {
				return err
			}
			defer st.close()
			anns := []model.Annotation{
				{ID: "d0-a000", DocID: 1, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 3}}, CreatedAt: st.nowT, UpdatedAt: st.nowT}, // present: skipped
				{ID: "new-1", DocID: 1, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 4, End: 4}}, CreatedAt: st.nowT, UpdatedAt: st.nowT},   // start = end: CHECK
			}
			var res model.ImportResult
			return db.importAnnotations(ctx, tx, st, "g", 1, anns, []any{idKey(anns[0].ID), idKey(anns[1].ID)}, &res)
		})
		if err == nil || !strings.Contains(err.Error(), "new-1") {
			t.Fatalf("raw %v: a row refused by the CHECK: %v, want an error naming it", raw, err)
		}
	}
}

// TestCancelledImportsNeverLeaveForeignKeysOff: imports cancelled at
// varied moments must each give their connection back with foreign keys
// on (a race between database/sql's own rollback on cancel and bulkTx's
// clean-up once returned it with them off), and the project stays whole.
func TestCancelledImportsNeverLeaveForeignKeysOff(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	db.db.SetMaxOpenConns(1) // every statement below gets the import's connection
	for i := 0; i < 60; i++ {
		cctx, cancel := context.WithCancel(ctx)
		go func() { time.Sleep(time.Duration(1+i%15) * time.Millisecond); cancel() }()
		_, err := db.ImportStream(cctx, func(put func(*model.DocumentImport) error) error {
			for d := 0; d < 400; d++ {
				doc := &model.DocumentImport{Doc: model.NewDocument{Name: "x", Text: fmt.Sprintf("attempt %d doc %d: %s", i, d, article)}}
				for j := 0; j < 100; j++ {
					doc.Annotations = append(doc.Annotations, model.Annotation{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 3}}})
				}
				if err := put(doc); err != nil {
					return err
				}
			}
			return nil
		}, nil, "ana")
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("attempt %d: %v", i, err)
		}
		var on int
		if serr := db.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); serr != nil || on != 1 {
			t.Fatalf("attempt %d (import: %v): foreign_keys = %d (%v)", i, err, on, serr)
		}
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO doc_status (doc_id, annotator, status, updated_at) VALUES (999999, 'ana', 'done', '')`); err == nil {
		t.Fatal("a status for a missing document was accepted: foreign keys are off")
	}
}

// TestUndoRedoOfAnImportKeepsItsRelations: undoing an import removes its
// annotations and, with them, the relations between them (the file's and
// one made later by hand); redo brings both back, also after a restart.
func TestUndoRedoOfAnImportKeepsItsRelations(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	sc := schemaAB()
	sc.Relations = append(sc.Relations, model.RelationType{Name: "related", From: []string{"ACTOR"}, To: []string{"ACTOR"}})
	if err := db.SetSchema(ctx, sc, "lead"); err != nil {
		t.Fatal(err)
	}
	docs := bulkDocs(1, 3)
	docs[0].Relations = []model.Relation{{ID: "rel-file", Annotator: "ana", Type: "related", From: "d0-a000", To: "d0-a001"}}
	if _, err := db.Import(ctx, docs, nil, "ana"); err != nil {
		t.Fatal(err)
	}
	byHand := &model.Relation{DocID: 1, Annotator: "ana", Type: "related", From: "d0-a002", To: "d0-a000"}
	if err := db.CreateRelation(ctx, byHand); err != nil {
		t.Fatal(err)
	}
	ids := func() []string {
		rels, err := db.Relations(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rels {
			out = append(out, r.ID)
		}
		sort.Strings(out)
		return out
	}
	want := []string{byHand.ID, "rel-file"}
	sort.Strings(want)
	if got := ids(); !reflect.DeepEqual(got, want) {
		t.Fatalf("relations before: %v", got)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the relation made by hand
		t.Fatal(err)
	}
	if _, err := db.Redo(ctx, "ana"); err != nil { // ... and back
		t.Fatal(err)
	}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: 1, Annotator: "bo", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 2}}}}); err != nil {
		t.Fatal(err)
	}
	// Undo ana's steps, newest first, down to the import: the relation made
	// by hand goes by its own step, the file's with the import.
	for {
		step, err := db.Undo(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		if step == nil || len(allAnnotationsOf(t, db, "ana")) == 0 {
			break
		}
	}
	if got := ids(); len(got) != 0 {
		t.Fatalf("relations after undoing the import: %v", got)
	}
	db.Close()
	var err error
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for {
		step, err := db.Redo(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		if step == nil {
			break
		}
	}
	if got := ids(); !reflect.DeepEqual(got, want) {
		t.Fatalf("relations after redo: %v, want %v", got, want)
	}
}

func allAnnotationsOf(t *testing.T, db *DB, who string) []model.Annotation {
	t.Helper()
	var out []model.Annotation
	for _, a := range allAnnotations(t, db) {
		if a.Annotator == who {
			out = append(out, a)
		}
	}
	return out
}

// TestUndoingAnImportAlsoTakesAnAnnotationBroughtBackByUndo: an imported
// span deleted and brought back by undo is still part of the import, so
// undoing the import removes it as well (it used to stay behind).
func TestUndoingAnImportAlsoTakesAnAnnotationBroughtBackByUndo(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	if _, err := db.Import(ctx, bulkDocs(1, 3), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAnnotation(ctx, "d0-a001", "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the deletion
		t.Fatal(err)
	}
	if a, err := db.Annotation(ctx, "d0-a001"); err != nil || a.CreatedAt.IsZero() {
		t.Fatalf("brought back: %+v, %v", a, err)
	}
	if _, err := db.Undo(ctx, "ana"); err != nil { // the import
		t.Fatal(err)
	}
	if left := allAnnotationsOf(t, db, "ana"); len(left) != 0 {
		t.Fatalf("undoing the import left %d of its annotations: %+v", len(left), left)
	}
	if _, err := db.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if got := allAnnotationsOf(t, db, "ana"); len(got) != 3 {
		t.Fatalf("redo of the import: %d annotations, want 3", len(got))
	}
}
