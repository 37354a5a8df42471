package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// Issue 17's team targets, on a private server of the benchmark's own
// (pgtest.StartPrivate: port MARGIN_BENCH_PG_PORT, default 54341, fsync
// on unless MARGIN_BENCH_PG_FSYNC=off), never the shared test server:
//
//	go test -run '^$' -bench 'TeamEdits' -benchtime 1x ./storage/postgres/
//
// MARGIN_BENCH_TEAM_SECONDS sets the run's length (default 60).

const teamClients = 20

var teamLabels = []string{"ACTOR", "CLAIM", "EVENT"}

// BenchmarkTeamEdits: 20 annotators, each a goroutine connected as their
// own team role, create, relabel and delete spans in their layers of 50
// shared documents. At the end every acknowledged edit must be on the
// server, and nothing else (no lost, no duplicated span). Reports the
// edits' p50 and p99 latency.
func BenchmarkTeamEdits(b *testing.B) {
	benchTeam(b, "", teamClients, false)
}

// BenchmarkTeamEditsOneClient is BenchmarkTeamEdits with one annotator
// alone: the latency floor of an edit on this machine and server (its
// commit's WAL flush and one round trip), with no colleague to queue
// behind. The 20-client figure is to be read against it.
func BenchmarkTeamEditsOneClient(b *testing.B) {
	benchTeam(b, "", 1, false)
}

// BenchmarkTeamEditsRestart is BenchmarkTeamEdits with the server
// restarted (immediate mode: a crash, then recovery from the WAL) halfway
// through: edits fail while it is down and resume after; no acknowledged
// edit may be lost.
func BenchmarkTeamEditsRestart(b *testing.B) {
	benchTeam(b, "immediate", teamClients, false)
}

// teamPace is BenchmarkTeamEditsPaced's rate per client: an edit every
// 100 ms, ten a second. A researcher annotating by hand makes one every
// few seconds, so this is 20-50 times a fast annotator's rate, and the 20
// clients together offer 200 edits/s, about a fifth of what this 2-core
// machine's server commits when the clients run flat out.
const teamPace = 100 * time.Millisecond

// BenchmarkTeamEditsPaced is BenchmarkTeamEdits with each client making
// an edit every teamPace instead of the next one as soon as the last is
// acknowledged. The flat-out benchmarks measure the server at saturation,
// where an edit's latency is mostly its wait behind the 19 others' (on 2
// cores the server, the 20 clients and the benchmark share the CPU); this
// one measures what an annotator in a busy team waits for an edit.
func BenchmarkTeamEditsPaced(b *testing.B) {
	benchTeamPaced(b, "", teamClients, false, teamPace)
}

func benchTeam(b *testing.B, restart string, clients int, mixed bool) {
	benchTeamPaced(b, restart, clients, mixed, 0)
}

// benchTeamPaced runs the team benchmark; pace > 0 spaces each client's
// edits that far apart (0: flat out).
func benchTeamPaced(b *testing.B, restart string, clients int, mixed bool, pace time.Duration) {
	port := 54341
	if p := os.Getenv("MARGIN_BENCH_PG_PORT"); p != "" {
		var err error
		if port, err = strconv.Atoi(p); err != nil {
			b.Fatal(err)
		}
	}
	fsync := "on"
	if os.Getenv("MARGIN_BENCH_PG_FSYNC") == "off" {
		fsync = "off"
	}
	seconds := 60.0
	if s := os.Getenv("MARGIN_BENCH_TEAM_SECONDS"); s != "" {
		var err error
		if seconds, err = strconv.ParseFloat(s, 64); err != nil {
			b.Fatal(err)
		}
	}
	server := pgtest.StartPrivate(b, port, fsync)
	b.Setenv("MARGIN_TEST_POSTGRES", server.URL)
	wal, costs := walSyncs(b, server.URL)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run := newTeamRun(b, clients, mixed)
		report := costs()
		syncs, syncMS := wal()
		cpu := startCPU(b, server)
		b.StartTimer()
		lat, errs := run.edit(b, time.Duration(seconds*float64(time.Second)), restart, server, pace)
		b.StopTimer()
		if restart == "" { // a restart replaces the server's processes
			cpu.report(len(lat))
		}
		if restart == "" { // a crash resets the server's statistics
			syncs1, syncMS1 := wal()
			if n := syncs1 - syncs; n > 0 {
				b.ReportMetric((syncMS1-syncMS)/float64(n), "wal-sync-ms")
				b.ReportMetric(float64(len(lat))/float64(n), "edits/sync")
			}
		}
		report(run.owner)
		b.ReportMetric(run.acquireMS(), "acquire-ms")
		lost, dup := run.check(b)
		if lost != 0 || dup != 0 {
			b.Fatalf("after the run: %d acknowledged edits lost, %d spans duplicated or unknown", lost, dup)
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))]) / float64(time.Millisecond) }
		b.ReportMetric(q(0.5), "p50-ms")
		b.ReportMetric(q(0.99), "p99-ms")
		if other := run.otherLatencies(); len(other) > 0 {
			sort.Slice(other, func(i, j int) bool { return other[i] < other[j] })
			b.ReportMetric(float64(other[int(0.99*float64(len(other)-1))])/float64(time.Millisecond), "p99-other-ms")
		}
		b.ReportMetric(float64(len(lat))/seconds, "edits/s")
		b.ReportMetric(float64(errs), "failed")
		b.ReportMetric(0, "lost")
		run.close()
	}
}

