package main

import (
	"runtime/debug"
	"testing"

	"github.com/margin-app/margin/internal/gctune"
)

// TestBatchCommandsTuneTheCollector: subcommands run with the batch GC
// settings (internal/gctune); the window (no subcommand, or open) keeps
// Go's defaults.
func TestBatchCommandsTuneTheCollector(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldLimit := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(oldLimit)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	root := newRootCmd()
	for _, c := range []struct {
		args []string
		want int
	}{{nil, 100}, {[]string{"open"}, 100}, {[]string{"import"}, gctune.BatchGCPercent}, {[]string{"export"}, gctune.BatchGCPercent}} {
		debug.SetGCPercent(100)
		cmd, _, err := root.Find(c.args)
		if err != nil {
			t.Fatal(err)
		}
		root.PersistentPreRun(cmd, nil)
		if got := debug.SetGCPercent(100); got != c.want {
			t.Errorf("margin %v: GOGC %d, want %d", c.args, got, c.want)
		}
	}
}
