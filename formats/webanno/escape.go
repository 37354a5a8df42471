package webanno

import (
	"strconv"
	"strings"
)

// The escaping rules are INCEpTION's (inception-io-webanno-tsv,
// internal/tsv3x/Escaping.java at inception @55ba8ba6), so that a file
// either tool writes reads back the same in the other.

// valueEscapes are the reserved strings of a feature value and their
// escapes, as INCEpTION's escapeValue writes them. Margin also writes CR,
// form feed and backspace as \r, \f and \b (INCEpTION leaves them raw, and a
// raw CR would end the line for any reader); INCEpTION always escapes the
// backslash, so reading \r as CR cannot misread a file it wrote.
var valueEscaper = strings.NewReplacer(
	`\`, `\\`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `_`, `\_`, `->`, `\->`, `;`, `\;`, "\t", `\t`, "\n", `\n`, `*`, `\*`,
	"\r", `\r`, "\f", `\f`, "\b", `\b`)

// Escape escapes a feature value.
func Escape(s string) string { return valueEscaper.Replace(s) }

// Unescape reads an escaped feature value: a backslash followed by one of
// \ [ ] | _ ; * -> or the letters t n r f b stands for that character; any
// other backslash is kept, as INCEpTION's unescapeValue keeps it.
func Unescape(s string) string {
	return unescapeWith(s, func(rest string) (string, int) {
		switch n := rest[0]; {
		case strings.IndexByte(`\[]|_;*`, n) >= 0:
			return rest[:1], 1
		case letterControl[n] != 0:
			return string(letterControl[n]), 1
		case strings.HasPrefix(rest, "->"):
			return "->", 2
		}
		return "", 0
	})
}

// unescapeWith replaces every backslash escape of s: one gets the text
// after a backslash and returns the replacement and how many bytes of
// rest it stands for, or 0 to keep the backslash as written.
func unescapeWith(s string, one func(rest string) (string, int)) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		out, n := one(s[i+1:])
		if n == 0 {
			b.WriteByte('\\')
			continue
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

var letterControl = map[byte]byte{'t': '\t', 'n': '\n', 'r': '\r', 'f': '\f', 'b': '\b'}

// EscapeText escapes a #Text= line as INCEpTION's escapeText does: TAB, LF,
// FF, CR and BS become \t \n \f \r \b, the backslash is doubled, and the
// other C0 controls except VT (0-7, 14-31) get a backslash before them.
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\b':
			b.WriteString(`\b`)
		case c < 8 || (c > 13 && c < 32):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// UnescapeText reads a #Text= (or #Sentence.id=) line of a TSV 3.2 or later
// file, the inverse of EscapeText; a backslash before anything else is kept.
func UnescapeText(s string) string {
	return unescapeWith(s, func(rest string) (string, int) {
		switch n := rest[0]; {
		case n == '\\':
			return `\`, 1
		case letterControl[n] != 0:
			return string(letterControl[n]), 1
		case n < 8 || (n > 13 && n < 32):
			return rest[:1], 1
		}
		return "", 0
	})
}

// unescapeJava reads a #Text= line of a TSV 3.0 or 3.1 file, which
// INCEpTION reads with commons-text's unescapeJava: \t \b \n \r \f \' \" \\,
// octal \0 to \377 and \uXXXX. A malformed escape is kept as written.
func unescapeJava(s string) string {
	return unescapeWith(s, func(rest string) (string, int) {
		switch n := rest[0]; {
		case letterControl[n] != 0:
			return string(letterControl[n]), 1
		case n == '\\' || n == '\'' || n == '"':
			return rest[:1], 1
		case n >= '0' && n <= '7':
			// Up to three octal digits, two if the first is over 3 (\377 at most).
			j := 1
			for j < len(rest) && j < 3 && rest[j] >= '0' && rest[j] <= '7' {
				j++
			}
			if j == 3 && n > '3' {
				j = 2
			}
			v, _ := strconv.ParseUint(rest[:j], 8, 32)
			return string(rune(v)), j
		case n == 'u':
			j := 1
			for j < len(rest) && rest[j] == 'u' {
				j++
			}
			if j+4 <= len(rest) {
				if v, err := strconv.ParseUint(rest[j:j+4], 16, 32); err == nil {
					return string(rune(v)), j + 4
				}
			}
		}
		return "", 0
	})
}
