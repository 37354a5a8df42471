package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// errLongWay says a one-trip edit could not be made in one trip (the
// client does not know the row's stored state, or the row was changed
// since it last wrote it): nothing was written, and the edit is done the
// long way, reading the row in its transaction first.
var errLongWay = errors.New("edit needs the row read first")

// sendOneTrip commits p's statements (a whole edit: its write, the
// person's lock and redo drop, its history row) in one round trip:
//
//	BEGIN; SET LOCAL margin.defer_changes; [edit id]; p...; COMMIT; margin_flush_changes()
//
// (the SET LOCAL goes with the person's lock when p starts with it)
//
// The edit's live notifications are kept by the triggers until its
// commit and sent after it, in a transaction of their own (migration
// 007_edit_commit): a NOTIFY in the edit's own transaction would hold the
// cluster-wide notification lock through the commit's fsync and
// serialize every person's edits. A statement that fails undoes the
// whole transaction; the edit-id record and a guarded write's miss
// (errLongWay) are told apart. A notification that fails to go out after
// the commit does not fail the edit (it stays pending in the session and
// goes with the next one).
func (s *DB) sendOneTrip(ctx context.Context, p *pipeline) error {
	if p.err != nil {
		return p.err
	}
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	queued := p.b.QueuedQueries
	if len(queued) > 0 && queued[0].SQL == lockPersonSQL {
		// The person's lock and the deferral in one statement: one
		// statement less per edit.
		b.Queue(lockPersonDeferSQL, queued[0].Arguments...)
		queued = queued[1:]
	} else {
		b.Queue(`SET LOCAL margin.defer_changes = 'on'`)
	}
	editID := model.EditID(ctx)
	if editID != "" {
		// Before the writes, as in tx: a second send breaks the id's
		// key and the server applies none of the edit.
		b.Queue(`INSERT INTO margin_edits (id) VALUES ($1)`, editID)
	}
	b.QueuedQueries = append(b.QueuedQueries, queued...)
	commit := b.Len()
	b.Queue(`COMMIT`)
	b.Queue(`SELECT margin_flush_changes()`)

	err := s.oneTrip(ctx, b, commit)
	if err != nil && pgconn.SafeToRetry(err) {
		// A pooled connection the server had ended: nothing was sent.
		err = s.oneTrip(ctx, b, commit)
	}
	switch {
	case err == nil:
		return nil
	case editID != "" && editAlreadyRecorded(err):
		return fmt.Errorf("edit %s: %w", editID, model.ErrAlreadyApplied)
	case guardMissed(err):
		return errLongWay
	}
	return s.wrap(err)
}

// oneTrip sends b on one connection and returns the first error of the
// statements up to and including the COMMIT (index commit).
func (s *DB) oneTrip(ctx context.Context, b *pgx.Batch, commit int) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	br := conn.SendBatch(ctx, b)
	var first error
	for i := 0; i <= commit; i++ {
		if _, err := br.Exec(); err != nil && first == nil {
			first = err
		}
	}
	if first == nil {
		// Committed: the flush's result is read but cannot fail the edit.
		_, _ = br.Exec()
	}
	_ = br.Close() // its error is the first statement's
	if first == nil {
		return nil
	}
	// The failed statement left the explicit transaction open and
	// aborted: end it, so that the connection goes back to the pool
	// usable (the pool closes one left in a transaction).
	if !conn.Conn().IsClosed() && conn.Conn().PgConn().TxStatus() != 'I' {
		_, _ = conn.Exec(ctx, `ROLLBACK`)
	}
	return first
}

// lockPersonDeferSQL is lockPersonSQL that also sets
// margin.defer_changes for the transaction.
const lockPersonDeferSQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 17)), set_config('margin.defer_changes', 'on', true)`

// guardMissed reports whether err is margin_expect_one's (007_edit_commit).
func guardMissed(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "MG001"
}
