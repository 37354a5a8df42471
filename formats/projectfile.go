package formats

import (
	"fmt"

	"github.com/margin-app/margin/internal/safefile"
)

// ProjectFileError says an input is a project this process has open, or
// one of its SQLite sidecars (-wal, -shm, -journal), by identity whatever
// it is called (a project named corpus.txt in a folder being imported).
// Opening and closing any descriptor of it would drop every POSIX lock
// SQLite holds there, after which another process could checkpoint and
// delete the live WAL, so imports never open it. It wraps
// safefile.ErrProjectFile.
type ProjectFileError struct {
	Path    string
	Project string
}

func (e *ProjectFileError) Error() string {
	return fmt.Sprintf("%s is the project open in Margin (%s) or one of its SQLite files; not read (opening it would drop the project's file locks)", e.Path, e.Project)
}

func (e *ProjectFileError) Unwrap() error { return safefile.ErrProjectFile }

// CheckNotProject refuses path when it is an open project's file (see
// ProjectFileError). It only stats. Every import that opens a file by
// name calls it first (OpenRegular does).
func CheckNotProject(path string) error {
	if p := safefile.OpenProjectOf(path); p != "" {
		return &ProjectFileError{Path: path, Project: p}
	}
	return nil
}

// SkipProjectFiles drops from files (found by walking a folder) those
// that are an open project's files, with one warning for each: a folder
// that holds the project is still imported.
func SkipProjectFiles(files []string) (kept, warnings []string) {
	kept = files[:0:0]
	for _, f := range files {
		if err := CheckNotProject(f); err != nil {
			warnings = append(warnings, "skipped "+err.Error())
			continue
		}
		kept = append(kept, f)
	}
	return kept, warnings
}
