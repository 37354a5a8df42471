// Package openwatch reports, for tests, every open(2) of given files by
// any process (inotify IN_OPEN): the lsof that also sees a descriptor
// opened and closed at once, which is exactly what drops SQLite's POSIX
// locks on a project.
package openwatch

import (
	"errors"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Watch watches a set of files.
type Watch struct {
	fd    int
	names map[int]string
}

// New watches paths (which must exist) until the test ends.
func New(t testing.TB, paths ...string) *Watch {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	w := &Watch{fd: fd, names: map[int]string{}}
	for _, p := range paths {
		wd, err := unix.InotifyAddWatch(fd, p, unix.IN_OPEN)
		if err != nil {
			t.Fatalf("watch %s: %v", p, err)
		}
		w.names[wd] = p
	}
	return w
}

// Opened lists (by base name) the watched files opened since the last
// call.
func (w *Watch) Opened(t testing.TB) []string {
	t.Helper()
	var got []string
	buf := make([]byte, 64*1024)
	for {
		n, err := unix.Read(w.fd, buf)
		if errors.Is(err, unix.EAGAIN) {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			got = append(got, filepath.Base(w.names[int(ev.Wd)]))
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
}
