package storage

import (
	"context"
	"database/sql"
)

// rowsQueryer is what eachRow queries through: the database, a
// connection or a transaction.
type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query (a constant of the caller's; values go through args)
// and calls fn for every row. It returns the first error of the query, of
// fn, of the iteration (rows.Err) or of closing the rows: a loop that ended
// early because SQLite failed (a damaged page, an interrupted or
// out-of-memory statement) can never pass for a complete result. Every
// loop over rows in this package goes through it or scanRows.
func eachRow(ctx context.Context, q rowsQueryer, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, fn)
}

// scanRows is eachRow for rows already queried; it always closes them.
func scanRows(rows *sql.Rows, fn func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
