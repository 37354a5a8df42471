package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// TestReopeningTheOpenProjectKeepsItsLocks: opening the project a second
// time in the same process (what `margin merge P P`, `margin agreement`
// on one file, or the window's Merge of its own file do first) must not
// drop the first connection's SQLite locks, or the next process deletes
// the live WAL. storage's header check opens and closes the main file only,
// which an idle WAL connection holds no lock on that matters here; this
// test keeps it so (it passed before issue 12's changes too: the dialog's
// damage came from closing the -shm and -wal, see
// TestWindowFileDialogKeepsProjectLocks).
func TestReopeningTheOpenProjectKeepsItsLocks(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	article := filepath.Join(dir, "ceasefire-call.txt")
	os.WriteFile(article, []byte(assets.DemoArticle), 0o644)
	mustRun(t, "init", p)
	mustRun(t, "import", p, article)
	db, err := storage.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetStatus(ctx, 1, "ana", model.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func(context.Context, string) (*storage.DB, error){storage.OpenReadOnly, storage.Open} {
		again, err := open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
	}
	cmd := exec.Command(exe, "docs", p)
	cmd.Env = append(os.Environ(), childEnv+"=main")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("margin docs: %v\n%s", err, out)
	}
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		target, _ := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if strings.HasPrefix(target, p) && strings.HasSuffix(target, "(deleted)") {
			t.Errorf("the open connection's file was deleted by the other process: %s", target)
		}
	}
	if _, err := os.Stat(p + "-wal"); err != nil {
		t.Errorf("the open project's WAL is gone: %v", err)
	}
}
