package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// rawInserts runs an import's batch INSERTs on the driver's connection
// (database/sql's Conn.Raw), inside the import's transaction, which is
// open on that same connection. database/sql checks and converts each
// bound value (driverArgsConnLocked) and wraps each call in locks and
// retries; for the five million values of a million-span import that
// was a tenth of the writer's CPU (issue 14). The values here are the
// driver's own types already (int64, string, []byte, nil). The driver's
// statements are prepared, used and closed only inside Raw, as database/sql
// requires, and the transaction's own statements never run at the same
// time (one goroutine writes).
type rawInserts struct {
	conn   *sql.Conn
	stmts  map[rawKey]driver.Stmt
	status driver.Stmt // SELECT changes(), last_insert_rowid()
	named  []driver.NamedValue
	dest   [2]driver.Value
}

// rawKey names a batch statement: insertUniform or insertValues, of n rows.
type rawKey struct {
	uniform bool
	n       int
}

// execBatch runs the batch INSERT of n rows (insertUniform when uniform,
// else insertValues) with st.args, and returns the rows inserted and the
// last rowid.
func (st *importStmts) execBatch(ctx context.Context, tx *sql.Tx, uniform bool, n int) (affected, lastID int64, err error) {
	if st.raw != nil {
		return st.raw.exec(ctx, uniform, n, st.args)
	}
	var stmt *sql.Stmt
	if uniform {
		if stmt = st.uniformStmts[n]; stmt == nil {
			if stmt, err = tx.PrepareContext(ctx, insertUniform(n)); err != nil {
				return 0, 0, err
			}
			st.uniformStmts[n] = stmt
		}
	} else if stmt = st.full; n != importBatch {
		if stmt = st.partial[n]; stmt == nil {
			if stmt, err = tx.PrepareContext(ctx, insertValues(n)); err != nil {
				return 0, 0, err
			}
			st.partial[n] = stmt
		}
	}
	r, err := stmt.ExecContext(ctx, st.args...)
	if err != nil {
		return 0, 0, err
	}
	if affected, err = r.RowsAffected(); err != nil {
		return 0, 0, err
	}
	lastID, err = r.LastInsertId()
	return affected, lastID, err
}

func (ri *rawInserts) exec(ctx context.Context, uniform bool, n int, args []any) (affected, lastID int64, err error) {
	ri.named = ri.named[:0]
	for i, v := range args {
		ri.named = append(ri.named, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	err = ri.conn.Raw(func(dc any) error {
		key := rawKey{uniform, n}
		stmt := ri.stmts[key]
		if stmt == nil {
			q := insertValues(n)
			if uniform {
				q = insertUniform(n)
			}
			var err error
			if stmt, err = rawPrepare(ctx, dc, q); err != nil {
				return err
			}
			ri.stmts[key] = stmt
		}
		if err := rawRun(ctx, stmt, ri.named, nil); err != nil {
			return err
		}
		// The INSERT's row count and last rowid, read in one more
		// crossing (see rawRun for why the INSERT went as a query).
		if ri.status == nil {
			var err error
			if ri.status, err = rawPrepare(ctx, dc, `SELECT changes(), last_insert_rowid()`); err != nil {
				return err
			}
		}
		dest := ri.dest[:]
		if err := rawRun(ctx, ri.status, nil, dest); err != nil {
			return err
		}
		var ok1, ok2 bool
		affected, ok1 = dest[0].(int64)
		lastID, ok2 = dest[1].(int64)
		if !ok1 || !ok2 {
			return fmt.Errorf("the SQLite driver returned %T, %T for changes(), last_insert_rowid()", dest[0], dest[1])
		}
		return nil
	})
	return affected, lastID, err
}

// rawPrepare prepares q on the driver's connection dc.
func rawPrepare(ctx context.Context, dc any, q string) (driver.Stmt, error) {
	pc, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("the SQLite driver (%T) cannot prepare statements directly", dc)
	}
	return pc.PrepareContext(ctx, q)
}

// rawRun runs stmt with args as a query and, when dest is not nil, reads
// its first row into dest. A statement run as a query is bound and
// stepped in a single cgo crossing by go-sqlite3 (its fused bind-and-step
// path, with text copied into one C buffer and bound without SQLite's
// copy), where Exec binds each of a 100-row INSERT's 500 values with a
// crossing of its own: 0.7 of the articles import's 4.4 CPU-s went to
// binding (issue 14). An INSERT without RETURNING runs to completion in
// that first step.
func rawRun(ctx context.Context, stmt driver.Stmt, args []driver.NamedValue, dest []driver.Value) error {
	q, ok := stmt.(driver.StmtQueryContext)
	if !ok {
		return fmt.Errorf("the SQLite driver's statement (%T) cannot run directly", stmt)
	}
	rows, err := q.QueryContext(ctx, args)
	if err != nil {
		return err
	}
	if dest != nil {
		if err := rows.Next(dest); err != nil {
			rows.Close()
			return fmt.Errorf("read the statement's row: %w", err)
		}
	}
	return rows.Close()
}

// close closes the driver's statements, on the connection they belong to.
func (ri *rawInserts) close() {
	if len(ri.stmts) == 0 && ri.status == nil {
		return
	}
	ri.conn.Raw(func(any) error {
		for _, s := range ri.stmts {
			s.Close()
		}
		if ri.status != nil {
			ri.status.Close()
		}
		return nil
	})
	clear(ri.stmts)
	ri.status = nil
}
