package formats

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestLineReaderBoundsEachLine(t *testing.T) {
	in := "abcde\nabcdef\n\nabc"
	lr := NewLineReader(strings.NewReader(in), "f.jsonl", 5)
	raw, n, err := lr.Next()
	if err != nil || string(raw) != "abcde\n" || n != 1 {
		t.Fatalf("line 1: %q %d %v", raw, n, err)
	}
	_, n, err = lr.Next()
	var tl *LineTooLongError
	if !errors.As(err, &tl) || tl.Line != 2 || n != 2 || !strings.HasPrefix(err.Error(), "f.jsonl:2: line is longer than") {
		t.Fatalf("line 2: %v", err)
	}
	// Small lines and a last line without a newline are read whole.
	lr = NewLineReader(strings.NewReader("a\n\nabc"), "f", 4)
	var got []string
	for {
		raw, _, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(raw))
	}
	if strings.Join(got, "|") != "a\n|\n|abc" {
		t.Errorf("lines %q", got)
	}
	if _, _, err := NewLineReader(strings.NewReader("abcde"), "f", 4).Next(); !errors.As(err, &tl) || tl.Line != 1 {
		t.Errorf("last line over the limit: %v", err)
	}
	// Lines longer than bufio's buffer but under the limit are joined.
	long := strings.Repeat("x", 200_000)
	lr = NewLineReader(strings.NewReader(long+"\nz"), "f", 0)
	if raw, _, err := lr.Next(); err != nil || len(raw) != len(long)+1 {
		t.Fatalf("long line: %d %v", len(raw), err)
	}
}

func TestReadLinesNamesFileAndLine(t *testing.T) {
	err := ReadLines(strings.NewReader("{}\n\xff\n"), "x.jsonl", func(int, []byte) error { return nil })
	if err == nil || err.Error() != "x.jsonl:2: invalid UTF-8" {
		t.Fatalf("err = %v", err)
	}
	err = ReadLines(strings.NewReader("\xef\xbb\xbf{}\n"), "x.jsonl", func(line int, raw []byte) error {
		if line != 1 || string(raw) != "{}\n" {
			t.Errorf("line %d %q", line, raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
