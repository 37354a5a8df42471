package postgres

import (
	"context"
	_ "embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

//go:embed harden/harden.sql
var hardenSQL string

// ErrNeedsSuperuser is returned by Harden for a role that is no superuser.
var ErrNeedsSuperuser = errors.New("needs a superuser")

// Harden takes PostgreSQL's statistics views and size functions from the
// team in the project's database (harden/harden.sql): what blind mode's
// row-level security cannot hide (counts of colleagues' inserts, commits,
// sessions). Only a superuser may: rawURL is a superuser's URL of the
// project's database. It changes nothing else, and running it again
// changes nothing.
func Harden(ctx context.Context, rawURL string) error {
	name := Redact(rawURL)
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		return fmt.Errorf("harden %s: %w", name, err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, hardenSQL)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "42501":
		return fmt.Errorf("harden %s: %w: %s (connect as the server's superuser, e.g. postgres)", name, ErrNeedsSuperuser, pgErr.Message)
	case errors.As(err, &pgErr) && pgErr.Code == "42P01":
		return fmt.Errorf("harden %s: %w: %s", name, ErrNotProject, pgErr.Message)
	case err != nil:
		return fmt.Errorf("harden %s: %w", name, err)
	}
	return nil
}
