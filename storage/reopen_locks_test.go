package storage

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
)

// locksOn returns the /proc/locks lines of this process on path's inode.
func locksOn(t *testing.T, path string) []string {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	data, err := os.ReadFile("/proc/locks")
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprintf(":%d ", sys.Ino)
	pid := fmt.Sprintf(" %d ", os.Getpid())
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line+" ", id) && strings.Contains(line, pid) {
			out = append(out, line)
		}
	}
	return out
}

// Opening a project this process already has open (a second window
// handle, a merge or backup that names it) must not open and close the
// project file outside SQLite: closing any descriptor drops every POSIX
// lock the process holds on the file, including the SHARED lock of a read
// transaction running on the first handle (issue 12, item 1).
func TestReopeningKeepsTheLocksOfARunningTransaction(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	importDoc(t, db, "A ceasefire was agreed on Tuesday.")
	conn, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
		t.Fatal(err)
	}
	before := locksOn(t, path)
	if len(before) == 0 {
		t.Fatal("a read transaction holds no lock on the project file: the test cannot see a lost lock")
	}
	for _, open := range []func(context.Context, string) (*DB, error){Open, OpenReadOnly} {
		again, err := open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
		if after := locksOn(t, path); len(after) < len(before) {
			t.Fatalf("reopening dropped the running transaction's locks: before %q, after %q", before, after)
		}
	}
	conn.ExecContext(ctx, "COMMIT")
}
