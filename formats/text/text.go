// Package text reads plain-text articles, refusing what is not text.
package text

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// MaxSize is the largest text file accepted (64 MiB): a book is a few MB;
// anything far larger is almost surely not an article.
const MaxSize = 64 << 20

// ReadFile reads one UTF-8 text file as a document named after the file.
func ReadFile(path string) (model.NewDocument, error) {
	// A named pipe or a link to /dev/zero is refused, not read forever.
	data, err := formats.ReadRegular(path, MaxSize)
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("import: %w", err)
	}
	text, err := Decode(data)
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("import %s: %w", path, err)
	}
	abs, _ := filepath.Abs(path)
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return model.NewDocument{Name: name, Text: text, Source: abs}, nil
}

// Decode checks that data is non-empty UTF-8 text and returns it. A UTF-8
// byte-order mark is dropped (offsets then count from the first real
// character, as every other tool does). Errors name line and byte; the
// byte offset counts in the file as given, BOM included, so that it points
// at the offending byte in a hex editor.
func Decode(data []byte) (string, error) {
	bom := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data, bom = data[3:], 3
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", fmt.Errorf("file is empty")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return "", fmt.Errorf("line %d, byte %d: NUL byte: this is a binary file, not text", line, i+bom)
	}
	if !utf8.Valid(data) {
		i := invalidAt(data)
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return "", fmt.Errorf("line %d, byte %d: invalid UTF-8 (byte 0x%02x); convert the file to UTF-8 first", line, i+bom, data[i])
	}
	return string(data), nil
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// Collect expands paths into .txt files: files are taken as they are,
// folders are walked for *.txt (sorted, so imports are reproducible).
func Collect(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".txt") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
	}
	return out, nil
}
