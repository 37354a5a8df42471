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
	conn  *sql.Conn
	stmts map[rawKey]driver.Stmt
	named []driver.NamedValue
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
			pc, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("the SQLite driver (%T) cannot prepare statements directly", dc)
			}
			q := insertValues(n)
			if uniform {
				q = insertUniform(n)
			}
			var err error
			if stmt, err = pc.PrepareContext(ctx, q); err != nil {
				return err
			}
			ri.stmts[key] = stmt
		}
		ex, ok := stmt.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("the SQLite driver's statement (%T) cannot execute directly", stmt)
		}
		r, err := ex.ExecContext(ctx, ri.named)
		if err != nil {
			return err
		}
		if affected, err = r.RowsAffected(); err != nil {
			return err
		}
		lastID, err = r.LastInsertId()
		return err
	})
	return affected, lastID, err
}

// close closes the driver's statements, on the connection they belong to.
func (ri *rawInserts) close() {
	if len(ri.stmts) == 0 {
		return
	}
	ri.conn.Raw(func(any) error {
		for _, s := range ri.stmts {
			s.Close()
		}
		return nil
	})
	clear(ri.stmts)
}
