package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func wait[T any](t *testing.T, ch chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatal("background work did not finish")
	}
	var zero T
	return zero
}

func TestImportExportAndMergeFromTheWindow(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	var mu sync.Mutex
	entered, left := 0, 0
	w.BulkGC = func() func() {
		mu.Lock()
		entered++
		mu.Unlock()
		return func() { mu.Lock(); left++; mu.Unlock() }
	}

	in := filepath.Join(dir, "talks.jsonl")
	os.WriteFile(in, []byte(`{"text": "Київ and Moscow 🇺🇦 agreed.", "label": [[0, 4, "GPE"], [9, 15, "GPE"]]}`+"\n"), 0o644)
	type res struct {
		sum *dataset.ImportSummary
		err error
	}
	done := make(chan res, 1)
	w.runImport("doccano", in, false, func(s *dataset.ImportSummary, err error) { done <- res{s, err} })
	r := wait(t, done)
	if r.err != nil || r.sum.Annotations() != 2 {
		t.Fatalf("import: %+v %v", r.sum, r.err)
	}
	if len(w.docs) != 3 {
		t.Fatalf("document list has %d entries after import", len(w.docs))
	}
	if _, ok := w.schema.Label("GPE"); !ok {
		t.Fatal("GPE not added to the schema shown")
	}

	// A bad file is refused and changes nothing.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text": "x", "label": [[0, 9, "GPE"]]}`+"\n"), 0o644)
	w.runImport("doccano", bad, false, func(s *dataset.ImportSummary, err error) { done <- res{s, err} })
	if r := wait(t, done); r.err == nil || !strings.Contains(r.err.Error(), "bad.jsonl:1") {
		t.Fatalf("bad import: %v", r.err)
	}
	if docs, _ := db.Documents(context.Background()); len(docs) != 3 {
		t.Fatal("a refused import changed the project")
	}

	out := filepath.Join(dir, "out.jsonl")
	exported := make(chan error, 1)
	w.runExport("doccano", "", out, "", false, func(_ []string, err error) { exported <- err })
	if err := wait(t, exported); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `[9,15,"GPE"]`) {
		t.Fatalf("export: %s", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}

	// Merge a colleague's file through the hook cmd/margin installs.
	benPath := filepath.Join(dir, "ben.margin")
	bensProject(t, benPath)
	var calls, last, total int
	w.Merge = func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error) {
		o, err := storage.OpenReadOnly(ctx, path)
		if err != nil {
			return nil, err
		}
		defer o.Close()
		return db.MergeProgress(ctx, o, local, func(done, all int) {
			calls, last, total = calls+1, done, all
			progress(done, all)
		})
	}
	merged := make(chan *model.MergeReport, 1)
	w.runMerge(benPath, func(rep *model.MergeReport, err error) {
		if err != nil {
			t.Error(err)
		}
		merged <- rep
	})
	if rep := wait(t, merged); rep == nil || rep.Annotations != 1 {
		t.Fatalf("merge: %+v", rep)
	}
	if calls == 0 || last != total || total == 0 {
		t.Fatalf("merge progress: %d calls, last %d of %d", calls, last, total)
	}
	// Import, export and merge each ran inside BulkGC (the GC tuning).
	mu.Lock()
	defer mu.Unlock()
	if entered < 3 || left != entered {
		t.Fatalf("BulkGC entered %d times, left %d", entered, left)
	}
}
