package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/margin-app/margin/internal/safefile"
)

// The project files this process has open through SQLite. SQLite's locks
// are POSIX locks, dropped when the process closes any descriptor of the
// file; so once a project is open, nothing else in the process may open
// and close it or its sidecars directly (issue 12): identify reads the
// header of a file only when the process does not have it open already,
// and Merge refuses a project merged into itself.
var openSet struct {
	mu    sync.Mutex
	paths map[*DB]string
}

func registerOpen(s *DB) {
	openSet.mu.Lock()
	defer openSet.mu.Unlock()
	if openSet.paths == nil {
		openSet.paths = map[*DB]string{}
	}
	openSet.paths[s] = s.path
}

func unregisterOpen(s *DB) {
	openSet.mu.Lock()
	defer openSet.mu.Unlock()
	delete(openSet.paths, s)
}

// openInProcess returns the open project that path is (or is a sidecar
// of), by identity; it only stats.
func openInProcess(path string) (project string, ok bool) {
	openSet.mu.Lock()
	defer openSet.mu.Unlock()
	for _, p := range openSet.paths {
		if safefile.IsProjectFile(path, p) {
			return p, true
		}
	}
	return "", false
}

// sameFile reports whether a and b are one file (os.SameFile).
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// ErrSameProject is wrapped when a project is merged into itself.
var ErrSameProject = errors.New("is the open project itself; merge a colleague's copy instead")

// checkHeader reads the first 100 bytes of path: an SQLite file that is
// not shorter than its header says.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("open project %s: no such file (create one with 'margin init')", path)
		}
		return fmt.Errorf("open project %s: %w", path, err)
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	f.Close()
	if err != nil || n < 100 || string(header[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open project %s: %w (not an SQLite database)", path, ErrNotProject)
	}
	return checkNotTruncated(path, header)
}
