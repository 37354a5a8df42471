package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/margin-app/margin/storage/storecore"
)

// sqlQuerier runs storecore's SQL on the database or a transaction: ?
// placeholders as they are, times as RFC 3339 text, annotation ids as
// 16-byte keys (idKey, scanID), JSON columns as text already.
type sqlQuerier struct{ q sqlHandle }

// sqlHandle is the database or a transaction.
type sqlHandle interface {
	queryer
	rowsQueryer
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var _ storecore.Querier = sqlQuerier{}

func (q sqlQuerier) QueryRow(ctx context.Context, query string, args ...any) storecore.Row {
	return noRows{q.q.QueryRowContext(ctx, query, args...)}
}

func (q sqlQuerier) QueryEach(ctx context.Context, query string, args []any, fn func(storecore.Row) error) error {
	return eachRow(ctx, q.q, query, args, func(rows *sql.Rows) error { return fn(rows) })
}

func (q sqlQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	r, err := q.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (sqlQuerier) TimeArg(t time.Time) any    { return t.Format(time.RFC3339Nano) }
func (sqlQuerier) Time(to *time.Time) any     { return scanTime{to} }
func (sqlQuerier) Key(to *string) any         { return scanID{to} }
func (sqlQuerier) KeyArg(id string) any       { return idKey(id) }
func (sqlQuerier) JSONText(col string) string { return col }

// ForUpdate: a write transaction here holds the whole file (_txlock=immediate).
func (sqlQuerier) ForUpdate() string { return "" }

// noRows maps database/sql's "no rows" to storecore's.
type noRows struct{ row *sql.Row }

func (r noRows) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return storecore.ErrNoRows
	}
	return err
}

// scanTime is a Scan destination for a time kept as RFC 3339 text.
type scanTime struct{ t *time.Time }

func (d scanTime) Scan(v any) error {
	switch v := v.(type) {
	case string:
		*d.t = parseTime(v)
	case []byte:
		*d.t = parseTime(string(v))
	default:
		return fmt.Errorf("time: unexpected %T", v)
	}
	return nil
}
