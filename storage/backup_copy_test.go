package storage

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBackupIsAProjectNobodyHasOpen: a copy saved while a window has the
// project open (registered, alive: this process) has the mode a new
// project file gets (0644 less the umask, not os.CreateTemp's 0600) and
// no registration, so opening or checking the copy does not say another
// window has it open; the project itself keeps its registration.
func TestBackupIsAProjectNobodyHasOpen(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	db, path := newProject(t)
	importDoc(t, db, article)
	unregister, err := db.Register(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	defer unregister()
	dst := filepath.Join(filepath.Dir(path), "copy.margin")
	if err := db.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o644 {
		t.Fatalf("the copy has mode %v, want -rw-r--r-- (0644 less umask 022)", got)
	}
	cp, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if others, err := cp.OthersOpen(ctx); err != nil || len(others) != 0 {
		t.Fatalf("the copy says it is open elsewhere: %q %v", others, err)
	}
	if docs, err := cp.Documents(ctx); err != nil || len(docs) != 1 {
		t.Fatalf("the copy holds %d documents (%v), want 1", len(docs), err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if others, err := again.OthersOpen(ctx); err != nil || len(others) != 1 {
		t.Fatalf("the project lost the window's registration: %q %v", others, err)
	}
}
