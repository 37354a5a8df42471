package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func tempWith(t *testing.T, dir, content string) string {
	t.Helper()
	f, err := os.CreateTemp(dir, ".out.*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(content)
	f.Close()
	return f.Name()
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPublishWithoutHardLinks makes link(2) fail as on exFAT, FAT and SMB
// (EPERM), then also renameat2's RENAME_NOREPLACE (EINVAL): Publish still
// puts a new file in place, still refuses to overwrite an existing one,
// and leaves the existing file as it was.
func TestPublishWithoutHardLinks(t *testing.T) {
	realLink, realRename := link, renameNoReplace
	t.Cleanup(func() { link, renameNoReplace = realLink, realRename })
	links := 0
	link = func(string, string) error { links++; return &os.LinkError{Op: "link", Err: syscall.EPERM} }
	for _, noRenameFlags := range []bool{false, true} {
		if noRenameFlags {
			renameNoReplace = func(string, string) error { return syscall.EINVAL }
		}
		dir := t.TempDir()
		dst := filepath.Join(dir, "out.jsonl")
		if err := Publish(tempWith(t, dir, "first\n"), dst, false); err != nil {
			t.Fatalf("publish a new file without hard links (no rename flags: %v): %v", noRenameFlags, err)
		}
		if got := readString(t, dst); got != "first\n" {
			t.Fatalf("published %q", got)
		}
		tmp := tempWith(t, dir, "second\n")
		if err := Publish(tmp, dst, false); !errors.Is(err, ErrExists) {
			t.Fatalf("publish over an existing file without replace: %v", err)
		}
		if got := readString(t, dst); got != "first\n" {
			t.Fatalf("refused publish changed the target: %q", got)
		}
		if err := Publish(tmp, dst, true); err != nil {
			t.Fatal(err)
		}
		if got := readString(t, dst); got != "second\n" {
			t.Fatalf("replace published %q", got)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Fatalf("files left beside the target: %v", entries)
		}
	}
	if links == 0 {
		t.Fatal("the injected link failure was never reached")
	}
}

// TestPublishWithHardLinks: the ordinary path links, refuses an existing
// target and removes the temporary file.
func TestPublishWithHardLinks(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "out.jsonl")
	tmp := tempWith(t, dir, "one\n")
	if err := Publish(tmp, dst, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("temporary file left: %v", err)
	}
	if err := Publish(tempWith(t, dir, "two\n"), dst, false); !errors.Is(err, ErrExists) {
		t.Fatalf("publish over an existing file: %v", err)
	}
	if got := readString(t, dst); got != "one\n" {
		t.Fatalf("target changed: %q", got)
	}
}

// TestIsProjectFileByIdentity: the project, its sidecars, a hard link and
// a symlink to it count; a copy with the same content, or a same-named
// file in another folder, do not.
func TestIsProjectFileByIdentity(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "corpus")
	for _, f := range []string{p, p + "-wal", p + "-shm"} {
		os.WriteFile(f, []byte("SQLite format 3\x00"), 0o644)
	}
	os.Link(p, filepath.Join(dir, "hard"))
	os.Symlink(p+"-wal", filepath.Join(dir, "sym"))
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "corpus"), []byte("SQLite format 3\x00"), 0o644)
	os.WriteFile(filepath.Join(dir, "copy"), []byte("SQLite format 3\x00"), 0o644)
	cases := map[string]bool{
		p: true, p + "-wal": true, p + "-shm": true, p + "-journal": true,
		filepath.Join(dir, "hard"): true, filepath.Join(dir, "sym"): true,
		filepath.Join(other, "corpus"): false, filepath.Join(other, "corpus-wal"): false,
		filepath.Join(dir, "copy"): false, filepath.Join(dir, "new.jsonl"): false,
	}
	for path, want := range cases {
		if got := IsProjectFile(path, p); got != want {
			t.Errorf("IsProjectFile(%s) = %v, want %v", path, got, want)
		}
	}
}
