package postgres

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

func sqlExec(t *testing.T, u, q string, args ...any) {
	t.Helper()
	c, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

// TestOpenRefusesForeignDatabasesUnchanged: an empty database, another
// application's, and a Margin project of a newer format are refused by
// Open, and Create refuses a database that has tables; none is changed.
func TestOpenRefusesForeignDatabasesUnchanged(t *testing.T) {
	ctx := context.Background()
	empty := pgtest.FreshDatabase(t)
	if _, err := Open(ctx, empty); !errors.Is(err, ErrNotProject) || !strings.Contains(err.Error(), "margin init") {
		t.Fatalf("empty database: %v", err)
	}
	other := pgtest.FreshDatabase(t)
	sqlExec(t, other, `CREATE TABLE invoices (id int PRIMARY KEY, total numeric)`)
	sqlExec(t, other, `INSERT INTO invoices VALUES (1, 9.5)`)
	if _, err := Open(ctx, other); !errors.Is(err, ErrNotProject) {
		t.Fatalf("another application's database: %v", err)
	}
	if _, err := Create(ctx, other); err == nil || !strings.Contains(err.Error(), "already has 1 tables") {
		t.Fatalf("create over another application's tables: %v", err)
	}
	c, err := pgx.Connect(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	var tables int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil || tables != 1 {
		t.Fatalf("the refused database now has %d tables (%v)", tables, err)
	}
	c.Close(ctx)

	newer := pgtest.FreshDatabase(t)
	db, err := Create(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	sqlExec(t, newer, `INSERT INTO margin_migrations (version, name, applied_at) VALUES ($1, 'from the future', now())`, len(migrationNames())+1)
	if _, err := Open(ctx, newer); err == nil || !strings.Contains(err.Error(), "newer version of Margin") {
		t.Fatalf("a newer project: %v", err)
	}
}

// TestCreateMakesTheDatabaseAndReopens: init on a URL whose database does
// not exist creates it; reopening applies nothing twice and keeps the
// data; a second Create is refused.
func TestCreateMakesTheDatabaseAndReopens(t *testing.T) {
	ctx := context.Background()
	base := pgtest.FreshDatabase(t) // the name is unique; its sibling is ours
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_new"
	u.Path = "/" + name
	t.Cleanup(func() { sqlExec(t, base, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)") })
	db, err := Create(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: "Kept."}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for i := 0; i < 2; i++ {
		db, err := Open(ctx, u.String())
		if err != nil {
			t.Fatal(err)
		}
		docs, err := db.Documents(ctx)
		db.Close()
		if err != nil || len(docs) != 1 {
			t.Fatalf("reopened: %+v %v", docs, err)
		}
	}
	if _, err := Create(ctx, u.String()); err == nil {
		t.Fatal("Create over an existing project succeeded")
	}
	if strings.Contains(Redact(base), "margin-test") {
		t.Fatalf("Redact kept the password: %s", Redact(base))
	}
}
