package storage

import "github.com/margin-app/margin/internal/unlock"

// unlocked runs fn off the caller's goroutine, which may be locked to its
// OS thread (unlock.Do).
func unlocked(fn func() error) error { return unlock.Do(fn) }
