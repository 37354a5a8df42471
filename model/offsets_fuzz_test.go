package model

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzTextIndex checks that the offset conversions round-trip for every
// code point of any valid UTF-8 text, agree with the standard library, and
// refuse (never panic on) offsets that are out of range or split a
// character. Run: go test ./model -run '^$' -fuzz FuzzTextIndex -fuzztime 1m
func FuzzTextIndex(f *testing.F) {
	for _, s := range []string{
		"", "a", "Trump and Putin", "agreed to an “energy ceasefire”", "ok 👍🏽 deal", "🇺🇦 Kyiv",
		"cafe\u0301 talks", "line one\r\nline two", "Київ 停火 ceasefire", "\U0010FFFF\uFFFF\u0000",
		"\xef\xbb\xbfBOM", "\xff invalid", "real \ufffd replacement", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "cut \xe2\x80",
	} {
		f.Add(s, 3, 5)
	}
	f.Fuzz(func(t *testing.T, s string, b, u int) {
		if len(s) > 1<<14 {
			return // long inputs add no new paths and make minimizing crawl
		}
		ix := NewTextIndex(s)
		if ix.Valid() != utf8.ValidString(s) {
			t.Fatalf("Valid() = %v for %q, utf8.ValidString %v", ix.Valid(), s, utf8.ValidString(s))
		}
		if !utf8.ValidString(s) {
			if n := utf8.RuneCountInString(s); ix.Len() != n {
				t.Fatalf("Len = %d for invalid %q, want %d (a range loop's count)", ix.Len(), s, n)
			}
			return // beyond that NewTextIndex must only not panic
		}
		runes := []rune(s)
		if ix.Len() != len(runes) {
			t.Fatalf("Len = %d, want %d", ix.Len(), len(runes))
		}
		if ix.UTF16Len() != len(utf16.Encode(runes)) {
			t.Fatalf("UTF16Len = %d, want %d", ix.UTF16Len(), len(utf16.Encode(runes)))
		}
		var sb strings.Builder
		wantByte, wantUnit := 0, 0 // offsets of code point cp, counted here
		for cp := 0; cp <= ix.Len(); cp++ {
			if cp > 0 {
				wantByte += utf8.RuneLen(runes[cp-1])
				wantUnit += len(utf16.Encode(runes[cp-1 : cp]))
			}
			bo := ix.CodePointToByte(cp)
			if got, err := ix.ByteToCodePoint(bo); err != nil || got != cp {
				t.Fatalf("byte round trip of %d: %d, %v", cp, got, err)
			}
			uo := ix.CodePointToUTF16(cp)
			if got, err := ix.UTF16ToCodePoint(uo); err != nil || got != cp {
				t.Fatalf("UTF-16 round trip of %d: %d, %v", cp, got, err)
			}
			if uo != wantUnit {
				t.Fatalf("CodePointToUTF16(%d) = %d, want %d", cp, uo, wantUnit)
			}
			if bo != wantByte {
				t.Fatalf("CodePointToByte(%d) = %d, want %d", cp, bo, wantByte)
			}
			if cp < ix.Len() {
				sb.WriteString(ix.Slice(cp, cp+1))
			}
		}
		if sb.String() != s {
			t.Fatal("slices do not add up to the text")
		}
		// Arbitrary offsets: either refused or exact.
		if cp, err := ix.ByteToCodePoint(b); err == nil {
			if ix.CodePointToByte(cp) != b {
				t.Fatalf("ByteToCodePoint(%d) = %d, which is byte %d", b, cp, ix.CodePointToByte(cp))
			}
		} else if b >= 0 && b <= len(s) && utf8.RuneStart(append([]byte(s), 0)[b]) {
			t.Fatalf("ByteToCodePoint(%d) refused a character boundary: %v", b, err)
		}
		if cp, err := ix.UTF16ToCodePoint(u); err == nil {
			if ix.CodePointToUTF16(cp) != u {
				t.Fatalf("UTF16ToCodePoint(%d) = %d, which is unit %d", u, cp, ix.CodePointToUTF16(cp))
			}
		} else if u >= 0 && u <= ix.UTF16Len() {
			units := utf16.Encode(runes)
			lowSurrogate := u < len(units) && units[u] >= 0xDC00 && units[u] <= 0xDFFF
			if !lowSurrogate {
				t.Fatalf("UTF16ToCodePoint(%d) refused a valid offset: %v", u, err)
			}
		}
		// Fragments built from any two offsets validate or are refused.
		if b >= 0 && u >= 0 {
			frags := []Fragment{{Start: b % (ix.Len() + 1), End: u % (ix.Len() + 2)}}
			if err := ValidateFragments(frags, ix.Len()); err == nil {
				_ = CoveredText(ix, frags)
			}
		}
	})
}
