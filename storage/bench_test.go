package storage

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// syntheticCorpus makes n articles of about 7,000 characters with spans
// spans each, deterministic, with some non-ASCII text so offsets are
// code points that differ from bytes.
func syntheticCorpus(n, spans int) []model.DocumentImport {
	words := strings.Fields("the ceasefire talks in Riyadh “agreed” energy infrastructure Kyiv Київ Moscow 停火 frontline 👍🏽 said officials on Tuesday a proposal for thirty days")
	r := rand.New(rand.NewSource(1))
	docs := make([]model.DocumentImport, n)
	for i := range docs {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Article %d. ", i)
		for sb.Len() < 7000 {
			sb.WriteString(words[r.Intn(len(words))])
			sb.WriteByte(' ')
		}
		text := sb.String()
		ix := model.NewTextIndex(text)
		anns := make([]model.Annotation, spans)
		for j := range anns {
			s := r.Intn(ix.Len() - 20)
			anns[j] = model.Annotation{Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: s + 1 + r.Intn(19)}}}
		}
		docs[i] = model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("doc", i), Text: text}, Annotations: anns}
	}
	return docs
}

// BenchmarkImport imports 1,000 articles with 100 spans each (100,000
// spans) into a new project per iteration; issue 8's full-size run is
// 10x that (see BENCHMARKS.md).
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	corpus := syntheticCorpus(1000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
		if err != nil {
			b.Fatal(err)
		}
		docs := make([]model.DocumentImport, len(corpus))
		for j := range corpus {
			docs[j] = corpus[j]
			docs[j].Annotations = append([]model.Annotation(nil), corpus[j].Annotations...)
		}
		b.StartTimer()
		if _, err := db.ImportDocuments(ctx, docs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "spans/s")
}

// BenchmarkCreateAnnotation is one durable single edit: one transaction
// with the history row, committed with synchronous=FULL in WAL.
func BenchmarkCreateAnnotation(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	docs := syntheticCorpus(1, 0)
	res, err := db.ImportDocuments(ctx, docs)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := i % 6000
		a := &model.Annotation{DocID: res[0].DocID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: s + 5}}}
		if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			b.Fatal(err)
		}
	}
}
