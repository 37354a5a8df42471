package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ReadLines calls fn for every non-blank line of a JSON-lines input, with
// its 1-based number. A UTF-8 byte-order mark on the first line is dropped;
// invalid UTF-8 is refused (encoding/json would silently turn it into
// U+FFFD). Errors are prefixed with file:line.
func ReadLines(r io.Reader, file string, fn func(line int, raw []byte) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	any := false
	for line := 1; ; line++ {
		raw, err := br.ReadBytes('\n')
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			any = true
			if !utf8.Valid(raw) {
				return fmt.Errorf("%s:%d: invalid UTF-8", file, line)
			}
			if ferr := fn(line, raw); ferr != nil {
				return fmt.Errorf("%s:%d: %w", file, line, ferr)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
	}
	if !any {
		return fmt.Errorf("%s: no documents (the file is empty)", file)
	}
	return nil
}

// CheckText refuses document texts Margin cannot store.
func CheckText(s string) error {
	if len(bytes.TrimSpace([]byte(s))) == 0 {
		return fmt.Errorf(`missing or empty "text"`)
	}
	if bytes.IndexByte([]byte(s), 0) >= 0 {
		return fmt.Errorf(`"text" contains a NUL character`)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf(`"text" is not valid UTF-8`)
	}
	return nil
}
