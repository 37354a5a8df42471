package ui

import (
	"context"
	"errors"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/internal/gctune"
	"github.com/margin-app/margin/model"
)

// TestBulkGCLeftOnEveryPath: every background operation ends its BulkGC
// scope exactly once, on success, error and cancellation alike, so the
// window is never left with the batch GC settings.
func TestBulkGCLeftOnEveryPath(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	var scope gctune.Scope
	w.BulkGC = scope.Enter

	// dashboard cancelled at once
	d := make(chan error, 1)
	cctx, cancel := context.WithCancel(context.Background())
	cancel()
	w.ctx = cctx
	w.runDashboard(func(_ *dataset.AgreementSummary, err error) { d <- err })
	if err := wait(t, d); !errors.Is(err, context.Canceled) {
		t.Logf("dashboard err %v", err)
	}
	w.ctx = context.Background()
	// import of a missing file
	im := make(chan error, 1)
	w.runImport("jsonl", filepath.Join(t.TempDir(), "missing.jsonl"), false, func(_ *dataset.ImportSummary, err error) { im <- err })
	if err := wait(t, im); err == nil {
		t.Fatal("import of a missing file succeeded")
	}
	// merge failing, and merge cancelled from its progress
	w.Merge = func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error) {
		progress(1, 2)
		return nil, errors.New("boom")
	}
	m := make(chan error, 1)
	w.runMerge("x.margin", func(_ *model.MergeReport, err error) { m <- err })
	wait(t, m)
	// export to an unwritable place
	ex := make(chan error, 1)
	w.runExport("jsonl", "ana", "/nonexistent/dir/out.jsonl", "", false, func(_ []string, err error) { ex <- err })
	wait(t, ex)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC left at %d after the bulk operations", got)
	}
}
