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
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(t[0].(int)), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(t[1].(int)), 10)
		b = append(b, ',')
		b = appendJSONString(b, t[2].(string))
		b = append(b, ']')
	}
	b = append(b, ']')
	return append(b, '}', '\n')
}

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding without HTML
// escaping: quotes, backslashes and control characters escaped, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
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
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
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
