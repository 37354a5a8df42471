package qdpx

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

// The standard counts code points (10.2), so a Windows line break "\r\n"
// is two. ATLAS.ti and MAXQDA count it as one: QualCoder's importer
// (refi.py, load_text_source) keeps ATLAS.ti's positions against a text
// read with "\r\n" turned into "\n", and its exporter offers to write
// "\r\n" for MAXQDA while counting one. Such positions drift by one per
// line break. Which count a file uses is decided per source from the
// evidence the file itself carries: ATLAS.ti names a quotation by its
// text, so the count under which more selection names equal the text
// they select wins; without such evidence the standard's count stands.

// crlfPairs lists, in the text with every "\r\n" made "\n", the position
// of each such line break; nil when the text has none.
func crlfPairs(text string) []int {
	if !strings.Contains(text, "\r\n") {
		return nil
	}
	var out []int
	pos, pairs := 0, 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\r' && strings.HasPrefix(text[i+1:], "\n") {
			out = append(out, pos-pairs)
			pairs++
		}
		pos++
		i += n
	}
	return out
}

// fromOneCRLF maps a position that counts "\r\n" as one character to a
// code point position: one more for every line break before it.
func fromOneCRLF(pairs []int, p int) int {
	return p + sort.SearchInts(pairs, p)
}

// crlfAsOne reports whether the selections' names show that their
// positions count "\r\n" as one character.
func crlfAsOne(sels []xSelection, ix *model.TextIndex, pairs []int) bool {
	if len(pairs) == 0 {
		return false
	}
	std, one := 0, 0
	for _, s := range sels {
		name := strings.TrimSpace(s.Name)
		start, err1 := strconv.Atoi(strings.TrimSpace(s.Start))
		end, err2 := strconv.Atoi(strings.TrimSpace(s.End))
		if name == "" || err1 != nil || err2 != nil || start < 0 || start >= end {
			continue
		}
		if namesText(name, ix, start, end) {
			std++
		}
		if namesText(name, ix, fromOneCRLF(pairs, start), fromOneCRLF(pairs, end)) {
			one++
		}
	}
	return one > std
}

// namesText reports whether name is the text at start-end, or its
// beginning cut with "…" as ATLAS.ti cuts long quotations. White space is
// compared loosely: XML turns line breaks in attribute values into
// spaces.
func namesText(name string, ix *model.TextIndex, start, end int) bool {
	if end > ix.Len() {
		return false
	}
	got := strings.Join(strings.Fields(ix.Slice(start, end)), " ")
	want := strings.Join(strings.Fields(name), " ")
	if cut, ok := strings.CutSuffix(want, "…"); ok {
		return cut != "" && strings.HasPrefix(got, strings.TrimSpace(cut))
	}
	return got == want
}
