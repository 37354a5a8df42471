package formats

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError says an input is not a regular file: a named pipe, a
// device (a symlink to /dev/zero), a socket. Reading one could block
// forever or never end, so imports refuse it before opening.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; refusing to read it", e.Path, kindOf(e.Mode))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	default:
		return "a special file (" + m.Type().String() + ")"
	}
}

// TooLargeError says an input is larger than the limit for its kind.
type TooLargeError struct {
	Path  string
	Limit int64
	What  string // "file", "archive entry", "corpus", ...
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %s is larger than the %s limit", e.Path, e.What, sizeText(e.Limit))
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// OpenRegular opens path for reading after checking that it is a regular
// file (symbolic links followed) of at most max bytes (max <= 0: any
// size). The open does not block on a pipe swapped in after the check,
// and the returned reader fails with a *TooLargeError past max bytes, so
// a file that grows while read (or lies about its size, as /proc files
// do) cannot exhaust memory either.
func OpenRegular(path string, max int64) (io.ReadCloser, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, st, max); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNoBlock, 0)
	if err != nil {
		return nil, err
	}
	// Check the file actually opened: it may have been replaced since Stat.
	st, err = f.Stat()
	if err == nil {
		err = checkRegular(path, st, max)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &capped{r: f, c: f, path: path, max: max}, nil
}

// ReadRegular reads a whole regular file of at most max bytes (see
// OpenRegular).
func ReadRegular(path string, max int64) ([]byte, error) {
	r, err := OpenRegular(path, max)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// ReadRegularFS is ReadRegular for a file of fsys (a folder or an
// archive): entries that are not regular files (a symlink entry in a zip,
// a pipe in a folder) are refused, and at most max bytes are read.
func ReadRegularFS(fsys fs.FS, name string, max int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(name, st, max); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(&capped{r: f, path: name, max: max})
}

func checkRegular(path string, st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: st.Mode()}
	}
	if max > 0 && st.Size() > max {
		return &TooLargeError{Path: path, Limit: max, What: "file"}
	}
	return nil
}

// capped reads at most max bytes and fails on the byte after.
type capped struct {
	r    io.Reader
	c    io.Closer
	path string
	max  int64
	n    int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.max > 0 && int64(len(p)) > c.max-c.n+1 {
		p = p[:c.max-c.n+1]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.max > 0 && c.n > c.max {
		return n - int(c.n-c.max), &TooLargeError{Path: c.path, Limit: c.max, What: "file"}
	}
	return n, err
}

func (c *capped) Close() error {
	if c.c == nil {
		return nil
	}
	return c.c.Close()
}
