package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

// MaxLine is the longest line a line-based reader accepts (64 MiB, the
// limit for one document's text file, formats/text.MaxSize): a JSON line
// holds one document, and reading an unbounded one would let a single
// corrupt or hostile line take all the memory.
const MaxLine = 64 << 20

// LineTooLongError reports a line over the limit. It names the file and
// line; readers wrap it, so callers test it with errors.As.
type LineTooLongError struct {
	File  string
	Line  int
	Limit int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("%s:%d: line is longer than %d MB, the limit for one document (is this the right format?)", e.File, e.Line, e.Limit>>20)
}

// LineReader reads lines of at most limit bytes each (not counting the
// '\n'), with their 1-based numbers. A longer line is refused after reading limit+1 bytes of it,
// so memory stays bounded by one line whatever the input holds.
type LineReader struct {
	br    *bufio.Reader
	file  string
	limit int
	line  int
	buf   []byte
}

// NewLineReader reads r (named file in errors) with lines up to limit
// bytes (MaxLine when limit <= 0).
func NewLineReader(r io.Reader, file string, limit int) *LineReader {
	if limit <= 0 {
		limit = MaxLine
	}
	return &LineReader{br: bufio.NewReaderSize(r, 1<<16), file: file, limit: limit}
}

// Next returns the next line with its terminating '\n' (if any) and its
// number; io.EOF after the last one. The slice is valid until the next
// call. Other errors are prefixed with file:line.
func (lr *LineReader) Next() ([]byte, int, error) {
	lr.line++
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if len(lr.buf)+len(chunk) > lr.limit+1 {
			// Drop the buffer: the refused line must not stay in memory.
			lr.buf = nil
			return nil, lr.line, &LineTooLongError{File: lr.file, Line: lr.line, Limit: lr.limit}
		}
		lr.buf = append(lr.buf, chunk...)
		switch {
		case err == nil:
			return lr.buf, lr.line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 {
				return nil, lr.line, io.EOF
			}
			if len(lr.buf) > lr.limit { // a last line without '\n'
				lr.buf = nil
				return nil, lr.line, &LineTooLongError{File: lr.file, Line: lr.line, Limit: lr.limit}
			}
			return lr.buf, lr.line, nil
		default:
			return nil, lr.line, fmt.Errorf("%s:%d: %w", lr.file, lr.line, err)
		}
	}
}

// ReadLines calls fn for every non-blank line of a JSON-lines input, with
// its 1-based number. A UTF-8 byte-order mark on the first line is dropped;
// invalid UTF-8 is refused (encoding/json would silently turn it into
// U+FFFD); a line longer than MaxLine is refused. Errors are prefixed
// with file:line.
func ReadLines(r io.Reader, file string, fn func(line int, raw []byte) error) error {
	lr := NewLineReader(r, file, MaxLine)
	any := false
	for {
		raw, line, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		any = true
		if !utf8.Valid(raw) {
			return fmt.Errorf("%s:%d: invalid UTF-8", file, line)
		}
		if ferr := fn(line, raw); ferr != nil {
			return fmt.Errorf("%s:%d: %w", file, line, ferr)
		}
	}
	if !any {
		return fmt.Errorf("%s: no documents (the file is empty)", file)
	}
	return nil
}

// CheckText refuses document texts Margin cannot store.
func CheckText(s string) error {
	if err := checkTextChars(s); err != nil {
		return err
	}
	if !utf8.ValidString(s) {
		return errTextNotUTF8
	}
	return nil
}

// CheckIndexedText is CheckText for a text already indexed, whose index
// found whether it is valid UTF-8 (model.TextIndex.Valid), so the text is
// not decoded a second time.
func CheckIndexedText(ix *model.TextIndex) error {
	if err := checkTextChars(ix.Text()); err != nil {
		return err
	}
	if !ix.Valid() {
		return errTextNotUTF8
	}
	return nil
}

var errTextNotUTF8 = errors.New(`"text" is not valid UTF-8`)

// checkTextChars is CheckText but for the encoding.
func checkTextChars(s string) error {
	// strings, not bytes: []byte(s) copied every text of an import twice.
	if len(strings.TrimSpace(s)) == 0 {
		return fmt.Errorf(`missing or empty "text"`)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf(`"text" contains a NUL character`)
	}
	return nil
}
