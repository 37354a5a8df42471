// Package safefile holds the file rules that keep a project safe from the
// rest of the program: which files are the open project (by identity, not
// by name), and how a finished temporary file is put in place without
// overwriting what the user did not agree to replace.
package safefile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// Sidecars are the suffixes of the files SQLite keeps beside a database.
// A process that opens and closes any descriptor of one of them (or of the
// database) drops every POSIX lock it holds there, and the next process
// then believes it is alone: it checkpoints and deletes the live WAL.
var Sidecars = []string{"-wal", "-shm", "-journal"}

// IsProjectFile reports whether path is, by identity (device and inode,
// os.SameFile), the database project or one of its sidecars; a path that
// does not exist yet counts when it is where SQLite would create a sidecar
// (the project's folder, by identity, and the project's name plus
// suffix). It only stats, never opens: asking must not drop the locks it
// protects.
func IsProjectFile(path, project string) bool {
	if path == "" || project == "" {
		return false
	}
	st, err := os.Stat(path)
	if err != nil {
		return isFutureSidecar(path, project)
	}
	for _, suffix := range append([]string{""}, Sidecars...) {
		if p, err := os.Stat(project + suffix); err == nil && os.SameFile(st, p) {
			return true
		}
	}
	return false
}

func isFutureSidecar(path, project string) bool {
	dir, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return false
	}
	pdir, err := os.Stat(filepath.Dir(project))
	if err != nil || !os.SameFile(dir, pdir) {
		return false
	}
	for _, suffix := range Sidecars {
		if filepath.Base(path) == filepath.Base(project)+suffix {
			return true
		}
	}
	return false
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// IsSQLite reports whether the regular file at path starts with SQLite's
// header (a Margin project, a backup, another tool's database). Call it
// only for files that are not the open project (IsProjectFile first): it
// opens the file.
func IsSQLite(path string) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, sqliteMagic)
}

// ErrProjectFile is wrapped by refusals to open, write or replace the open
// project or one of its sidecars.
var ErrProjectFile = errors.New("is the open project (or its SQLite journal)")

// RemoveMade removes a project file this process made a moment ago (a
// pull or a backup that failed, a temporary copy) and its sidecars. Never
// for a file the user had: removing is for what nobody else has opened.
func RemoveMade(path string) {
	for _, suffix := range append([]string{""}, Sidecars...) {
		os.Remove(path + suffix)
	}
}
