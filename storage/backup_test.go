package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/margin-app/margin/model"
)

func backupsIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".margin") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestRotatingBackupsOfTwoProjectsOfTheSameName: corpus.margin in two
// folders share the backups folder. Rotation grouped by file name only, so
// each project's backups deleted the other's.
func TestRotatingBackupsOfTwoProjectsOfTheSameName(t *testing.T) {
	ctx := context.Background()
	bdir := t.TempDir()
	var dbs []*DB
	for _, sub := range []string{"study-a", "study-b"} {
		dir := filepath.Join(t.TempDir(), sub)
		os.MkdirAll(dir, 0o755)
		db, err := Create(ctx, filepath.Join(dir, "corpus.margin"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	// Project a is backed up twice (it changed in between), then b five
	// times, each after a change, keeping 2.
	for i := 0; i < 2; i++ {
		importDoc(t, dbs[0], strings.Repeat("a", i+1))
		if _, err := dbs[0].RotatingBackup(ctx, bdir, 2); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 5; i++ {
		importDoc(t, dbs[1], strings.Repeat("b", i+1))
		if _, err := dbs[1].RotatingBackup(ctx, bdir, 2); err != nil {
			t.Fatal(err)
		}
	}
	if got := backupsIn(t, bdir); len(got) != 4 {
		t.Fatalf("backups kept: %v, want 2 of each project", got)
	}
	// Every backup of a still holds a's documents.
	n := 0
	for _, name := range backupsIn(t, bdir) {
		b, err := OpenReadOnly(ctx, filepath.Join(bdir, name))
		if err != nil {
			t.Fatal(err)
		}
		docs, _ := b.Documents(ctx)
		b.Close()
		if len(docs) > 0 && docs[0].Length == 1 && docs[0].SHA256 == model.TextSHA256("a") {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d backups of project a survive, want 2", n)
	}
}

// TestRotatingBackupSkipsAnUnchangedProject: opening and closing a
// project five times without a change used to make five backups and, with
// keep 5, push every older (and different) backup out.
func TestRotatingBackupSkipsAnUnchangedProject(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	bdir := t.TempDir()
	importDoc(t, db, "first version")
	first, err := db.RotatingBackup(ctx, bdir, 5)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		got, err := db.RotatingBackup(ctx, bdir, 5)
		if err != nil {
			t.Fatal(err)
		}
		if got != first {
			t.Fatalf("unchanged project backed up again as %s", got)
		}
	}
	if got := backupsIn(t, bdir); len(got) != 1 {
		t.Fatalf("backups: %v", got)
	}
	importDoc(t, db, "second version")
	second, err := db.RotatingBackup(ctx, bdir, 5)
	if err != nil || second == first {
		t.Fatalf("changed project: %s %v", second, err)
	}
}

// TestRotationNeverDeletesTheNewestGoodBackup: when the newest backups are
// damaged (a failing disk, a truncated copy), rotation keeps the older
// good ones instead of counting the damaged ones as the kept copies.
func TestRotationNeverDeletesTheNewestGoodBackup(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	bdir := t.TempDir()
	var made []string
	for i := 0; i < 3; i++ {
		importDoc(t, db, strings.Repeat("v", i+1))
		p, err := db.RotatingBackup(ctx, bdir, 2)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
	}
	// made[0] is rotated away; damage made[2], the newest.
	if fileExists(made[0]) || !fileExists(made[1]) {
		t.Fatalf("after three backups, keep 2: %v", backupsIn(t, bdir))
	}
	if err := os.WriteFile(made[2], []byte("SQLite format 3\x00 but not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	importDoc(t, db, "vvvv")
	newest, err := db.RotatingBackup(ctx, bdir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !fileExists(made[1]) || !fileExists(newest) {
		t.Fatalf("a good backup was deleted while a damaged one was counted: %v", backupsIn(t, bdir))
	}
}

// TestBackupWithoutHardLinks: on a file system without hard links (FAT,
// exFAT, SMB) the backup is still placed, and an existing file is still
// never replaced.
func TestBackupWithoutHardLinks(t *testing.T) {
	old := link
	link = func(string, string) error { return &os.LinkError{Op: "link", Err: syscall.EPERM} }
	t.Cleanup(func() { link = old })
	ctx := context.Background()
	db, _ := newProject(t)
	importDoc(t, db, article)
	dst := filepath.Join(t.TempDir(), "copy.margin")
	if err := db.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if _, err := checkBackup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, dst); err == nil {
		t.Fatal("an existing backup was replaced")
	}
	if _, err := checkBackup(ctx, dst); err != nil {
		t.Fatal(err)
	}
}
