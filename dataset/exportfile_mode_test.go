package dataset

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A replaced export keeps the file's mode (os.CreateTemp's 0600 once
// turned a shared 0644 dataset private), a new one gets 0666 less the
// umask as any created file does, and a target that is a symbolic link
// has the file it points to replaced, the link kept.
func TestWriteFileKeepsModeAndFollowsLinks(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	fresh := filepath.Join(dir, "new.jsonl")
	if err := WriteFile(FileTarget{Path: fresh}, write("a")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o644 {
		t.Errorf("new export has mode %v, want 0644", st.Mode().Perm())
	}
	shared := filepath.Join(dir, "shared.jsonl")
	if err := os.WriteFile(shared, []byte("old"), 0o664); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o664)
	if err := WriteFile(FileTarget{Path: shared, Replace: true}, write("b")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o664 {
		t.Errorf("replaced export has mode %v, want 0664 as before", st.Mode().Perm())
	}
	link := filepath.Join(dir, "latest.jsonl")
	if err := os.Symlink("shared.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(FileTarget{Path: link, Replace: true}, write("c")); err != nil {
		t.Fatal(err)
	}
	if li, err := os.Lstat(link); err != nil || li.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v %v", li.Mode(), err)
	}
	if data, _ := os.ReadFile(shared); string(data) != "c" {
		t.Errorf("the linked file holds %q, want the new export", data)
	}
}