// walSyncs turns on the timing of the server's WAL flushes (a private
// server's setting) and returns a reader of their count and total time:
// every acknowledged edit waited for one, so their duration is the floor
// of an edit's latency, and edits per flush show the group commit.
// The second function returned is statementCosts's, started anew.
func walSyncs(b *testing.B, serverURL string) (func() (n int64, ms float64), func() func(*DB)) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(ctx) })
	serverSettings(b, c)
	for _, q := range []string{`ALTER SYSTEM SET track_wal_io_timing = on`, `SELECT pg_reload_conf()`} {
		if _, err := c.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	return func() (n int64, ms float64) {
			if err := c.QueryRow(ctx, `SELECT wal_sync, wal_sync_time FROM pg_stat_wal`).Scan(&n, &ms); err != nil {
				// After a restart the connection is gone; the figures are
				// not reported then.
				return 0, 0
			}
			return n, ms
		}, func() func(*DB) {
			return statementCosts(b, c)
		}
}

// acquireMS is the clients' mean wait for a pooled connection per
// acquisition: the client-side queue an edit can meet before its trip.
func (r *teamRun) acquireMS() float64 {
	var d time.Duration
	var n int64
	for _, c := range r.clients {
		st := c.db.pool.Stat()
		d += st.AcquireDuration()
		n += st.AcquireCount()
	}
	if n == 0 {
		return 0
	}
	return float64(d) / float64(n) / float64(time.Millisecond)
}

type teamRun struct {
	owner   *DB
	clients []*teamClient
	docs    []int64
}

// teamClient is one annotator: what the server acknowledged of their
// layer (id -> label; deleted ids absent), and the ids whose last write
// failed, whose state is either the acknowledged or the attempted one.
type teamClient struct {
	name    string
	db      *DB
	acked   map[string]string
	gone    map[string]bool      // deletions acknowledged
	unsure  map[string][2]string // id -> {acknowledged label or "", attempted label or ""}
	live    []*model.Annotation
	latency []time.Duration
	failed  int
	other   *otherEdits // relations, document labels, statuses (BenchmarkTeamEditsMixed)
}

func newTeamRun(b *testing.B, clients int, mixed bool) *teamRun {
	ctx := context.Background()
	u := pgtest.FreshDatabase(b)
	owner, err := Create(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	sc := &model.Schema{AllowOverlap: true,
		Relations:    []model.RelationType{{Name: "link", From: teamLabels, To: teamLabels}},
		DocLabelSets: []model.DocLabelSet{{Name: "stance", Values: teamStances}}}
	for _, l := range teamLabels {
		sc.Labels = append(sc.Labels, model.Label{Name: l, Color: "#1f77b4"})
	}
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		b.Fatal(err)
	}
	var in []model.DocumentImport
	for d := 0; d < 50; d++ {
		in = append(in, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("article-", d),
			Text: fmt.Sprintf("Article %d. ", d) + strings.Repeat("The ministry said the ceasefire would hold until the talks resumed. ", 60)}})
	}
	res, err := owner.ImportDocuments(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	run := &teamRun{owner: owner}
	for _, r := range res {
		run.docs = append(run.docs, r.DocID)
	}
	for i := 0; i < clients; i++ {
		name := fmt.Sprintf("annotator%02d", i)
		m, password, err := owner.AddMember(ctx, name, KindAnnotator)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { pgtest.DropRole(b, u, m.Role) })
		mu, err := MemberURL(u, m, password)
		if err != nil {
			b.Fatal(err)
		}
		db, err := Open(ctx, mu)
		if err != nil {
			b.Fatal(err)
		}
		c := &teamClient{name: name, db: db, acked: map[string]string{}, gone: map[string]bool{}, unsure: map[string][2]string{}}
		if mixed {
			c.other = newOtherEdits(run.docs, i)
		}
		run.clients = append(run.clients, c)
	}
	return run
}

func (r *teamRun) close() {
	for _, c := range r.clients {
		c.db.Close()
	}
	r.owner.Close()
}

