package qdpx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/formats/brat"
)

// archive is an open .qdpx: project.qde and the files of its sources
// folder. The standard (8.1) names the folder "sources"; ATLAS.ti's
// examples and QualCoder before 3.6 write "Sources", so the folder and the
// GUID file names are matched without regard to case.
type archive struct {
	path     string
	zr       *zip.ReadCloser
	qde      *zip.File
	sources  map[string]*zip.File // lower-case file name -> entry
	size     int64                // of the .qdpx, for progress
	read     int64                // compressed bytes of the entries read so far
	external []string             // files read from outside the archive
}

func openArchive(p string) (*archive, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("import qdpx %s: not a readable .qdpx (zip) archive: %w", p, err)
	}
	a := &archive{path: p, zr: zr, sources: map[string]*zip.File{}}
	if st, err := os.Stat(p); err == nil {
		a.size = st.Size()
	}
	if err := brat.CheckZip(&zr.Reader); err != nil {
		zr.Close()
		return nil, fmt.Errorf("import qdpx %s: %w", p, err)
	}
	var qdes []*zip.File
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		dir, base := path.Split(name)
		switch {
		case dir == "" && strings.EqualFold(path.Ext(base), ".qde"):
			qdes = append(qdes, f)
		case strings.EqualFold(strings.TrimSuffix(dir, "/"), "sources") && base != "":
			a.sources[strings.ToLower(base)] = f
		}
	}
	for _, f := range qdes {
		if strings.EqualFold(f.Name, "project.qde") || len(qdes) == 1 {
			a.qde = f
		}
	}
	if a.qde == nil {
		zr.Close()
		if len(qdes) > 1 {
			return nil, fmt.Errorf("import qdpx %s: %d .qde files and none is project.qde; which one is the project is unclear", p, len(qdes))
		}
		return nil, fmt.Errorf("import qdpx %s: no project.qde in the archive (is it a REFI-QDA project export?)", p)
	}
	return a, nil
}

func (a *archive) Close() error { return a.zr.Close() }

func (a *archive) openQDE() (io.ReadCloser, error) {
	rc, err := a.qde.Open()
	if err != nil {
		return nil, fmt.Errorf("import qdpx %s: %s: %w", a.path, a.qde.Name, err)
	}
	return rc, nil
}

// readText returns the UTF-8 text a plainTextPath points to:
// internal://NAME is NAME in the sources folder; relative://P is P under
// the project's basePath (or beside the .qdpx when it has none);
// absolute://P is the file P (8.3). The standard (9.1.2) makes plain text
// UTF-8; a byte-order mark, which QualCoder writes, is dropped: positions
// count the text after it.
func (a *archive) readText(ref, basePath string) (string, error) {
	var data []byte
	switch {
	case hasScheme(ref, "internal://"):
		name := strings.TrimLeft(ref[len("internal://"):], "/")
		f, ok := a.sources[strings.ToLower(name)]
		if !ok {
			return "", fmt.Errorf("%s: no file %q in the archive's sources folder", ref, name)
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("%s: %w", ref, err)
		}
		data, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", ref, err)
		}
		a.read += int64(f.CompressedSize64)
	case hasScheme(ref, "relative://"), hasScheme(ref, "absolute://"):
		p := externalPath(ref, basePath, filepath.Dir(a.path))
		var err error
		if data, err = os.ReadFile(p); err != nil {
			return "", fmt.Errorf("%s: external source: %w", ref, err)
		}
		// The standard keeps plain text inside the archive (9.1.2) and
		// external paths for media (8.3); reading a file from elsewhere
		// on this computer is said, so it never happens unseen.
		a.external = append(a.external, p)
	default:
		return "", fmt.Errorf("source path %q: want internal://, relative:// or absolute:// (REFI-QDA 8.3)", ref)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s: not UTF-8 at byte %d (REFI-QDA 9.1.2 requires UTF-8 plain text)", ref, invalidAt(data))
	}
	return string(data), nil
}

func hasScheme(ref, scheme string) bool {
	return len(ref) >= len(scheme) && strings.EqualFold(ref[:len(scheme)], scheme)
}

// externalPath turns relative:// and absolute:// references into a file
// path. "absolute:///C:/x" is the Windows path C:/x; "absolute:///home/x"
// is /home/x.
func externalPath(ref, basePath, beside string) string {
	if hasScheme(ref, "absolute://") {
		p := ref[len("absolute://"):]
		if len(p) > 2 && p[0] == '/' && p[2] == ':' {
			p = p[1:]
		}
		return filepath.FromSlash(p)
	}
	rel := strings.TrimLeft(ref[len("relative://"):], "/")
	base := basePath
	if base == "" {
		base = beside
	}
	return filepath.Join(filepath.FromSlash(base), filepath.FromSlash(rel))
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
