package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// BenchmarkImport imports 10 documents of 10,000 one-word spans each
// (100,000 spans, the shape of a large NER import) into a fresh project
// per iteration: the COPY path of Import. Issue 17's target compares it
// with psql's \copy of the same rows.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	const docs, spans = 10, 10000
	word := "ceasefire "
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Create(ctx, pgtest.FreshDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		in := make([]model.DocumentImport, docs)
		for d := range in {
			text := strings.Repeat(word, spans) + strings.Repeat("x", d+1) // distinct texts
			anns := make([]model.Annotation, spans)
			for j := range anns {
				anns[j] = model.Annotation{Annotator: "ann", Label: "TERM", Fragments: []model.Fragment{{Start: j * len(word), End: j*len(word) + len(word) - 1}}}
			}
			in[d] = model.DocumentImport{Doc: model.NewDocument{Name: "d", Text: text}, Annotations: anns}
		}
		b.StartTimer()
		res, err := db.ImportDocuments(ctx, in)
		b.StopTimer()
		if err != nil || len(res) != docs || res[0].Annotations != spans {
			b.Fatalf("import: %+v %v", res, err)
		}
		db.Close()
	}
	b.ReportMetric(float64(docs*spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}
