package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// ErrReadOnly is returned (wrapped) by every write to a project opened
// read-only: a file without write permission, or one opened with
// OpenReadOnly.
var ErrReadOnly = errors.New("project is read-only")

// ErrDamaged is returned (wrapped) for a project file SQLite reports as
// malformed, or one shorter than its own header says (a truncated copy).
var ErrDamaged = errors.New("project file is damaged")

// ReadOnly reports whether the project was opened read-only; every write
// then fails with ErrReadOnly. The GUI shows a banner and disables editing.
func (s *DB) ReadOnly() bool { return s.readOnly }

func (s *DB) readOnlyError() error {
	return fmt.Errorf("%s: %w (the file is not writable, or was opened for reading only); nothing was changed — make the file writable, or save a copy with 'margin backup' and work on that", s.path, ErrReadOnly)
}

// notWritable reports whether the project file should be opened read-only:
// it has no write permission bit at all (chmod a-w; also on Windows' read-only
// attribute), or opening it for writing is refused (permissions, read-only
// file system). The permission-bit test matters for root, whom the kernel
// lets write to any file: a file the user marked read-only stays read-only.
func notWritable(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	if st.Mode().Perm()&0o222 == 0 {
		return true
	}
	// access(2), not an open: closing a descriptor of the project would
	// drop the POSIX locks SQLite holds on it in this process (issue 12,
	// item 1). It answers EROFS on read-only media even for root.
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
	}
	return false
}

// friendly turns SQLite's terse result codes into messages a user can act
// on, keeping the original error wrapped.
func friendly(path string, err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return fmt.Errorf("the disk is full (or the project reached its size limit): the change was not saved and the project is as it was before it; free some space and try again: %w", err)
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return fmt.Errorf("%s: %w (%v); restore it from a backup (NAME-YYYYmmdd-HHMMSS.margin or NAME.margin.bak-v*)", path, ErrDamaged, err)
	case sqlite3.ErrReadonly:
		return fmt.Errorf("%s: %w (%v); nothing was changed", path, ErrReadOnly, err)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("another program kept the project busy for too long; the change was not saved, try again: %w", err)
	case sqlite3.ErrIoErr:
		return fmt.Errorf("could not write the project file (disk or file system error); the change was not saved: %w", err)
	}
	return err
}

// checkNotTruncated refuses a file shorter than the database size its own
// header records: a copy cut short (an interrupted download or sync)
// would otherwise open and fail later with "malformed". header is the
// file's first 100 bytes. When a non-empty WAL file sits beside it the
// check is skipped: after a crash during a checkpoint the main file may
// legitimately lag behind, and SQLite completes it from the WAL.
func checkNotTruncated(path string, header []byte) error {
	if len(header) < 100 {
		return nil
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		return nil
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	changeCounter := binary.BigEndian.Uint32(header[24:28])
	pages := int64(binary.BigEndian.Uint32(header[28:32]))
	validFor := binary.BigEndian.Uint32(header[92:96])
	if pages == 0 || changeCounter != validFor || pageSize < 512 {
		return nil // the header's size field is not reliable
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if want := pages * pageSize; st.Size() < want {
		return fmt.Errorf("open project %s: %w: it is %d bytes but should be %d (truncated: an interrupted copy or download?); the file was not modified — restore it from a backup", path, ErrDamaged, st.Size(), want)
	}
	return nil
}
