package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrExists is wrapped when Publish without replace finds its target taken.
var ErrExists = errors.New("already exists")

// link and renameNoReplace are variables so tests can make them fail the
// way exFAT, FAT and SMB shares do (no hard links; no RENAME_NOREPLACE).
var (
	link            = os.Link
	renameNoReplace = renameNoReplaceOS
)

// Publish puts the complete, synced file tmp (beside dst) at dst and makes
// the rename durable (fsync of the folder). With replace, an existing dst
// is replaced atomically: readers see the old file or the new one, never
// a part. Without replace, dst is never overwritten, even by a file that
// appeared after the caller looked: a hard link fails when dst exists;
// where the file system has no hard links, rename(2) with RENAME_NOREPLACE
// does the same; only where neither exists is dst checked just before a
// plain rename. tmp is gone afterwards unless an error is returned.
func Publish(tmp, dst string, replace bool) error {
	if replace {
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
		return syncDir(filepath.Dir(dst))
	}
	err := link(tmp, dst)
	if err == nil {
		os.Remove(tmp)
		return syncDir(filepath.Dir(dst))
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %w", dst, ErrExists)
	}
	// No hard links here (EPERM on FAT/exFAT, EOPNOTSUPP on SMB, ...).
	err = renameNoReplace(tmp, dst)
	switch {
	case err == nil:
		return syncDir(filepath.Dir(dst))
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s %w", dst, ErrExists)
	case !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOSYS) && !errors.Is(err, errors.ErrUnsupported):
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s %w", dst, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dst))
}

// syncDir makes a rename or link in dir survive a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		// EINVAL: the file system cannot sync folders (some FUSE, SMB).
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
