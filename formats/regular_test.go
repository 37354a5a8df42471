package formats

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestOpenRegularRefusesPipesAndDevices(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "doc.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.txt")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, zero} {
		done := make(chan error, 1)
		go func() { _, err := ReadRegular(p, 1<<20); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.As(err, &nr) || !strings.Contains(err.Error(), p) {
				t.Errorf("%s: err = %v, want a NotRegularError naming the file", p, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: ReadRegular blocked", p)
		}
	}
	// The streaming formats' opener refuses them too.
	if _, err := OpenProgress(fifo, func(int64, int64) {}); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("OpenProgress(FIFO): %v", err)
	}
	if !strings.Contains((&NotRegularError{Path: fifo, Mode: os.ModeNamedPipe}).Error(), "named pipe") {
		t.Errorf("the message does not say what the file is")
	}
}

func TestReadRegularCapsSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(p, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadRegular(p, 10); err != nil || string(data) != "0123456789" {
		t.Fatalf("at the limit: %q %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadRegular(p, 9); !errors.As(err, &tl) || !strings.Contains(err.Error(), p) {
		t.Errorf("over the limit: %v", err)
	}
	// A symlink to a regular file is read through.
	link := filepath.Join(filepath.Dir(p), "link.txt")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadRegular(link, 0); err != nil || string(data) != "0123456789" {
		t.Errorf("symlink to a file: %q %v", data, err)
	}
}

func TestCappedStopsAFileThatLiesAboutItsSize(t *testing.T) {
	// /proc files are regular but report size 0: the reader, not the
	// size check, must stop them.
	data, err := ReadRegular("/proc/self/maps", 16)
	var tl *TooLargeError
	if !errors.As(err, &tl) || len(data) > 16 {
		t.Errorf("read %d bytes, err %v; want at most 16 and a TooLargeError", len(data), err)
	}
}

func TestReadRegularFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":    {Data: []byte("hello")},
		"pipe.txt": {Mode: os.ModeNamedPipe},
	}
	if data, err := ReadRegularFS(fsys, "a.txt", 5); err != nil || string(data) != "hello" {
		t.Errorf("a.txt: %q %v", data, err)
	}
	var nr *NotRegularError
	if _, err := ReadRegularFS(fsys, "pipe.txt", 0); !errors.As(err, &nr) {
		t.Errorf("pipe entry: %v", err)
	}
	var tl *TooLargeError
	if _, err := ReadRegularFS(fsys, "a.txt", 4); !errors.As(err, &tl) {
		t.Errorf("over the limit: %v", err)
	}
}
