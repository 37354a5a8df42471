package ui

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// BenchmarkLiveWindow measures how long after bob starts a write (one
// span created, then deleted: one transaction each) ana's window, in the
// compare view, shows it: his commit, the notification, the window's
// reads through its edit controller and the redraw (headless). p50 and
// p99 in milliseconds.
//
//	go test ./ui/ -run '^$' -bench LiveWindow -benchtime 200x
func BenchmarkLiveWindow(b *testing.B) {
	ctx := context.Background()
	annURL, bobURL := liveTeam(b, pgtest.FreshDatabase(b))
	ana, bob := openPG(b, annURL), openPG(b, bobURL)
	w, posts := liveWindow(b, ana)
	listening(b, w, posts)
	w.modeSelect.SetSelected(modeCompare)
	s, e := span(w.doc.Text, phrase)
	base := w.view.HighlightCount()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if i%2 == 0 {
			a := &model.Annotation{ID: "", DocID: w.doc.ID, Annotator: "bob", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
			if err := bob.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
				b.Fatal(err)
			}
			pump(b, posts, 5*time.Second, "bob's span", func() bool { return w.view.HighlightCount() > base && !w.live.busy })
		} else {
			as, err := bob.Annotations(ctx, w.doc.ID, "bob")
			if err != nil || len(as) != 1 {
				b.Fatalf("bob's layer: %d, %v", len(as), err)
			}
			if err := bob.DeleteAnnotation(ctx, as[0].ID, "bob"); err != nil {
				b.Fatal(err)
			}
			pump(b, posts, 5*time.Second, "bob's span gone", func() bool { return w.view.HighlightCount() == base && !w.live.busy })
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}
