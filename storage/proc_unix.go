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
