package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// agreementProject: docs articles, each annotated by 3 annotators with
// spans spans; most spans agree exactly, some differ in boundaries or
// label, some are one annotator's only.
func agreementProject(b *testing.B, docs, spans int) *storage.DB {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(b.TempDir(), "agree.margin"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	fillAgreementProject(b, db, docs, spans)
	return db
}

// fillAgreementProject imports agreementProject's documents and layers
// into db (a project file, or a server project).
func fillAgreementProject(b *testing.B, db model.Store, docs, spans int) {
	b.Helper()
	ctx := context.Background()
	r := xorshift(7)
	var in []model.DocumentImport
	err := Corpus(docs, spans, func(a Article) error {
		var anns []model.Annotation
		for _, who := range []string{"ana", "bo", "cy"} {
			for _, s := range a.Spans {
				start, end, label := s[0].(int), s[1].(int), s[2].(string)
				switch r.intn(10) {
				case 0: // boundary disagreement
					end++
				case 1: // label disagreement
					label = labels[r.intn(len(labels))]
				case 2: // missed
					continue
				}
				anns = append(anns, model.Annotation{Annotator: who, Label: label, Fragments: []model.Fragment{{Start: start, End: end}}})
			}
		}
		in = append(in, model.DocumentImport{Doc: model.NewDocument{Name: a.Name, Text: a.Text}, Annotations: anns})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.ImportDocuments(ctx, in); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAgreement1000x3x50 is issue 8's agreement target: 1,000
// documents x 3 annotators x 50 spans (150,000 spans) through
// dataset.Agreement, as `margin agreement` runs it (target: under 1 s).
func BenchmarkAgreement1000x3x50(b *testing.B) {
	runAgreement(b, agreementProject(b, 1000, 50))
}

// runAgreement times dataset.Agreement over db, b.N times.
func runAgreement(b *testing.B, db model.Store) {
	ctx := context.Background()
	b.ResetTimer()
	cpu := cpuSeconds()
	for i := 0; i < b.N; i++ {
		sum, err := dataset.Agreement(ctx, db, dataset.AgreementOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 && len(sum.Annotators) != 3 {
			b.Fatalf("agreement over %v", sum.Annotators)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
	// The CPU this process used (not a database server's): on a loaded
	// machine it varies less than the wall time.
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/run")
}
