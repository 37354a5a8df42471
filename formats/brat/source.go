package brat

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/text"
)

// Limits on one brat import. A corpus is read one document at a time, so
// memory stays at a few documents; these bound what the project file can
// grow by (a 1 MB zip of many highly compressed entries once became a
// 1 GB project).
const (
	// MaxFileSize bounds one .txt, .ann or annotation.conf.
	MaxFileSize = text.MaxSize
	// MaxCorpusSize bounds the sum of a corpus' .txt, .ann and .conf
	// files: 256 MB of text is far more than any annotated corpus.
	MaxCorpusSize = 4 * text.MaxSize
	// MaxEntries bounds the files of a corpus (entries of a .zip).
	MaxEntries = 100_000
)

// CorpusTooLargeError says a corpus exceeds one of the limits above.
type CorpusTooLargeError struct {
	Path   string
	Reason string
}

func (e *CorpusTooLargeError) Error() string {
	msg := e.Reason + "; split the corpus into smaller parts and import them one by one"
	if e.Path == "" {
		return msg
	}
	return e.Path + ": " + msg
}

// source is a brat corpus in a folder or an archive: the names (slash
// paths) of the files that matter, and a reader for each that refuses
// non-regular files and keeps to the size budget.
type source struct {
	root  string // names the corpus in errors and sources
	files []string
	read  func(name string) ([]byte, error)
}

// wanted says whether a corpus file is one brat reads.
func wanted(name string) bool {
	base := path.Base(name)
	return base == "annotation.conf" || strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".ann")
}

// skipDir: hidden folders and macOS resource forks hold no documents.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// budget counts the bytes read from a corpus against MaxCorpusSize.
type budget struct {
	root string
	used int64
}

func (b *budget) take(n int) error {
	b.used += int64(n)
	if b.used > MaxCorpusSize {
		return &CorpusTooLargeError{Path: b.root, Reason: fmt.Sprintf("its files hold more than %d MB", MaxCorpusSize>>20)}
	}
	return nil
}

// folderSource lists a folder's brat files. Anything brat would read that
// is not a regular file (a named pipe, a link to a device) is refused
// before anything is opened, as is a folder over the limits.
func folderSource(dir string) (*source, error) {
	s := &source{root: dir}
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !wanted(d.Name()) {
			return nil
		}
		st, err := os.Stat(p) // follows a symbolic link to what it names
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return &formats.NotRegularError{Path: p, Mode: st.Mode()}
		}
		if st.Size() > MaxFileSize {
			return &formats.TooLargeError{Path: p, Limit: MaxFileSize, What: "file"}
		}
		total += st.Size()
		if total > MaxCorpusSize {
			return &CorpusTooLargeError{Path: dir, Reason: fmt.Sprintf("its .txt, .ann and .conf files hold more than %d MB", MaxCorpusSize>>20)}
		}
		if len(s.files) == MaxEntries {
			return &CorpusTooLargeError{Path: dir, Reason: fmt.Sprintf("it has more than %d .txt, .ann and .conf files", MaxEntries)}
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		s.files = append(s.files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := &budget{root: dir}
	s.read = func(name string) ([]byte, error) {
		data, err := formats.ReadRegular(filepath.Join(dir, filepath.FromSlash(name)), MaxFileSize)
		if err != nil {
			return nil, err
		}
		return data, b.take(len(data))
	}
	return s, nil
}

// zipSource lists an archive's brat files after CheckZip.
func zipSource(zpath string, zr *zip.Reader) (*source, error) {
	if err := CheckZip(zr); err != nil {
		return nil, fmt.Errorf("%s: %w", zpath, err)
	}
	s := &source{root: zpath}
	err := fs.WalkDir(zr, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if wanted(d.Name()) {
			s.files = append(s.files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zpath, err)
	}
	b := &budget{root: zpath}
	s.read = func(name string) ([]byte, error) {
		// Entries are read through their declared sizes (archive/zip
		// fails on an entry longer than declared), and the budget counts
		// what was actually read.
		data, err := formats.ReadRegularFS(zr, name, MaxFileSize)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", zpath, err)
		}
		return data, b.take(len(data))
	}
	return s, nil
}

// CheckZip refuses archives with entries that would land outside the
// extraction folder ("zip slip": ../ or absolute paths), entries too large
// to be a text, too many entries, or more uncompressed bytes in all than
// MaxCorpusSize (a "zip bomb" of many entries each under the per-file
// limit).
func CheckZip(zr *zip.Reader) error {
	if len(zr.File) > MaxEntries {
		return &CorpusTooLargeError{Reason: fmt.Sprintf("the archive has %d entries, more than the %d limit", len(zr.File), MaxEntries)}
	}
	var total uint64
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if path.IsAbs(name) || filepath.IsAbs(f.Name) || filepath.VolumeName(f.Name) != "" || (len(name) > 1 && name[1] == ':') {
			return fmt.Errorf("archive entry %q has an absolute path; refusing the archive", f.Name)
		}
		for _, el := range strings.Split(name, "/") {
			if el == ".." {
				return fmt.Errorf("archive entry %q points outside the archive (../); refusing the archive", f.Name)
			}
		}
		if f.UncompressedSize64 > MaxFileSize {
			return fmt.Errorf("archive entry %q is %d MB, larger than the %d MB limit", f.Name, f.UncompressedSize64>>20, MaxFileSize>>20)
		}
		if !wanted(name) {
			continue
		}
		if m := f.Mode(); !m.IsRegular() && !m.IsDir() { // a symlink entry
			return fmt.Errorf("archive entry %q: %w", f.Name, &formats.NotRegularError{Path: f.Name, Mode: f.Mode()})
		}
		total += f.UncompressedSize64
		if total > MaxCorpusSize {
			return &CorpusTooLargeError{Reason: fmt.Sprintf("the archive's .txt, .ann and .conf entries uncompress to more than %d MB", MaxCorpusSize>>20)}
		}
	}
	return nil
}
