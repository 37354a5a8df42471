package conll

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxLine is the longest line a CoNLL file may have. A line holds one
// token and its columns (CoNLL-U comment lines hold a sentence), so 1 MiB
// is far beyond any real file; a longer line means the input is not CoNLL
// (a binary file, one huge JSON line, /dev/zero), and reading it whole
// would take memory without bound.
const MaxLine = 1 << 20

// LineTooLongError reports a line over MaxLine bytes.
type LineTooLongError struct {
	File string
	Line int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("%s:%d: line longer than %d KiB; a CoNLL line holds one token and its tags (is this a CoNLL file?)", e.File, e.Line, MaxLine>>10)
}

// lineReader reads lines of at most MaxLine bytes, numbering them from 1;
// every error it returns names the file and the line.
type lineReader struct {
	br   *bufio.Reader
	file string
	n    int
	buf  []byte
}

func newLineReader(r io.Reader, file string) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), file: file}
}

// next returns the next line without its "\n" or "\r\n" and its number;
// io.EOF after the last line.
func (l *lineReader) next() (string, int, error) {
	l.buf = l.buf[:0]
	l.n++
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(chunk) > MaxLine+2 { // +2: the line's own "\r\n"
			return "", l.n, &LineTooLongError{File: l.file, Line: l.n}
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			return strings.TrimSuffix(strings.TrimSuffix(string(l.buf), "\n"), "\r"), l.n, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(l.buf) == 0 {
				return "", l.n, io.EOF
			}
			return strings.TrimSuffix(string(l.buf), "\r"), l.n, nil
		default:
			return "", l.n, fmt.Errorf("%s:%d: %w", l.file, l.n, err)
		}
	}
}
