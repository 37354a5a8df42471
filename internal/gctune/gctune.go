// Package gctune sets Go's garbage collector (and the number of Ps, see
// BatchMinProcs) for Margin's batch commands (import, export, merge,
// agreement on the command line, and the benchmarks that measure them).
//
// A bulk import or export keeps a small live heap (a few documents in
// flight, 20-30 MB) while it allocates gigabytes of short-lived parsed
// rows. With Go's default GOGC=100 the collector then runs every few
// megabytes, hundreds of times, and on a 2-core machine it competes with
// the parser and the SQLite writer for the same cores: GOGC=400 made the
// 1M-span import 15-20% faster and the export 20-25% faster, with peak
// resident memory going from 113 MB to 125 MB (BENCHMARKS.md). A soft
// memory limit keeps a large live heap (a big merge, say) from growing
// five-fold before it is collected.
//
// Only mains call Batch, since it sets process-wide runtime parameters.
// The window keeps Go's defaults while it holds documents for hours, and
// uses the batch settings only while an import, export, merge or agreement
// runs (Scope): with the defaults those were 25-40% slower.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// BatchGCPercent is the GOGC that Batch sets.
const BatchGCPercent = 400

// BatchMemoryLimit is the soft memory limit that Batch sets: past it the
// collector runs as often as it must, whatever GOGC says.
const BatchMemoryLimit = 1 << 30

// BatchMinProcs is the fewest Ps (GOMAXPROCS) that Batch leaves a bulk
// pipeline, whatever the number of cores. An import's reader, preparer and
// SQLite writer, or an export's two readers, document walk and writer, are
// each busy at once, and the SQLite stages spend most of their time in C:
// with a P per core (2 here), a stage returning from SQLite kept waiting
// for a P, which Go's scheduler had handed to another stage meanwhile,
// and on a loaded machine that wait was most of the wall time. A
// 1M-span import at load 18-23 took 21-25 s with GOMAXPROCS=2 and 9-15 s
// with 3 or 4, for about the same CPU (issue 14, BENCHMARKS.md). The
// cores are still shared by the operating system as before.
const BatchMinProcs = 4

// Batch tunes the collector and the scheduler for a batch command and
// returns a func that puts back the previous settings (for a benchmark
// that runs among others; mains need not call it). A GOGC, GOMEMLIMIT or
// GOMAXPROCS set in the environment wins, so a user (or a profile run)
// can still choose.
func Batch() (restore func()) {
	percent, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(percent)
	procs := runtime.GOMAXPROCS(0)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(BatchGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(BatchMemoryLimit)
	}
	if os.Getenv("GOMAXPROCS") == "" && procs < BatchMinProcs {
		runtime.GOMAXPROCS(BatchMinProcs)
	}
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		if runtime.GOMAXPROCS(0) != procs {
			runtime.GOMAXPROCS(procs)
		}
	}
}

// Scope applies Batch while at least one bulk operation runs, for a
// process that also does other work (the window): operations may overlap,
// and the settings from before the first are put back after the last.
// The zero value is ready to use.
type Scope struct {
	mu      sync.Mutex
	n       int
	restore func()
}

// Enter starts a bulk operation; call the returned func when it ends (once;
// further calls do nothing).
func (s *Scope) Enter() (leave func()) {
	s.mu.Lock()
	if s.n == 0 {
		s.restore = Batch()
	}
	s.n++
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.n--; s.n == 0 {
				s.restore()
			}
		})
	}
}
