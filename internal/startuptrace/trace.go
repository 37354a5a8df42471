// Package startuptrace writes the time of each startup phase of the window
// (store opened, window built, list read, document read, text shown…) to
// stderr, when $MARGIN_TRACE_STARTUP is set, so that launch-to-text can be
// taken apart phase by phase (bench/gui.py sets it and reads the lines).
// Unset, Mark costs one boolean test.
package startuptrace

import (
	"fmt"
	"os"
	"sync"
	"time"
)

var (
	on = os.Getenv("MARGIN_TRACE_STARTUP") != ""
	// t0 is taken when the program's packages are initialised: the Go
	// runtime is up, main has not run yet.
	t0   = time.Now()
	mu   sync.Mutex
	seen = map[string]bool{}
)

// Mark writes "margin: startup +12.3 ms NAME" the first time NAME is
// marked; later marks of the same name are ignored (a phase of the first
// document, not of every document opened afterwards).
func Mark(name string) {
	if !on {
		return
	}
	d := time.Since(t0)
	mu.Lock()
	defer mu.Unlock()
	if seen[name] {
		return
	}
	seen[name] = true
	fmt.Fprintf(os.Stderr, "margin: startup +%.1f ms %s\n", float64(d.Microseconds())/1000, name)
}
