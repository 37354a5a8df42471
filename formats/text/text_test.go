package text

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/margin-app/margin/formats"
)

// A FIFO or a symlink to /dev/zero named *.txt is refused with its name,
// at once (the old size check passed both: they report size 0).
func TestReadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.txt")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, zero} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(p); done <- err }()
		select {
		case err := <-done:
			var nr *formats.NotRegularError
			if !errors.As(err, &nr) || !strings.Contains(err.Error(), p) {
				t.Errorf("%s: %v", p, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadFile(%s) blocked", p)
		}
	}
	ok := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(ok, []byte("Kyiv agreed."), 0o644); err != nil {
		t.Fatal(err)
	}
	if d, err := ReadFile(ok); err != nil || d.Text != "Kyiv agreed." || d.Name != "a" {
		t.Errorf("a.txt: %+v %v", d, err)
	}
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxSize+1); err != nil {
		t.Fatal(err)
	}
	var tl *formats.TooLargeError
	if _, err := ReadFile(big); !errors.As(err, &tl) || !strings.Contains(err.Error(), big) {
		t.Errorf("big.txt: %v", err)
	}
}
