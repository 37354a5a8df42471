package storage

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Read-only places: a project on read-only media (a CD, a write-protected
// card, a read-only share) or in a folder the user may not write to. A
// Margin project is in WAL mode, and SQLite reads a WAL-mode file only
// with its -shm (and -wal) files, which it must be able to create: in such
// a folder even a read-only open failed with "unable to open database
// file". There the project is opened read-only in one of two ways:
//
//   - with no -wal beside it (the project was closed cleanly), SQLite's
//     immutable mode: the file is read as it is, nothing is created; safe
//     because nothing can write to a read-only place either.
//   - with a -wal that holds changes (a copy taken while the project was
//     open), a private copy of both files in a temporary folder, so that
//     those changes are read too (immutable mode would ignore them). The
//     copy is removed on Close.
//
// Nothing is ever written in the read-only place.

// placeReadOnly says whether the project's folder cannot be written.
func placeReadOnly(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	return !dirWritable(filepath.Dir(abs))
}

// readSource is where and how a read-only handle reads a project.
type readSource struct {
	dsn     string // without the trailing parameters of the caller
	cleanup func()
}

// readOnlySource picks the way to read path without writing (see above);
// params are the caller's extra DSN parameters.
func readOnlySource(path, params string) (readSource, error) {
	none := func() {}
	if !placeReadOnly(path) {
		return readSource{dsn: dsn(path, "mode=ro&"+params), cleanup: none}, nil
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		return readSource{dsn: dsn(path, "mode=ro&immutable=1&"+params), cleanup: none}, nil
	}
	dir, err := os.MkdirTemp("", "margin-readonly-*")
	if err != nil {
		return readSource{}, fmt.Errorf("open project %s (read-only place, with unsaved WAL changes): private copy: %w", path, err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	copyPath := filepath.Join(dir, filepath.Base(path))
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, copyPath+suffix); err != nil {
			cleanup()
			return readSource{}, fmt.Errorf("open project %s (read-only place, with unsaved WAL changes): private copy: %w", path, err)
		}
	}
	return readSource{dsn: dsn(copyPath, "mode=ro&"+params), cleanup: cleanup}, nil
}

// copyFile copies a file of a read-only place (no one writes there, and
// this process has no SQLite handle on it whose locks closing could drop).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// NetworkFileSystem names the network file system the project is on
// (NFS, SMB, sshfs...), where SQLite's WAL mode is unsafe when more than
// one computer opens the project; "" when it is on a local disk. The
// window shows a warning for it.
func (s *DB) NetworkFileSystem() string { return networkFileSystem(s.path) }
