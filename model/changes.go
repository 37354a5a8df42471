package model

import (
	"context"
	"errors"
)

// A team project (PostgreSQL) tells an open window what colleagues
// changed, so that it reloads just that, within a second (issue 17). The
// store implements ChangeNotifier; the window subscribes when it can.

// ChangeKind says what sort of item a Change is about.
type ChangeKind string

const (
	ChangeAnnotation ChangeKind = "annotation"
	ChangeRelation   ChangeKind = "relation"
	ChangeStatus     ChangeKind = "status"
	ChangeDocLabel   ChangeKind = "doclabel"
	ChangeVerdict    ChangeKind = "verdict"
	ChangeDocument   ChangeKind = "document" // documents added or removed
	ChangeSchema     ChangeKind = "schema"
	// ChangeAll: changes may have been missed (the connection came back
	// after a loss, or one transaction changed many documents): reload
	// everything shown.
	ChangeAll ChangeKind = "all"
)

// Change is one committed change by another client: a kind of item in
// one document (DocID 0: not one document, or many) and layer ("" when
// not about one layer).
type Change struct {
	DocID int64
	Kind  ChangeKind
	Layer string
}

// ChangeEvent is what a ChangeNotifier delivers: the changes committed
// since the last event, or a change in the connection that carries them.
type ChangeEvent struct {
	Changes []Change
	// Online is false while the connection to the server is lost (and
	// being re-established); the event that says it is back carries a
	// ChangeAll, since changes made meanwhile were not seen.
	Online bool
	// Removed says the server no longer accepts this login although it
	// did: the member was removed from the team (margin team remove). No
	// event comes after it, and every write is refused.
	Removed bool
}

// ChangeNotifier is a store that pushes other clients' changes. The
// store's own writes (this process's handle) are not reported, so a
// window is not reloaded by its own edits.
type ChangeNotifier interface {
	// WatchChanges calls fn with each event, in order, on a goroutine of
	// the store's (never the caller's), until ctx ends or the store is
	// closed. The first event (Online true, no changes) comes once the
	// store listens.
	WatchChanges(ctx context.Context, fn func(ChangeEvent)) error
}

// ErrOffline is returned (wrapped) by a write that could not reach the
// server: the connection was lost before or during the commit. Whether a
// write lost during its commit was applied is unknown; a replay with the
// same edit id (WithEditID) tells.
var ErrOffline = errors.New("the server cannot be reached")

// ErrQueued is returned (wrapped) by a store that kept a write it could
// not send in an on-disk queue (storage/offlinequeue): not saved yet, but
// not lost either; it is sent when the connection returns. Callers treat
// it as success that must not be called "saved".
var ErrQueued = errors.New("queued until the server can be reached")

// ErrAlreadyApplied is returned (wrapped) for a write whose edit id
// (WithEditID) the server already recorded: a replay of a write whose
// commit did happen. Nothing was written a second time.
var ErrAlreadyApplied = errors.New("this edit was already applied")

type editIDKey struct{}

// WithEditID names the write made with ctx by a client-generated id, so
// that a store that records ids (PostgreSQL) applies it at most once.
func WithEditID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, editIDKey{}, id)
}

// EditID is the id WithEditID put in ctx, "" for none.
func EditID(ctx context.Context) string {
	id, _ := ctx.Value(editIDKey{}).(string)
	return id
}
