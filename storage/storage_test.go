package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

const article = "The White House said Trump and Putin agreed to an “infrastructure and energy ceasefire” and talks 👍🏽."

func newProject(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.margin")
	db, err := Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func importDoc(t *testing.T, db *DB, text string) int64 {
	t.Helper()
	res, err := db.ImportDocuments(context.Background(), []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: text}}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0].DocID
}

func cp(text, sub string) (int, int) {
	i := strings.Index(text, sub)
	s := utf8.RuneCountInString(text[:i])
	return s, s + utf8.RuneCountInString(sub)
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.margin")
	os.WriteFile(path, []byte("precious"), 0o644)
	if _, err := Create(context.Background(), path); err == nil {
		t.Fatal("Create overwrote an existing file")
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatal("file changed")
	}
}

func TestOpenRefusesForeignFilesUnchanged(t *testing.T) {
	dir := t.TempDir()
	// A text file.
	txt := filepath.Join(dir, "notes.margin")
	os.WriteFile(txt, []byte(strings.Repeat("hello\n", 50)), 0o644)
	// Another application's SQLite database.
	other := filepath.Join(dir, "other.db")
	odb, _ := sql.Open("sqlite3", other)
	if _, err := odb.Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	// A Margin file from the future.
	future := filepath.Join(dir, "future.margin")
	db, err := Create(context.Background(), future)
	if err != nil {
		t.Fatal(err)
	}
	db.db.Exec("PRAGMA user_version = 99")
	db.Close()

	for _, p := range []string{txt, other, future} {
		before, _ := os.ReadFile(p)
		_, err := Open(context.Background(), p)
		if err == nil {
			t.Errorf("%s: opened", p)
			continue
		}
		if p == future && !strings.Contains(err.Error(), "newer version") {
			t.Errorf("future file: %v", err)
		}
		if p != future && !errors.Is(err, ErrNotProject) {
			t.Errorf("%s: %v", p, err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(before, after) {
			t.Errorf("%s was modified", p)
		}
		if _, err := os.Stat(p + "-wal"); err == nil && p != future {
			t.Errorf("%s: a WAL file was created", p)
		}
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "missing.margin")); err == nil {
		t.Error("missing file opened")
	}
}

func TestImportReusesSameText(t *testing.T) {
	db, _ := newProject(t)
	a := importDoc(t, db, article)
	res, err := db.ImportDocuments(context.Background(), []model.DocumentImport{{Doc: model.NewDocument{Name: "copy", Text: article}}})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Reused || res[0].DocID != a {
		t.Fatalf("second import: %+v", res[0])
	}
	docs, _ := db.Documents(context.Background())
	if len(docs) != 1 || docs[0].Length != utf8.RuneCountInString(article) {
		t.Fatalf("docs = %+v", docs)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	s, e := cp(article, "Putin")
	bad := []model.DocumentImport{
		{Doc: model.NewDocument{Name: "good", Text: "good text"}},
		{Doc: model.NewDocument{Name: "bad", Text: article}, Annotations: []model.Annotation{
			{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: e}}},
			{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 10, End: 9999}}},
		}},
	}
	if _, err := db.ImportDocuments(ctx, bad); err == nil {
		t.Fatal("import with a span past the end succeeded")
	}
	docs, _ := db.Documents(ctx)
	if len(docs) != 0 {
		t.Fatalf("partial import left %d documents", len(docs))
	}
	var n int
	db.db.QueryRow("SELECT count(*) FROM history").Scan(&n)
	if n != 0 {
		t.Fatalf("partial import left %d history rows", n)
	}
}

