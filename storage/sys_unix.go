//go:build unix

package storage

import (
	"errors"
	"syscall"
)

// processRuns says whether a process pid exists on this computer (signal
// 0 checks without sending anything; EPERM: it exists, as another user's).
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// dirWritable says whether files can be created in dir: access(2) answers
// for the file system (EROFS, even for root) and the permissions, without
// creating or opening anything.
func dirWritable(dir string) bool {
	return syscall.Access(dir, 2 /* W_OK */) == nil
}
