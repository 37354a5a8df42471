// Package pgtest gives tests a fresh PostgreSQL database each, on the
// server MARGIN_TEST_POSTGRES names (see .ci/postgres).
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ServerURL is the test server's URL (a role that may create databases
// and roles), from MARGIN_TEST_POSTGRES. Without it the tests fail: they
// are never skipped.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MARGIN_TEST_POSTGRES")
	if u == "" {
		t.Fatal("MARGIN_TEST_POSTGRES is not set. Start a private test server on loopback and export its URL:\n" +
			"    export MARGIN_TEST_POSTGRES=$(.ci/postgres start)\n" +
			"(needs PostgreSQL: apt-get install postgresql; `make test` does this itself; stop it with .ci/postgres stop)")
	}
	return u
}

var dbCounter atomic.Int64

// FreshDatabase creates an empty database for one test, dropped when the
// test ends, and returns its URL.
func FreshDatabase(t testing.TB) string {
	t.Helper()
	base := ServerURL(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test server %s: %v", redact(base), err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("margin_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, dbCounter.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(t, base, name)
}

// withDatabase is raw with its database replaced by name.
func withDatabase(t testing.TB, raw, name string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// DropRole removes a role a test created (roles belong to the whole
// server, not to the test's database): its privileges in the database
// raw names first, then the role. A role already gone is left alone.
func DropRole(t testing.TB, raw, role string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Error(err)
		return
	}
	defer c.Close(ctx)
	var exists bool
	if err := c.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil || !exists {
		return // dropped already (margin team remove), or the error is the test's
	}
	for _, q := range []string{"DROP OWNED BY ", "DROP ROLE "} {
		if _, err := c.Exec(ctx, q+pgx.Identifier{role}.Sanitize()); err != nil {
			t.Errorf("%s%s: %v", q, role, err)
		}
	}
}
