package model

import (
	"fmt"
	"unicode/utf8"
)

// TextIndex converts between the three offset units that annotation tools
// use for the same text: Unicode code points (Margin's own unit, as in
// Python, spaCy, brat and doccano), UTF-8 bytes (Go strings) and UTF-16
// code units (Java tools such as INCEpTION/WebAnno, older Label Studio).
//
// Building the index is O(n); every conversion afterwards is O(1) for
// code point -> byte/UTF-16 and O(log n) the other way.
type TextIndex struct {
	text string
	// byteAt[i] is the byte offset of code point i; byteAt[n] = len(text).
	byteAt []int32
	// utf16At[i] is the UTF-16 offset of code point i; nil when the text
	// has no astral-plane characters (then both units coincide).
	utf16At []int32
}

// NewTextIndex indexes text, which must be valid UTF-8.
func NewTextIndex(text string) *TextIndex {
	n := utf8.RuneCountInString(text)
	ix := &TextIndex{text: text, byteAt: make([]int32, n+1)}
	// One pass: utf16At is only made at the first astral-plane character
	// (most texts have none), up to which both offsets are the code point.
	// An import of 10,000 articles indexes every text, so this pass is a
	// measurable part of it (BENCHMARKS.md).
	cp := 0
	for b, r := range text {
		ix.byteAt[cp] = int32(b)
		if r > 0xFFFF && ix.utf16At == nil {
			ix.utf16At = make([]int32, n+1)
			for i := 0; i <= cp; i++ {
				ix.utf16At[i] = int32(i)
			}
		}
		if ix.utf16At != nil {
			u := ix.utf16At[cp] + 1
			if r > 0xFFFF {
				u++
			}
			ix.utf16At[cp+1] = u
		}
		cp++
	}
	ix.byteAt[n] = int32(len(text))
	return ix
}

// Text returns the indexed text.
func (ix *TextIndex) Text() string { return ix.text }

// Len is the length of the text in code points.
func (ix *TextIndex) Len() int { return len(ix.byteAt) - 1 }

// UTF16Len is the length of the text in UTF-16 code units.
func (ix *TextIndex) UTF16Len() int { return ix.CodePointToUTF16(ix.Len()) }

// CodePointToByte returns the byte offset of code point cp (0 <= cp <= Len).
func (ix *TextIndex) CodePointToByte(cp int) int { return int(ix.byteAt[cp]) }

// CodePointToUTF16 returns the UTF-16 offset of code point cp.
func (ix *TextIndex) CodePointToUTF16(cp int) int {
	if ix.utf16At == nil {
		return cp
	}
	return int(ix.utf16At[cp])
}

// ByteToCodePoint converts a byte offset to a code point offset. It fails
// when b is out of range or falls inside a multi-byte character.
func (ix *TextIndex) ByteToCodePoint(b int) (int, error) {
	i, ok := search32(ix.byteAt, b)
	if !ok {
		return 0, fmt.Errorf("byte offset %d is not on a character boundary (text has %d bytes)", b, len(ix.text))
	}
	return i, nil
}

// UTF16ToCodePoint converts a UTF-16 offset to a code point offset. It fails
// when u is out of range or splits a surrogate pair.
func (ix *TextIndex) UTF16ToCodePoint(u int) (int, error) {
	if ix.utf16At == nil {
		if u < 0 || u > ix.Len() {
			return 0, fmt.Errorf("UTF-16 offset %d out of range 0..%d", u, ix.Len())
		}
		return u, nil
	}
	i, ok := search32(ix.utf16At, u)
	if !ok {
		return 0, fmt.Errorf("UTF-16 offset %d splits a surrogate pair or is out of range 0..%d", u, ix.UTF16Len())
	}
	return i, nil
}

// Slice returns the text between code points start and end (end exclusive).
func (ix *TextIndex) Slice(start, end int) string {
	return ix.text[ix.byteAt[start]:ix.byteAt[end]]
}

// search32 finds v in the ascending slice a.
func search32(a []int32, v int) (int, bool) {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(a[m]) < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(a) && int(a[lo]) == v
}
