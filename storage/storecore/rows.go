package storecore

import (
	"context"
	"errors"
	"time"
)

// Row is one result row of either driver (database/sql's *sql.Row and
// *sql.Rows, pgx's Row and Rows).
type Row interface {
	Scan(dest ...any) error
}

// ErrNoRows is what a Querier's QueryRow returns (from Scan) when the
// query found no row, whatever the driver's own error for it.
var ErrNoRows = errors.New("no rows in result set")

// Querier runs the SQL this package writes, in a store's database or
// transaction. The SQL uses ? placeholders, which a store whose driver
// numbers them ($1, $2) rewrites, and no ? anywhere else. The column
// hooks say how the store's column types read into Go.
type Querier interface {
	QueryRow(ctx context.Context, query string, args ...any) Row
	// QueryEach runs query and calls fn for every row. It returns the first
	// error of the query, of fn, of the iteration or of closing the rows:
	// a loop that ended early can never pass for a complete result.
	QueryEach(ctx context.Context, query string, args []any, fn func(Row) error) error
	// Exec runs a statement and returns the number of rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)

	// Time is a Scan destination for a time column (SQLite keeps RFC 3339
	// text, PostgreSQL timestamptz): the time read, in UTC where the
	// store keeps it so.
	Time(to *time.Time) any
	// TimeArg is a time as a query argument of a time column.
	TimeArg(t time.Time) any
	// Key is a Scan destination for an annotation id column, KeyArg an
	// annotation id as a query argument (SQLite keeps them as 16-byte
	// keys).
	Key(to *string) any
	KeyArg(id string) any
	// JSONText is column col, a JSON column, as text.
	JSONText(col string) string
	// ForUpdate is the clause that locks the rows a query reads until
	// the transaction ends ("" where a write transaction already holds
	// the whole database).
	ForUpdate() string
}
