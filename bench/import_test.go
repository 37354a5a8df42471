package bench

import (
	"context"
	"os"
	"testing"

	"github.com/margin-app/margin/internal/gctune"
)

// BenchmarkImportExportDoccano1M is issue 8's corpus: 10,000 articles of
// about 7,000 code points with 1,000,000 spans, doccano JSONL, imported
// into a new project through the real path (formats/doccano ->
// dataset.Import -> storage) and exported back (dataset.Export, doccano).
// It reports import-s and export-s; ns/op is both. The corpus is
// $MARGIN_BENCH_CORPUS (make bench passes the file baseline.py timed) or
// generated into a temp dir. Run with -benchtime 1x: one run is ~10 s.
func BenchmarkImportExportDoccano1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M spans: not in -short")
	}
	dir := b.TempDir()
	corpus, err := CorpusFile(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer gctune.Batch()() // as `margin import` and `margin export` run
	var imp, exp float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run, err := os.MkdirTemp(dir, "run")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := ImportExport(context.Background(), corpus, run)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Spans != 1000000 && os.Getenv("MARGIN_BENCH_CORPUS") == "" {
			b.Fatalf("%d spans imported", res.Spans)
		}
		imp += res.ImportS
		exp += res.ExportS
		os.RemoveAll(run)
		b.StartTimer()
	}
	b.ReportMetric(imp/float64(b.N), "import-s")
	b.ReportMetric(exp/float64(b.N), "export-s")
}
