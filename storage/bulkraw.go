package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// rawInserts runs an import's batch INSERTs, and its statements per
// document, on the driver's connection (database/sql's Conn.Raw), inside
// the import's transaction, which is open on that same connection.
// database/sql checks and converts each bound value (driverArgsConnLocked)
// and wraps each call in locks and retries; for the five million values
// of a million-span import that was a tenth of the writer's CPU (issue
// 14). A query on a transaction also starts a goroutine to watch the
// transaction's context (Rows.initContextClose): for the lookup of each
// document by its hash that was 10,000 goroutines per import, and a third
// of its thread switches. The values here are the driver's own types
// already (int64, string, []byte, nil). The driver's statements are
// prepared, used and closed only inside Raw, as database/sql requires,
// and the transaction's own statements never run at the same time (one
// goroutine writes).
type rawInserts struct {
	conn     *sql.Conn
	stmts    map[string]driver.Stmt // by query text
	batchSQL map[rawKey]string      // insertUniform/insertValues, by shape
	named    []driver.NamedValue
	dest     [2]driver.Value
}

// Statements an import runs through rawInserts besides the batch INSERTs.
const (
	rawStatus    = `SELECT changes(), last_insert_rowid()`
	rawDocBySum  = `SELECT id FROM documents WHERE sha256 = ?`
	rawDocInsert = `INSERT INTO documents (name, text, sha256, length, source, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	rawHistory   = `INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES (?, ?, ?, 'create', 'import', ?, ?, NULL, '{}')`
)

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
		key := rawKey{uniform, n}
		q, ok := st.raw.batchSQL[key]
		if !ok { // built once per shape: with fmt, 100 rows' SQL was a tenth of the writer's time
			if q = insertValues(n); uniform {
				q = insertUniform(n)
			}
			st.raw.batchSQL[key] = q
		}
		return st.raw.exec(ctx, q, st.args)
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

// docBySum is the id of the document whose text has SHA-256 sum, if any.
func (st *importStmts) docBySum(ctx context.Context, sum string) (id int64, found bool, err error) {
	if st.raw == nil {
		err = st.docBySumStmt.QueryRowContext(ctx, sum).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return id, err == nil, err
	}
	found, err = st.raw.one(ctx, rawDocBySum, []any{sum}, &id)
	return id, found, err
}

// insertDoc inserts a document row and returns its id.
func (st *importStmts) insertDoc(ctx context.Context, args ...any) (int64, error) {
	return st.insertReturning(ctx, st.docInsert, rawDocInsert, args)
}

// insertHistory writes a document's import history row for one annotator
// and returns its seq.
func (st *importStmts) insertHistory(ctx context.Context, args ...any) (int64, error) {
	return st.insertReturning(ctx, st.history, rawHistory, args)
}

// insertReturning runs an INSERT of one row with args, through the
// driver (rawQ) when the import has a connection of its own, else as
// stmt, and returns the new row's rowid. (Not INSERT ... RETURNING: in
// a profile of the articles import the two per-document INSERTs took
// 0.99 s with it and 0.44 s without.)
func (st *importStmts) insertReturning(ctx context.Context, stmt *sql.Stmt, rawQ string, args []any) (int64, error) {
	if st.raw != nil {
		_, id, err := st.raw.exec(ctx, rawQ, args)
		return id, err
	}
	r, err := stmt.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

// bind sets ri.named to args.
func (ri *rawInserts) bind(args []any) []driver.NamedValue {
	ri.named = ri.named[:0]
	for i, v := range args {
		ri.named = append(ri.named, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	return ri.named
}

// exec runs q (an INSERT) with args and returns the rows it inserted and
// the last rowid.
func (ri *rawInserts) exec(ctx context.Context, q string, args []any) (affected, lastID int64, err error) {
	named := ri.bind(args)
	err = ri.conn.Raw(func(dc any) error {
		stmt, err := ri.stmt(ctx, dc, q)
		if err != nil {
			return err
		}
		if _, err := rawRun(ctx, stmt, named, nil); err != nil {
			return err
		}
		// The INSERT's row count and last rowid, read in one more
		// crossing (see rawRun for why the INSERT went as a query).
		status, err := ri.stmt(ctx, dc, rawStatus)
		if err != nil {
			return err
		}
		dest := ri.dest[:]
		if ok, err := rawRun(ctx, status, nil, dest); err != nil {
			return err
		} else if !ok {
			return errors.New("SELECT changes() returned no row")
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

// one runs query q with args and reads the integer in the first column of
// its first row into v; found is false when there is no row.
func (ri *rawInserts) one(ctx context.Context, q string, args []any, v *int64) (found bool, err error) {
	named := ri.bind(args)
	err = ri.conn.Raw(func(dc any) error {
		stmt, err := ri.stmt(ctx, dc, q)
		if err != nil {
			return err
		}
		dest := ri.dest[:1]
		if found, err = rawRun(ctx, stmt, named, dest); err != nil || !found {
			return err
		}
		var ok bool
		if *v, ok = dest[0].(int64); !ok {
			return fmt.Errorf("the SQLite driver returned %T where an integer belongs", dest[0])
		}
		return nil
	})
	return found, err
}

// stmt is the driver statement for q, prepared on dc the first time.
func (ri *rawInserts) stmt(ctx context.Context, dc any, q string) (driver.Stmt, error) {
	if s := ri.stmts[q]; s != nil {
		return s, nil
	}
	s, err := rawPrepare(ctx, dc, q)
	if err != nil {
		return nil, err
	}
	ri.stmts[q] = s
	return s, nil
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
// its first row into dest (found false: there was none). A statement run
// as a query is bound and stepped in a single cgo crossing by go-sqlite3
// (its fused bind-and-step path, with text copied into one C buffer and
// bound without SQLite's copy), where Exec binds each of a 100-row
// INSERT's 500 values with a crossing of its own: 0.7 of the articles
// import's 4.4 CPU-s went to binding (issue 14). An INSERT runs to
// completion in that first step.
func rawRun(ctx context.Context, stmt driver.Stmt, args []driver.NamedValue, dest []driver.Value) (found bool, err error) {
	q, ok := stmt.(driver.StmtQueryContext)
	if !ok {
		return false, fmt.Errorf("the SQLite driver's statement (%T) cannot run directly", stmt)
	}
	rows, err := q.QueryContext(ctx, args)
	if err != nil {
		return false, err
	}
	if dest != nil {
		switch err := rows.Next(dest); {
		case err == nil:
			found = true
		case errors.Is(err, io.EOF):
		default:
			rows.Close()
			return false, fmt.Errorf("read the statement's row: %w", err)
		}
	}
	return found, rows.Close()
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
