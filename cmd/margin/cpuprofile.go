package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of a batch command (import,
// export, merge, ...) to $MARGIN_CPUPROFILE when that is set, so the real
// binary can be profiled the way a user runs it (BENCHMARKS.md); the
// returned func stops it. A profile that cannot be started is reported
// and the command runs without one.
func startCPUProfile() (stop func()) {
	path := os.Getenv("MARGIN_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "margin: MARGIN_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fmt.Fprintln(os.Stderr, "margin: MARGIN_CPUPROFILE:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
