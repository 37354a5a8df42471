package text

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var byteRE = regexp.MustCompile(`line (\d+), byte (\d+)`)

// FuzzDecode: Decode never panics; what it accepts is the input minus a
// leading BOM, valid UTF-8 without NUL and not blank; what it refuses is
// explained with a line and byte offset that point at the offending byte
// of the file as given (BOM included).
// Run: go test ./formats/text -run '^$' -fuzz FuzzDecode -fuzztime 1m
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"A ceasefire was agreed.\n", "", "  \n\t", "Kyiv\n\xff\xfe talks", "PK\x03\x04\x00\x00data",
		"\xef\xbb\xbfPutin agreed", "\xef\xbb\xbf", "\xef\xbb\xbf\n\xc3", "line\r\nline\x00", "👍🏽\xed\xa0\x80",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // long inputs add no new paths and make minimizing crawl
		}
		text, err := Decode(data)
		if err == nil {
			want := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			if text != string(want) {
				t.Fatalf("Decode changed the text: %q -> %q", data, text)
			}
			if !utf8.ValidString(text) || strings.ContainsRune(text, 0) || strings.TrimSpace(text) == "" {
				t.Fatalf("Decode accepted %q", data)
			}
			return
		}
		m := byteRE.FindStringSubmatch(err.Error())
		if m == nil {
			if !strings.Contains(err.Error(), "empty") {
				t.Fatalf("error without line and byte: %v", err)
			}
			return
		}
		line, _ := strconv.Atoi(m[1])
		at, _ := strconv.Atoi(m[2])
		if at < 0 || at >= len(data) {
			t.Fatalf("%v: byte %d outside the %d-byte input", err, at, len(data))
		}
		if want := bytes.Count(data[:at], []byte("\n")) + 1; line != want {
			t.Fatalf("%v: line %d, want %d", err, line, want)
		}
		if r, n := utf8.DecodeRune(data[at:]); data[at] != 0 && !(r == utf8.RuneError && n <= 1) {
			t.Fatalf("%v: byte %d (%q) is neither NUL nor invalid UTF-8 in %q", err, at, data[at:at+n], data)
		}
	})
}
