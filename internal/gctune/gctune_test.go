package gctune

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestBatchSetsTargetUnlessEnvironmentChose(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	})

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOMAXPROCS", "")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(512 << 20)
	restore := Batch()
	if got := runtime.GOMAXPROCS(0); got != BatchMinProcs {
		t.Errorf("GOMAXPROCS after Batch from 1 = %d, want %d", got, BatchMinProcs)
	}
	if got := debug.SetGCPercent(-1); got != BatchGCPercent {
		t.Errorf("GOGC after Batch = %d, want %d", got, BatchGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != BatchMemoryLimit {
		t.Errorf("memory limit after Batch = %d, want %d", got, BatchMemoryLimit)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("GOGC after restore = %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 512<<20 {
		t.Errorf("memory limit after restore = %d, want %d", got, 512<<20)
	}
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("GOMAXPROCS after restore = %d, want 1", got)
	}

	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "64MiB")
	t.Setenv("GOMAXPROCS", "1")
	debug.SetGCPercent(50)
	debug.SetMemoryLimit(64 << 20)
	Batch()
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("GOMAXPROCS=1 in the environment: Batch set %d", got)
	}
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GOGC=50 in the environment: Batch set %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("GOMEMLIMIT in the environment: Batch set %d", got)
	}
}

func TestScopeRestoresAfterTheLastOverlappingOperation(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldLimit := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(oldLimit)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	percent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }

	var s Scope
	first := s.Enter()
	second := s.Enter()
	if percent() != BatchGCPercent {
		t.Fatalf("GOGC %d during two operations", percent())
	}
	first()
	first() // a second call does nothing
	if percent() != BatchGCPercent {
		t.Fatalf("GOGC %d while one operation still runs", percent())
	}
	second()
	if percent() != 100 {
		t.Fatalf("GOGC %d after both ended, want 100", percent())
	}
	third := s.Enter()
	if percent() != BatchGCPercent {
		t.Fatalf("GOGC %d in a later operation", percent())
	}
	third()
	if percent() != 100 {
		t.Fatalf("GOGC %d after the later operation", percent())
	}
}
