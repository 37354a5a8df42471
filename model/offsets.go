package model

import (
	"fmt"
	"sync"
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
	// astral is the first code point outside the Basic Multilingual Plane
	// (a UTF-16 surrogate pair), -1 when there is none: then code points
	// and UTF-16 units coincide and no table is needed.
	astral int
	// utf16At[i] is the UTF-16 offset of code point i, built at the first
	// conversion that needs it (utf16Once): only the formats that count
	// in UTF-16 do, while every import indexes every text (an emoji in
	// each of 10,000 articles made this table a third of the indexing,
	// issue 14).
	utf16At   []int32
	utf16Once sync.Once
	invalid   bool // the text is not valid UTF-8
}

// NewTextIndex indexes text. For text that is not valid UTF-8 (Valid
// false) each invalid byte counts as one code point, as in a Go range
// loop; callers refuse such text.
func NewTextIndex(text string) *TextIndex {
	// One pass that also checks the encoding: an import of 10,000
	// articles indexes every text, and counting the code points first
	// and validating apart were two more passes over each (issue 14).
	// The table is sized by the byte length, an upper bound, and copied
	// to its size when that was far too large (text mostly outside
	// ASCII).
	byteAt := make([]int32, len(text)+1)
	ix := &TextIndex{text: text, astral: -1}
	cp := 0
	for b, r := range text {
		byteAt[cp] = int32(b)
		if r >= utf8.RuneError { // rare: U+FFFD or an invalid byte, U+FFFE/U+FFFF, or outside the BMP
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(text[b:]); size == 1 { // a real U+FFFD takes 3 bytes
					ix.invalid = true
				}
			}
			if r > 0xFFFF && ix.astral < 0 {
				ix.astral = cp
			}
		}
		cp++
	}
	byteAt[cp] = int32(len(text))
	byteAt = byteAt[:cp+1]
	if cap(byteAt) > 2*len(byteAt)+1024 {
		byteAt = append(make([]int32, 0, len(byteAt)), byteAt...)
	}
	ix.byteAt = byteAt
	return ix
}

// Valid says whether the indexed text is valid UTF-8 (utf8.ValidString),
// found while indexing.
func (ix *TextIndex) Valid() bool { return !ix.invalid }

// utf16 returns utf16At, building it on first use; nil when the text has
// no astral-plane character.
func (ix *TextIndex) utf16() []int32 {
	if ix.astral < 0 {
		return nil
	}
	ix.utf16Once.Do(func() {
		n := ix.Len()
		u := make([]int32, n+1)
		for i := 0; i <= ix.astral; i++ { // up to the first, both offsets are the code point
			u[i] = int32(i)
		}
		for i := ix.astral; i < n; i++ {
			w := int32(1)
			if ix.byteAt[i+1]-ix.byteAt[i] == 4 { // four UTF-8 bytes: outside the BMP
				w = 2
			}
			u[i+1] = u[i] + w
		}
		ix.utf16At = u
	})
	return ix.utf16At
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
	u := ix.utf16()
	if u == nil {
		return cp
	}
	return int(u[cp])
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
	table := ix.utf16()
	if table == nil {
		if u < 0 || u > ix.Len() {
			return 0, fmt.Errorf("UTF-16 offset %d out of range 0..%d", u, ix.Len())
		}
		return u, nil
	}
	i, ok := search32(table, u)
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