func TestAnnotationLifecycleWithHistoryAndUndo(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	s, e := cp(article, "infrastructure and energy ceasefire")
	a := &model.Annotation{DocID: doc, Annotator: "ana", Label: "CEASEFIRE_TERM",
		Fragments: []model.Fragment{{Start: s, End: e}}, Attributes: map[string]any{"status": "agreed"}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	if a.Text != "infrastructure and energy ceasefire" {
		t.Fatalf("covered text %q", a.Text)
	}
	// A colleague cannot touch ana's layer.
	if err := db.DeleteAnnotation(ctx, a.ID, "ben"); err == nil {
		t.Fatal("ben deleted ana's annotation")
	}
	// Move the end back to "energy".
	upd := *a
	_, e2 := cp(article, "infrastructure and energy")
	upd.Fragments = []model.Fragment{{Start: s, End: e2}}
	upd.Label = "PRECONDITION"
	if err := db.UpdateAnnotation(ctx, &upd); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Annotation(ctx, a.ID)
	if got.Text != "infrastructure and energy" || got.Label != "PRECONDITION" || got.Attributes["status"] != "agreed" {
		t.Fatalf("after update: %+v", got)
	}
	if err := db.DeleteAnnotation(ctx, a.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	var n int
	db.db.QueryRow("SELECT count(*) FROM history WHERE entity_id = ? AND annotator = 'ana'", a.ID).Scan(&n)
	if n != 3 {
		t.Fatalf("history has %d rows for the annotation, want 3", n)
	}
	// Undo survives a restart: close and reopen between steps.
	db.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	step, err := db.Undo(ctx, "ana") // undo delete
	if err != nil || step == nil || step.Action != "delete" {
		t.Fatalf("undo delete: %+v %v", step, err)
	}
	got, err = db.Annotation(ctx, a.ID)
	if err != nil || got.Label != "PRECONDITION" {
		t.Fatalf("after undo delete: %+v %v", got, err)
	}
	db.Undo(ctx, "ana") // undo update
	got, _ = db.Annotation(ctx, a.ID)
	if got.Label != "CEASEFIRE_TERM" || got.Text != "infrastructure and energy ceasefire" {
		t.Fatalf("after undo update: %+v", got)
	}
	db.Undo(ctx, "ana") // undo create
	if _, err := db.Annotation(ctx, a.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("after undo create: %v", err)
	}
	if step, _ := db.Undo(ctx, "ana"); step != nil {
		t.Fatalf("undo with nothing left: %+v", step)
	}
	// Redo the create and the update.
	db.Redo(ctx, "ana")
	db.Redo(ctx, "ana")
	got, _ = db.Annotation(ctx, a.ID)
	if got == nil || got.Label != "PRECONDITION" {
		t.Fatalf("after two redos: %+v", got)
	}
	// A new change drops the remaining redo (the delete).
	b := &model.Annotation{DocID: doc, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	if step, _ := db.Redo(ctx, "ana"); step != nil {
		t.Fatalf("redo after a new change: %+v", step)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func TestCreateAnnotationsIsOneUndoStep(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, "ceasefire now, ceasefire later, ceasefire never")
	var as []*model.Annotation
	for _, off := range []int{0, 15, 32} {
		as = append(as, &model.Annotation{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: off, End: off + 9}}})
	}
	if err := db.CreateAnnotations(ctx, as); err != nil {
		t.Fatal(err)
	}
	step, err := db.Undo(ctx, "ana")
	if err != nil || step.Count != 3 {
		t.Fatalf("undo: %+v %v", step, err)
	}
	left, _ := db.Annotations(ctx, doc, "")
	if len(left) != 0 {
		t.Fatalf("%d annotations left", len(left))
	}
	// A failing batch stores nothing.
	as = append(as, &model.Annotation{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 40, End: 400}}})
	for _, a := range as {
		a.ID = ""
	}
	if err := db.CreateAnnotations(ctx, as); err == nil {
		t.Fatal("bad batch stored")
	}
	left, _ = db.Annotations(ctx, doc, "")
	if len(left) != 0 {
		t.Fatalf("%d annotations left after a failed batch", len(left))
	}
}

func TestCheckReportsMismatch(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	a := &model.Annotation{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}
	db.CreateAnnotations(ctx, []*model.Annotation{a})
	db.db.Exec("UPDATE annotations SET text = 'Xyz'")
	problems, err := db.Check(ctx)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], `"Xyz"`) {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func TestSchemaVersions(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	sc, _ := db.Schema(ctx)
	if len(sc.Labels) != 0 {
		t.Fatal("new project has labels")
	}
	sc.Labels = append(sc.Labels, model.Label{Name: "ACTOR", Color: "#76b041", Hotkey: "4"})
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Schema(ctx)
	if l, ok := got.LabelByHotkey("4"); !ok || l.Name != "ACTOR" {
		t.Fatalf("schema after set: %+v", got)
	}
	bad := &model.Schema{Labels: []model.Label{{Name: "A", Color: "red"}}}
	if err := db.SetSchema(ctx, bad, "ana"); err == nil {
		t.Fatal("invalid schema stored")
	}
}
