package storage

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestSearchUsesTheFTS5Index: this build's SQLite has FTS5 (the build tag
// sqlite_fts5, passed by the Makefile, .ci and the real-window harness),
// the first search builds the index in the project, and a document
// imported later is indexed in its import's transaction.
func TestSearchUsesTheFTS5Index(t *testing.T) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.fts5Available(ctx) {
		t.Fatal("go-sqlite3 was built without FTS5: build and test with -tags sqlite_fts5 (see the Makefile)")
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: "A ceasefire in Doha."}}}); err != nil {
		t.Fatal(err)
	}
	if has, _ := hasSearchIndex(ctx, db.db); has {
		t.Fatal("an import built the index before anyone searched")
	}
	if hits, err := db.SearchDocuments(ctx, "doha", 0); err != nil || len(hits) != 1 {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	if !db.SearchIndexed(ctx) {
		t.Fatal("the search did not build the index")
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "b", Text: "Talks in Doha again."}}}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM doc_search WHERE doc_search MATCH 'doha'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("the index holds %d documents with doha (%v), want 2", n, err)
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) != 0 {
		t.Fatalf("check with an index: %v %v", probs, err)
	}
}

// TestSearchIndexMarkedStaleByABuildWithoutFTS5: a build without FTS5
// cannot update the index, so its import marks it stale in the same
// transaction; the next search with FTS5 rebuilds it and finds the
// document.
func TestSearchIndexMarkedStaleByABuildWithoutFTS5(t *testing.T) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SearchDocuments(ctx, "x", 0); err != nil || !db.SearchIndexed(ctx) {
		t.Fatalf("index not built: %v", err)
	}
	fts5On = false // as a build without the tag sees it
	_, err = db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "b", Text: "Talks in Doha."}}})
	if err != nil {
		fts5On = true
		t.Fatal(err)
	}
	stale, err := searchIndexStale(ctx, db.db)
	hitsWithout, errWithout := db.SearchDocuments(ctx, "doha", 0)
	fts5On = true
	if err != nil || !stale {
		t.Fatalf("not marked stale: %v", err)
	}
	if errWithout != nil || len(hitsWithout) != 1 {
		t.Fatalf("search without FTS5 reads the documents: %+v, %v", hitsWithout, errWithout)
	}
	hits, err := db.SearchDocuments(ctx, "doha", 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("after the rebuild: %+v, %v", hits, err)
	}
	if stale, _ := searchIndexStale(ctx, db.db); stale {
		t.Error("still stale after the rebuild")
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM doc_search WHERE doc_search MATCH 'doha'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rebuilt index: %d, %v", n, err)
	}
}
