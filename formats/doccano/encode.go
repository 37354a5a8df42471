package doccano

import (
	"strconv"
	"unicode/utf8"
)

// appendSpanRec writes r as encoding/json would (Encoder with
// SetEscapeHTML(false), newline included) without reflection: an export
// of a million spans spends its encoding time in the [start, end, "L"]
// triples. TestAppendSpanRecMatchesEncodingJSON keeps the bytes the same.
func appendSpanRec(b []byte, r *spanRec) []byte {
	b = append(b, '{')
	if r.ID != 0 {
		b = append(b, `"id":`...)
		b = strconv.AppendInt(b, r.ID, 10)
		b = append(b, ',')
	}
	if r.Name != "" {
		b = append(b, `"name":`...)
		b = appendJSONString(b, r.Name)
		b = append(b, ',')
	}
	b = append(b, `"text":`...)
	b = appendJSONString(b, r.Text)
	b = append(b, `,"label":[`...)
	for i, t := range r.Label {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTriple(b, t)
	}
	b = append(b, ']')
	return append(b, '}', '\n')
}

func appendTriple(b []byte, t spanTriple) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(t.Start), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(t.End), 10)
	b = append(b, ',')
	b = appendJSONString(b, t.Label)
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// jsonPlain[c] is true for a byte that valid UTF-8 text copies as it is:
// not a quote, a backslash, a control character or 0xE2 (which starts
// U+2028 and U+2029).
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\' && c != 0xE2
	}
	return t
}()

// appendJSONString is encoding/json's string encoding without HTML
// escaping: quotes, backslashes and control characters escaped, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return appendJSONStringSlow(b, s)
	}
	// Valid UTF-8 (every document's text is): a byte at a time through a
	// table, with no rune decoding; decoding each rune of the articles
	// export's 70 MB of text was half of its writer's time (issue 14).
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c == 0xE2 {
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		b = append(b, s[start:i]...)
		b = appendEscaped(b, c)
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscaped appends the escape of c, a quote, backslash or control
// character.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// appendJSONStringSlow is appendJSONString for text that is not valid
// UTF-8, rune by rune.
func appendJSONStringSlow(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscaped(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
