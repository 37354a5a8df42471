//go:build unix

package formats

import "syscall"

// openNoBlock keeps open(2) from waiting for a writer when a named pipe
// replaced a checked file; on regular files it has no effect.
const openNoBlock = syscall.O_NONBLOCK
