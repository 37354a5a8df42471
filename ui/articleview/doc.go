// Package articleview is Margin's article view: a virtualised, word-wrapped,
// selectable text widget that draws coloured highlight spans and reports
// selections and clicks as Unicode code-point offsets (end exclusive).
//
// It knows nothing about storage: callers hand it text and highlights and
// receive events. All mutating calls must be made on the Fyne goroutine.
//
// One concern per file: layout.go wraps the text, rows.go gives each line
// its height (relation, tag and underline rows only where a line needs
// them), render.go draws the visible page, style.go holds the colours,
// select.go the pointer, caret.go the keyboard caret and selection,
// tags.go the label tags, connectors.go the relations.
package articleview

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// document holds the text plus a code point -> byte index, so that the
// offsets the rest of Margin speaks (code points) convert to string slices in
// O(1) without keeping a []rune copy.
type document struct {
	text    string
	byteOff []int32 // byteOff[i] is the byte offset of rune i; len = runes+1
}

func newDocument(text string) *document {
	if !utf8.ValidString(text) {
		// Invalid bytes would make rune counts disagree with the caller's
		// (which count U+FFFD per bad byte, as range over string does), so
		// normalise them the same way.
		text = string([]rune(text))
	}
	d := &document{text: text}
	n := utf8.RuneCountInString(text)
	d.byteOff = make([]int32, 0, n+1)
	for i := range text {
		d.byteOff = append(d.byteOff, int32(i))
	}
	d.byteOff = append(d.byteOff, int32(len(text)))
	return d
}

// runes returns the number of code points in the document.
func (d *document) runes() int { return len(d.byteOff) - 1 }

func (d *document) clamp(off int) int {
	if off < 0 {
		return 0
	}
	if n := d.runes(); off > n {
		return n
	}
	return off
}

// slice returns the text of the rune range [a, b).
func (d *document) slice(a, b int) string {
	return d.text[d.byteOff[a]:d.byteOff[b]]
}

// runeAt returns the code point at offset i (utf8.RuneError past the end).
func (d *document) runeAt(i int) rune {
	if i < 0 || i >= d.runes() {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(d.text[d.byteOff[i]:])
	return r
}

// graphemeBounds returns the grapheme cluster boundaries of the rune range
// [a, b) as absolute rune offsets, including a and b.
func (d *document) graphemeBounds(a, b int) []int {
	out := []int{a}
	s := d.slice(a, b)
	state := -1
	off := a
	for len(s) > 0 {
		var c string
		c, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		off += utf8.RuneCountInString(c)
		out = append(out, off)
	}
	return out
}

// isTrimmable reports whether r should be left out at the edges of a
// word-snapped selection: white space and punctuation (curly quotes,
// guillemets, commas, full stops, brackets, dashes).
func isTrimmable(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '\r'
}
