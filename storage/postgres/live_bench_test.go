package postgres

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// BenchmarkNotifyLatency measures how long after one member starts a
// write (a status change: one transaction) another member's listener has
// it: the write's commit plus the notification's way. p50 and p99 are
// reported in milliseconds.
//
//	go test ./storage/postgres/ -run '^$' -bench NotifyLatency -benchtime 500x
func BenchmarkNotifyLatency(b *testing.B) { notifyLatency(b, false) }

// BenchmarkNotifyLatencyBlind is the same in blind mode, where a curator
// hears ann on the team's private channel (migration 006).
//
//	go test ./storage/postgres/ -run '^$' -bench NotifyLatencyBlind -benchtime 500x
func BenchmarkNotifyLatencyBlind(b *testing.B) { notifyLatency(b, true) }

func notifyLatency(b *testing.B, blind bool) {
	ctx := context.Background()
	owner, doc, as, _ := team(b, map[string]string{"ann": KindAnnotator, "bob": KindCurator})
	if err := owner.SetBlind(ctx, blind); err != nil {
		b.Fatal(err)
	}
	ch := make(chan model.ChangeEvent, 1000)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := as["bob"].WatchChanges(wctx, func(ev model.ChangeEvent) { ch <- ev }); err != nil {
		b.Fatal(err)
	}
	<-ch // connected
	statuses := []model.Status{model.StatusInProgress, model.StatusDone}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := as["ann"].SetStatus(ctx, doc, "ann", statuses[i%2]); err != nil {
			b.Fatal(err)
		}
		for got := false; !got; {
			select {
			case ev := <-ch:
				for _, c := range ev.Changes {
					got = got || (c.Kind == model.ChangeStatus && c.Layer == "ann")
				}
			case <-time.After(5 * time.Second):
				b.Fatalf("write %d: no notification within 5 s", i)
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}
