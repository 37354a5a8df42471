package editctl

import "errors"

// ErrClosed is reported for an edit made after Close.
var ErrClosed = errors.New("the edit queue is closed")

// WriteError is a failed write, reverted in the controller's state.
type WriteError struct {
	What string // the edit, as the status bar says it ("relabelled ACTOR")
	Err  error
}

func (e *WriteError) Error() string {
	if e.What == "" { // an edit that says nothing when it succeeds
		return e.Err.Error()
	}
	return "could not save " + e.What + ": " + e.Err.Error()
}
func (e *WriteError) Unwrap() error { return e.Err }