// edit runs the clients for d; with restart set, the server restarts in
// that mode after d/2; with pace > 0 each client starts an edit every
// pace (from a random phase, so the clients do not arrive together), and
// one that falls behind starts the next at once rather than in a burst.
// It returns every acknowledged edit's latency and the number of failed
// edits.
func (r *teamRun) edit(b *testing.B, d time.Duration, restart string, server *pgtest.Private, pace time.Duration) ([]time.Duration, int) {
	ctx := context.Background()
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i, c := range r.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 17))
			next := time.Now()
			if pace > 0 {
				next = next.Add(time.Duration(rng.Int64N(int64(pace))))
			}
			for time.Now().Before(stop) {
				if pace > 0 {
					time.Sleep(time.Until(next))
					next = next.Add(pace)
					if now := time.Now(); next.Before(now) {
						next = now
					}
				}
				if !c.step(ctx, rng, r.docs) {
					time.Sleep(50 * time.Millisecond) // the server is away: retry soon
				}
			}
		}()
	}
	if restart != "" {
		time.Sleep(d / 2)
		start := time.Now()
		if err := server.Restart(restart); err != nil {
			b.Error(err)
		}
		b.Logf("server restarted (%s) in %v", restart, time.Since(start).Round(time.Millisecond))
	}
	wg.Wait()
	var all []time.Duration
	failed := 0
	for _, c := range r.clients {
		all = append(all, c.latency...)
		failed += c.failed
	}
	return all, failed
}

// step makes one edit: a new span (always while the client has fewer
// than 10), else a relabel (60%) or a delete (40%). It reports whether
// the server acknowledged it.
func (c *teamClient) step(ctx context.Context, rng *rand.Rand, docs []int64) bool {
	if c.other != nil {
		if ok, done := c.other.step(ctx, c, rng); done {
			return ok
		}
		docs = c.other.docs // spans where the relations are
	}
	start := time.Now()
	var err error
	var id, was, want string
	switch n := len(c.live); {
	case n < 10 || rng.IntN(10) < 3:
		from := rng.IntN(3000)
		a := &model.Annotation{ID: newID(), DocID: docs[rng.IntN(len(docs))], Annotator: c.name, Label: teamLabels[rng.IntN(len(teamLabels))],
			Fragments: []model.Fragment{{Start: from, End: from + 1 + rng.IntN(40)}}}
		id, want = a.ID, a.Label
		if err = c.db.CreateAnnotations(ctx, []*model.Annotation{a}); err == nil {
			c.live = append(c.live, a)
		}
	case rng.IntN(10) < 6:
		k := rng.IntN(n)
		a := *c.live[k]
		id, was = a.ID, a.Label
		a.Label = teamLabels[(slicesIndex(teamLabels, a.Label)+1)%len(teamLabels)]
		want = a.Label
		if err = c.db.UpdateAnnotation(ctx, &a); err == nil {
			c.live[k] = &a
		}
	default:
		k := rng.IntN(n)
		id, was = c.live[k].ID, c.live[k].Label
		err = c.db.DeleteAnnotation(ctx, id, c.name)
	}
	if err != nil {
		// Perhaps written, perhaps not (the connection died): either
		// state is right, and the span is left alone from now on.
		c.failed++
		if prev, ok := c.unsure[id]; ok {
			was = prev[0]
		}
		c.unsure[id] = [2]string{was, want}
		delete(c.acked, id)
		c.drop(id)
		if c.other != nil {
			c.other.spanUnsure(id)
		}
		return false
	}
	c.latency = append(c.latency, time.Since(start))
	if want == "" {
		delete(c.acked, id)
		c.gone[id] = true
		c.drop(id)
		if c.other != nil {
			c.other.spanGone(id)
		}
	} else {
		c.acked[id] = want
	}
	return true
}

func (c *teamClient) drop(id string) {
	for i, a := range c.live {
		if a.ID == id {
			c.live = append(c.live[:i], c.live[i+1:]...)
			return
		}
	}
}

func slicesIndex(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

// check compares the server's layers with what the clients were told:
// lost counts acknowledged spans missing or with another label (and
// acknowledged deletions undone); dup counts spans on the server that no
// client made or whose id appears twice.
func (r *teamRun) check(b *testing.B) (lost, dup int) {
	ctx := context.Background()
	onServer := map[string]string{}
	for _, d := range r.docs {
		anns, err := r.owner.Annotations(ctx, d, "")
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range anns {
			if _, seen := onServer[a.ID]; seen {
				dup++
			}
			onServer[a.ID] = a.Label
		}
	}
	known := map[string]bool{}
	for _, c := range r.clients {
		for id, label := range c.acked {
			known[id] = true
			if onServer[id] != label {
				lost++
				b.Logf("%s's span %s: acknowledged %q, on the server %q", c.name, id, label, onServer[id])
			}
		}
		for id := range c.gone {
			known[id] = true
			if label, ok := onServer[id]; ok {
				lost++
				b.Logf("%s's span %s: deletion acknowledged, on the server as %q", c.name, id, label)
			}
		}
		for id, states := range c.unsure {
			known[id] = true
			if got := onServer[id]; got != states[0] && got != states[1] {
				lost++
				b.Logf("%s's span %s: %q on the server, want %q or %q", c.name, id, got, states[0], states[1])
			}
		}
	}
	for id := range onServer {
		if !known[id] {
			dup++
			b.Logf("span %s on the server was never acknowledged to anyone", id)
		}
	}
	l, d := r.checkOther(b)
	return lost + l, dup + d
}
