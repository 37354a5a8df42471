package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/margin-app/margin/model"
)

// rawRows runs the query q on a connection of its own and calls row with
// the driver's values of each row, without database/sql's Rows.Scan:
// converting and assigning each of an annotation's 13 columns through
// reflection was a quarter of the export reader's CPU (BENCHMARKS.md,
// issue 14). row must not keep the slice; the values in it are fresh
// for every row (go-sqlite3 copies text and blobs out of SQLite).
func (s *DB) rawRows(ctx context.Context, q string, args []driver.Value, row func([]driver.Value) error) error {
	return s.withRawConn(ctx, func(qc driver.QueryerContext) error {
		return rawQuery(ctx, qc, q, args, row)
	})
}

// withRawConn calls fn with the driver's own connection of a connection
// taken from the pool for the call, for queries through rawQuery.
func (s *DB) withRawConn(ctx context.Context, fn func(driver.QueryerContext) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("the SQLite driver (%T) cannot run queries directly", dc)
		}
		return fn(qc)
	})
}

// rawQuery runs q on qc and calls row with the driver's values of each
// row (see rawRows).
func rawQuery(ctx context.Context, qc driver.QueryerContext, q string, args []driver.Value, row func([]driver.Value) error) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	rows, err := qc.QueryContext(ctx, q, named)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := row(dest); err != nil {
			return err
		}
	}
}

// annotationFromValues makes an annotation of the driver's values of a row
// of annotationRawCols or annotationLayerCols, as scanAnnotation would;
// a single fragment is cut from frags.
func annotationFromValues(v []driver.Value, h *histTimes, frags *fragBlock) (model.Annotation, error) {
	var a model.Annotation
	if len(v) != 13 {
		return a, fmt.Errorf("annotations: %d columns, want 13", len(v))
	}
	if err := (scanID{&a.ID}).Scan(v[0]); err != nil {
		return a, err
	}
	a.Annotator = h.layer
	if v[2] != nil { // annotationRawCols
		if err := assignValue(&a.Annotator, v[2]); err != nil {
			return a, fmt.Errorf("annotation %s, column 2: %w", a.ID, err)
		}
	}
	var start, end int64
	var hist sql.NullInt64
	var fragsCol, updated sql.NullString
	var attrs, created string
	var err error
	for _, c := range []struct {
		to  any
		col int
	}{{&a.DocID, 1}, {&a.Label, 3}, {&start, 4}, {&end, 5}, {&fragsCol, 6}, {&a.Text, 7}, {&attrs, 8}, {&a.Note, 9}, {&created, 10}, {&updated, 11}, {&hist, 12}} {
		if err = assignValue(c.to, v[c.col]); err != nil {
			return a, fmt.Errorf("annotation %s, column %d: %w", a.ID, c.col, err)
		}
	}
	if created, err = h.resolve(created, hist); err != nil {
		return a, err
	}
	err = completeAnnotation(&a, int(start), int(end), fragsCol, attrs, created, updated, &h.memo, frags)
	return a, err
}

// assignValue stores a driver value in one of the few destination types
// the annotation columns use, as Rows.Scan would for them, without
// reflection.
func assignValue(to any, v driver.Value) error {
	switch to := to.(type) {
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%T where an integer belongs", v)
		}
		*to = n
	case *string:
		switch v := v.(type) {
		case string:
			*to = v
		case []byte:
			*to = string(v)
		default:
			return fmt.Errorf("%T where text belongs", v)
		}
	case *sql.NullString:
		if v == nil {
			*to = sql.NullString{}
			return nil
		}
		to.Valid = true
		return assignValue(&to.String, v)
	case *sql.NullInt64:
		if v == nil {
			*to = sql.NullInt64{}
			return nil
		}
		to.Valid = true
		return assignValue(&to.Int64, v)
	default:
		return fmt.Errorf("no conversion to %T", to)
	}
	return nil
}
