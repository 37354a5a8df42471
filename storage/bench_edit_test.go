package storage

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// BenchmarkCreateAnnotationLatency is issue 8's single edit: create one
// annotation, committed durably (WAL, synchronous=FULL, history row in the
// same transaction), in a project that already holds 100,000 spans. It
// records every operation's latency and reports the median and the 99th
// percentile (targets: under 2 ms and 10 ms).
func BenchmarkCreateAnnotationLatency(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	res, err := db.ImportDocuments(ctx, syntheticCorpus(1000, 100))
	if err != nil {
		b.Fatal(err)
	}
	doc := res[len(res)/2].DocID
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := i % 6000
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

// reportLatency reports p50 and p99 in milliseconds.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}
