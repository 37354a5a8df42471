package storage

import (
	"context"
	"os"
	"testing"
)

// TestReadOnlyOpenLeavesNoSidecars: reading a colleague's cleanly closed
// file (a merge source) leaves no -wal or -shm beside it and does not
// change it; while the colleague has it open, their -wal and -shm stay.
func TestReadOnlyOpenLeavesNoSidecars(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	importDoc(t, db, article)
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if docs, err := ro.Documents(ctx); err != nil || len(docs) != 1 {
		t.Fatalf("read %d documents (%v)", len(docs), err)
	}
	ro.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + side); !os.IsNotExist(err) {
			t.Errorf("a read-only open left %s (%v)", path+side, err)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a read-only open changed the file")
	}

	// The colleague's window has it open: their files stay.
	theirs, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	if _, err := theirs.Documents(ctx); err != nil {
		t.Fatal(err)
	}
	ro, err = OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ro.Documents(ctx)
	ro.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + side); err != nil {
			t.Errorf("the open project's %s was removed: %v", side, err)
		}
	}
	if docs, err := theirs.Documents(ctx); err != nil || len(docs) != 1 {
		t.Fatalf("the open project after the read: %d documents (%v)", len(docs), err)
	}
}
