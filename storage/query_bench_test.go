package storage

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
)

// BenchmarkQueryAnnotations1M: pages of the annotations table of a
// project of 1,000 articles with 1,000 spans each (1M spans): what the
// table window asks for when it opens, scrolls to the end, sorts by text
// and filters. Each op is one page of 100 rows with the total count.
func BenchmarkQueryAnnotations1M(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportDocuments(ctx, syntheticCorpus(1000, 1000)); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    model.AnnotationQuery
	}{
		{"FirstPage", model.AnnotationQuery{Limit: 100}},
		{"LastPage", model.AnnotationQuery{Offset: 999_900, Limit: 100}},
		{"SortedByText", model.AnnotationQuery{Sort: model.SortText, Limit: 100}},
		{"OneDocument", model.AnnotationQuery{DocID: 500, Limit: 100}},
		{"TextFilter", model.AnnotationQuery{Text: "kyiv", Limit: 100}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p, err := db.QueryAnnotations(ctx, c.q)
				if err != nil || len(p.Rows) == 0 {
					b.Fatal(p, err)
				}
			}
		})
	}
}

// BenchmarkSearchDocuments: a whole-word search across 1,000 articles of
// about 7,000 characters each (FTS5 picks the documents, FindWords the
// occurrences); the index is built before the timer starts.
func BenchmarkSearchDocuments(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportDocuments(ctx, syntheticCorpus(1000, 0)); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SearchDocuments(ctx, "Riyadh", 0); err != nil || !db.SearchIndexed(ctx) {
		b.Fatal("no index", err)
	}
	for _, term := range []string{"Article 999", "Riyadh"} {
		b.Run(term, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if hits, err := db.SearchDocuments(ctx, term, 0); err != nil || len(hits) == 0 {
					b.Fatal(hits, err)
				}
			}
		})
	}
}
