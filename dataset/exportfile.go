package dataset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
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
	var report []string
	err := WriteFile(t, func(w io.Writer) error {
		var err error
		report, err = Export(ctx, st, format, layer, w, "", scheme, progress)
		return err
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// WriteFile is ExportFile's safe writer for any file an export makes (a
// dataset, a codebook): write fills a temporary file beside t.Path, which
// is synced and only then moved into place, with the same refusals.
func WriteFile(t FileTarget, write func(w io.Writer) error) error {
	// A target that is a symbolic link is the file it points to: that
	// file is replaced and the link kept, as writing through it would.
	if real, err := filepath.EvalSymlinks(t.Path); err == nil && real != t.Path {
		if li, err := os.Lstat(t.Path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			t.Path = real
		}
	}
	if err := checkTarget(t); err != nil {
		return err
	}
	tmp, err := createTemp(t.Path)
	if err != nil {
		return fmt.Errorf("export %s: %w", t.Path, err)
	}
	defer os.Remove(tmp.Name()) // gone already after a successful Publish
	// Buffered: exporters write a document at a time, and a write call
	// for each of 10,000 articles was 6% of an export (issue 14).
	bw := bufio.NewWriterSize(tmp, exportBuffer)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", t.Path, err)
	}
	// Checked again: the target may have changed while the export ran.
	if err := checkTarget(t); err != nil {
		return err
	}
	if err := safefile.Publish(tmp.Name(), t.Path, t.Replace); err != nil {
		if errors.Is(err, safefile.ErrExists) {
			return fmt.Errorf("export: %w; choose another name, or confirm replacing it", err)
		}
		return fmt.Errorf("export %s: %w", t.Path, err)
	}
	return nil
}

// exportBuffer is the size of WriteFile's write buffer.
const exportBuffer = 256 << 10

// createTemp makes the temporary file beside path with the mode the
// published file should have: an existing target's own mode (replacing a
// 0644 file must not leave a 0600 one), else 0666 less the umask, as a
// plain create would (os.CreateTemp always makes 0600).
func createTemp(path string) (*os.File, error) {
	mode := fs.FileMode(0o666)
	keep := false
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		mode, keep = st.Mode().Perm(), true
	}
	for i := 0; ; i++ {
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d.%d.tmp", filepath.Base(path), os.Getpid(), rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return nil, err
		}
		if keep { // the umask may have narrowed it
			if err := f.Chmod(mode); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return f, nil
	}
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
