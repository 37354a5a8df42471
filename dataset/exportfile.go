package dataset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/margin-app/margin/internal/safefile"
)

// FileTarget says where ExportFile writes.
type FileTarget struct {
	Path string // the export file
	// Project is the open project's file: neither it nor its -wal, -shm
	// or -journal is ever a target, whatever it is called.
	Project string
	// Replace lets an existing Path be replaced (the user confirmed,
	// --force); it is replaced only after the export succeeded.
	Replace bool
}

// Typed refusals of ExportFile (errors.Is).
var (
	// ErrTargetIsProject: the target is the open project or its journal.
	ErrTargetIsProject = safefile.ErrProjectFile
	// ErrTargetIsDatabase: the target is an SQLite file (a project, a
	// backup); an export never replaces one, even when told to.
	ErrTargetIsDatabase = errors.New("is an SQLite database (a Margin project or backup?); an export never replaces one")
	// ErrTargetExists: the target exists and Replace was not given.
	ErrTargetExists = safefile.ErrExists
)

// ExportFile is the one export writer of the command line and the window:
// it writes format to a temporary file beside t.Path, syncs it and only
// then moves it into place (safefile.Publish), so a failed or cancelled
// export leaves an existing target untouched and no empty or partial file.
// Targets that are the project, its sidecars or any SQLite database are
// refused before anything is written.
func ExportFile(ctx context.Context, st Store, format, layer, scheme string, t FileTarget, progress func(done, total int)) ([]string, error) {
	if err := checkTarget(t); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(t.Path), "."+filepath.Base(t.Path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Path, err)
	}
	defer os.Remove(tmp.Name()) // gone already after a successful Publish
	report, err := Export(ctx, st, format, layer, tmp, "", scheme, progress)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Path, err)
	}
	// Checked again: the target may have changed while the export ran.
	if err := checkTarget(t); err != nil {
		return nil, err
	}
	if err := safefile.Publish(tmp.Name(), t.Path, t.Replace); err != nil {
		if errors.Is(err, safefile.ErrExists) {
			return nil, fmt.Errorf("export: %w; choose another name, or confirm replacing it", err)
		}
		return nil, fmt.Errorf("export %s: %w", t.Path, err)
	}
	return report, nil
}

func checkTarget(t FileTarget) error {
	if t.Path == "" {
		return fmt.Errorf("export: no output file named")
	}
	if safefile.IsProjectFile(t.Path, t.Project) {
		return fmt.Errorf("export: %s %w; choose another file", t.Path, ErrTargetIsProject)
	}
	st, err := os.Stat(t.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("export %s: %w", t.Path, err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("export: %s is not a regular file; not replacing it", t.Path)
	case safefile.IsSQLite(t.Path):
		return fmt.Errorf("export: %s %w", t.Path, ErrTargetIsDatabase)
	case !t.Replace:
		return fmt.Errorf("export: %s %w; choose another name, or pass --force to replace it", t.Path, ErrTargetExists)
	}
	return nil
}
