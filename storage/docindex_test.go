package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// bookLength is a document of about 1 MB (the sample sentence repeated),
// the size issue 14 edits in.
func bookLength() string {
	return strings.Repeat("The ceasefire talks in Riyadh “agreed” on energy infrastructure, officials in Київ said. ", 11000)
}

func importOne(t *testing.T, db *DB, name, text string) int64 {
	t.Helper()
	res, err := db.ImportDocuments(context.Background(), []model.DocumentImport{{Doc: model.NewDocument{Name: name, Text: text}}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0].DocID
}

func createSpan(db *DB, doc int64, start, end int) (*model.Annotation, error) {
	a := &model.Annotation{DocID: doc, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: start, End: end}}}
	return a, db.CreateAnnotations(context.Background(), []*model.Annotation{a})
}

// TestEditsInBookLengthDocumentReadTextOnce: a run of edits in a 1 MB
// document reads and indexes its text once, not at every edit (issue
// 14: each edit re-read the megabyte and rebuilt its index, ~5 MB of
// garbage per keystroke on the writer's goroutine).
func TestEditsInBookLengthDocumentReadTextOnce(t *testing.T) {
	db, err := Create(context.Background(), filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := bookLength()
	doc := importOne(t, db, "book", text)
	if _, err := createSpan(db, doc, 0, 3); err != nil { // the first edit reads it
		t.Fatal(err)
	}
	const edits = 20
	ix := model.NewTextIndex(text)
	reads := textReads.Load()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < edits; i++ {
		a, err := createSpan(db, doc, 100*i, 100*i+20)
		if err != nil {
			t.Fatal(err)
		}
		if want := ix.Slice(100*i, 100*i+20); a.Text != want {
			t.Fatalf("edit %d: covered text %q, want %q", i, a.Text, want)
		}
	}
	runtime.ReadMemStats(&after)
	if n := textReads.Load() - reads; n != 0 {
		t.Errorf("%d edits read the document's text %d times, want 0 (it was indexed at the first edit)", edits, n)
	}
	if perEdit := (after.TotalAlloc - before.TotalAlloc) / edits; perEdit > 256<<10 {
		t.Errorf("each edit allocated %d kB, want < 256 kB (the text alone is %d kB)", perEdit>>10, len(text)>>10)
	}
}

// TestEditAfterAnotherProgramReplacedTheDocument: a window has edited a
// document (its index is kept); another program deletes that document
// and a second window imports a different text, which SQLite gives the
// same, reused rowid and the same name. The first window's next edits are
// checked against the new text: an offset valid only in the old text is
// refused, and a span's covered text is the new one.
func TestEditAfterAnotherProgramReplacedTheDocument(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.margin")
	first, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	oldText := bookLength()
	doc := importOne(t, first, "article", oldText)
	if _, err := createSpan(first, doc, 500, 520); err != nil {
		t.Fatal(err)
	}

	// Another program: removes the document and what refers to it.
	raw, err := sql.Open("sqlite3", dsn(path, "_busy_timeout=5000"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DELETE FROM annotations WHERE doc_id = ?`, `DELETE FROM history WHERE doc_id = ?`, `DELETE FROM documents WHERE id = ?`} {
		if _, err := raw.ExecContext(ctx, q, doc); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// A second window imports another text under the same name.
	second, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	newText := "Київ: a short note, not the book."
	if got := importOne(t, second, "article", newText); got != doc {
		t.Fatalf("the reimported document got id %d, want the reused %d (the case under test)", got, doc)
	}

	if _, err := createSpan(first, doc, 500, 520); err == nil {
		t.Errorf("a span at 500-520 of a %d-character document was accepted (checked against the old text)", model.NewTextIndex(newText).Len())
	}
	a, err := createSpan(first, doc, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "Київ" {
		t.Errorf("covered text %q, want %q (from the new text)", a.Text, "Київ")
	}
}

// TestDocumentWhoseSumDoesNotMatchIsReadEachTime: a row whose stored
// SHA-256 is not its text's (a hand-edited file) is never kept: the sum
// check could not tell when its text changes, so each edit reads it.
func TestDocumentWhoseSumDoesNotMatchIsReadEachTime(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.margin")
	db, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc := importOne(t, db, "article", "Moscow and Kyiv.")
	if _, err := db.db.ExecContext(ctx, `UPDATE documents SET text = ? WHERE id = ?`, "Riyadh and Kyiv.", doc); err != nil {
		t.Fatal(err)
	}
	reads := textReads.Load()
	a, err := createSpan(db, doc, 0, 6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := createSpan(db, doc, 0, 6); err != nil {
		t.Fatal(err)
	}
	if a.Text != "Riyadh" {
		t.Errorf("covered text %q, want the stored text's %q", a.Text, "Riyadh")
	}
	if n := textReads.Load() - reads; n != 2 {
		t.Errorf("2 edits read the text %d times, want 2 (its sum does not match, so it is not kept)", n)
	}
}

// TestConcurrentEditsAcrossMoreDocumentsThanKept: edits from several
// goroutines (a window's writer beside a command's) across more documents
// than the cache keeps each see their own document's text (run with
// -race for the cache's locking).
func TestConcurrentEditsAcrossMoreDocumentsThanKept(t *testing.T) {
	docs := docIndexCacheDocs
	t.Cleanup(func() { docIndexCacheDocs = docs })
	docIndexCacheDocs = 2
	db, err := Create(context.Background(), filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	texts := []string{"Alpha one.", "Bravo two.", "Kyiv three.", "Delta four."}
	ids := make([]int64, len(texts))
	for i, text := range texts {
		ids[i] = importOne(t, db, text, text)
	}
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := 0; i < 10; i++ {
				d := (g + i) % len(texts)
				a, err := createSpan(db, ids[d], 0, 5)
				if err == nil && a.Text != texts[d][:5] {
					err = fmt.Errorf("document %d: covered text %q, want %q", ids[d], a.Text, texts[d][:5])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := db.ixCache.Len(); n > 2 {
		t.Errorf("the cache holds %d documents, want at most 2", n)
	}
}
