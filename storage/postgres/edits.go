package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// recordingEdit is fn preceded by recording the edit id in margin_edits
// (migration 003) in the same transaction. An id already there is an
// edit already applied (its first send committed though the client did
// not hear so): nothing is written and model.ErrAlreadyApplied returned.
func recordingEdit(ctx context.Context, id string, fn func(pgx.Tx) error) func(pgx.Tx) error {
	return func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO margin_edits (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, id)
		if err != nil {
			return fmt.Errorf("record edit %s: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("edit %s: %w", id, model.ErrAlreadyApplied)
		}
		return fn(tx)
	}
}

// editAlreadyRecorded reports whether err is the unique violation of an
// edit id already in margin_edits (a batch's first statement).
func editAlreadyRecorded(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.TableName == "margin_edits"
}

// connectionLost tells a write that did not reach the server, or whose
// connection broke before the commit's answer, from one the server
// answered with an error: only the first kind may be queued and sent
// again.
func connectionLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P03": // admin_shutdown (restart, pg_terminate_backend), crash_shutdown, cannot_connect_now
			return true
		}
		return len(pgErr.Code) == 5 && pgErr.Code[:2] == "08" // connection_exception
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	}
	// A pool connection found closed ("conn closed") before anything was
	// sent is safe to send again.
	return pgconn.SafeToRetry(err)
}
