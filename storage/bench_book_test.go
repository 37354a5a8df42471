package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// BenchmarkCreateAnnotationLatencyBook is issue 14's single edit in a
// book-length document: create one annotation, committed durably, in a
// 1 MB document that already holds 10,000 spans. p50/p99 as in
// BenchmarkCreateAnnotationLatency; -benchmem shows the garbage per edit.
func BenchmarkCreateAnnotationLatencyBook(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	text := strings.Repeat("The ceasefire talks in Riyadh “agreed” on energy infrastructure, officials in Київ said. ", 11000)
	n := model.NewTextIndex(text).Len()
	anns := make([]model.Annotation, 10000)
	for i := range anns {
		s := i * (n - 20) / len(anns)
		anns[i] = model.Annotation{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: s + 10}}}
	}
	res, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "book", Text: text}, Annotations: anns}})
	if err != nil {
		b.Fatal(err)
	}
	doc := res[0].DocID
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := (i * 997) % (n - 20) // start, middle and end of the document
		a := &model.Annotation{DocID: doc, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: s + 5}}}
		t0 := time.Now()
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, lat)
}
