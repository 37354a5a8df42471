package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// serverSettings sets the team benchmark's WAL flush grouping on its
// private server from MARGIN_BENCH_PG_COMMIT_DELAY (microseconds, default
// 0: PostgreSQL's) and MARGIN_BENCH_PG_COMMIT_SIBLINGS (default 5),
// always, so that one run's setting does not stay for the next (ALTER
// SYSTEM keeps it in the data directory). A lab's administrator may set
// them; Margin's client depends on neither.
func serverSettings(b *testing.B, c *pgx.Conn) {
	ctx := context.Background()
	delay, siblings := os.Getenv("MARGIN_BENCH_PG_COMMIT_DELAY"), os.Getenv("MARGIN_BENCH_PG_COMMIT_SIBLINGS")
	if delay == "" {
		delay = "0"
	}
	if siblings == "" {
		siblings = "5"
	}
	d, err1 := strconv.Atoi(delay)
	n, err2 := strconv.Atoi(siblings)
	if err := errors.Join(err1, err2); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{fmt.Sprintf(`ALTER SYSTEM SET commit_delay = %d`, d),
		fmt.Sprintf(`ALTER SYSTEM SET commit_siblings = %d`, n), `SELECT pg_reload_conf()`} {
		if _, err := c.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("commit_delay %s µs, commit_siblings %s", delay, siblings)
}

// statementCosts, with MARGIN_BENCH_PG_STATEMENTS=1 on a private server
// started with pg_stat_statements preloaded (ALTER SYSTEM SET
// shared_preload_libraries = 'pg_stat_statements', then a restart), resets
// the server's statement and function statistics; the function it
// returns logs, after the run, where the server's time went: statements
// (nested ones, triggers' included; summed over the roles) and PL/pgSQL functions by total time.
func statementCosts(b *testing.B, c *pgx.Conn) func(owner *DB) {
	if os.Getenv("MARGIN_BENCH_PG_STATEMENTS") != "1" {
		return func(*DB) {}
	}
	ctx := context.Background()
	for _, q := range []string{`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`,
		`ALTER SYSTEM SET pg_stat_statements.track = 'all'`, `ALTER SYSTEM SET track_functions = 'pl'`, `SELECT pg_reload_conf()`} {
		if _, err := c.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // the reload reaches the backends
	for _, q := range []string{`SELECT pg_stat_statements_reset()`, `SELECT pg_stat_reset_shared('wal')`} {
		if _, err := c.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	// Function statistics are the database's: the run's is fresh.
	return func(owner *DB) {
		var records, fpi, bytes, syncs int64
		if err := c.QueryRow(ctx, `SELECT wal_records, wal_fpi, wal_bytes::bigint, wal_sync FROM pg_stat_wal`).Scan(&records, &fpi, &bytes, &syncs); err == nil && syncs > 0 {
			b.Logf("WAL: %d records, %d full-page images, %d bytes, %d flushes: %d bytes per flush", records, fpi, bytes, syncs, bytes/syncs)
		}
		rows, err := c.Query(ctx, `SELECT sum(calls)::bigint, sum(total_exec_time), sum(total_exec_time) / sum(calls), max(max_exec_time), left(regexp_replace(query, '\s+', ' ', 'g'), 150) q
			FROM pg_stat_statements GROUP BY q ORDER BY 2 DESC LIMIT 25`)
		if err != nil {
			b.Log(err)
			return
		}
		for rows.Next() {
			var calls int64
			var sum, mean, max float64
			var q string
			if err := rows.Scan(&calls, &sum, &mean, &max, &q); err != nil {
				b.Log(err)
				break
			}
			b.Logf("%8d calls %9.0f ms  mean %.3f  max %7.2f ms  %s", calls, sum, mean, max, q)
		}
		rows.Close()
		rows, err = owner.pool.Query(ctx, `SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions ORDER BY self_time DESC LIMIT 10`)
		if err != nil {
			b.Log(err)
			return
		}
		for rows.Next() {
			var name string
			var calls int64
			var tot, self float64
			if err := rows.Scan(&name, &calls, &tot, &self); err != nil {
				b.Log(err)
				break
			}
			b.Logf("function %-28s %8d calls  total %8.0f ms  self %8.0f ms", name, calls, tot, self)
		}
		rows.Close()
	}
}

// cpuMeter reads the CPU time the private server and this process (the
// clients) use during a run.
type cpuMeter struct {
	b              *testing.B
	server         *pgtest.Private
	server0, self0 time.Duration
}

func startCPU(b *testing.B, server *pgtest.Private) *cpuMeter {
	m := &cpuMeter{b: b, server: server}
	var err error
	if m.server0, err = server.CPU(); err != nil {
		b.Logf("server CPU not measured: %v", err)
		m.server = nil
	}
	m.self0 = selfCPU()
	return m
}

// report gives the server's and the client's CPU per acknowledged edit
// (the client's includes the benchmark's own goroutines).
func (m *cpuMeter) report(edits int) {
	if edits == 0 {
		return
	}
	per := func(d time.Duration) float64 { return float64(d) / float64(edits) / float64(time.Millisecond) }
	m.b.ReportMetric(per(selfCPU()-m.self0), "client-cpu-ms/edit")
	if m.server == nil {
		return
	}
	s, err := m.server.CPU()
	if err != nil {
		m.b.Logf("server CPU not measured: %v", err)
		return
	}
	m.b.ReportMetric(per(s-m.server0), "server-cpu-ms/edit")
}

// selfCPU is this process's user and system CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
