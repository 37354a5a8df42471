//go:build !unix

package storage

// removeUnusedSidecars cannot tell here whether another process uses the
// -wal and -shm, so they stay.
func removeUnusedSidecars(path string) {}
