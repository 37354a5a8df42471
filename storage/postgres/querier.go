package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/margin-app/margin/storage/storecore"
)

// pgQuerier runs storecore's SQL on the pool or a transaction: ?
// placeholders numbered ($1, $2), timestamptz read in UTC, ids as the
// text they are, JSON columns cast to text, rows locked with FOR UPDATE.
type pgQuerier struct{ q pgHandle }

// pgHandle is the pool or a transaction.
type pgHandle interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

var _ storecore.Querier = pgQuerier{}

func (q pgQuerier) QueryRow(ctx context.Context, query string, args ...any) storecore.Row {
	return noRows{q.q.QueryRow(ctx, numbered(query), args...)}
}

func (q pgQuerier) QueryEach(ctx context.Context, query string, args []any, fn func(storecore.Row) error) error {
	rows, err := q.q.Query(ctx, numbered(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (q pgQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, numbered(query), args...)
	return tag.RowsAffected(), err
}

func (pgQuerier) TimeArg(t time.Time) any    { return t }
func (pgQuerier) Time(to *time.Time) any     { return utcTime{to} }
func (pgQuerier) Key(to *string) any         { return to }
func (pgQuerier) KeyArg(id string) any       { return id }
func (pgQuerier) JSONText(col string) string { return col + "::text" }
func (pgQuerier) ForUpdate() string          { return " FOR UPDATE" }

// numbered rewrites storecore's ? placeholders as $1, $2, ...: its SQL
// has no ? anywhere else (no string literal holds one).
func numbered(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

// noRows maps pgx's "no rows" to storecore's.
type noRows struct{ row pgx.Row }

func (r noRows) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return storecore.ErrNoRows
	}
	return err
}

// utcTime is a Scan destination for a timestamptz, read in UTC.
type utcTime struct{ t *time.Time }

func (d utcTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		return fmt.Errorf("time: NULL where a time belongs")
	}
	*d.t = v.Time.UTC()
	return nil
}
