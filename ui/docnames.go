package ui

import (
	"sort"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

// Names in the document list are cut in the middle to the list's width
// (midLabel). Documents exported from one corpus often share a long
// start ("synthetic-black-sea-grain-corridor-talks-first-round",
// "…-second-round"), and a cut that kept as much of the start as of the
// end made them alike ("synth…ound"). A name that shares sharedStart or
// more runes of its start with another keeps sharedHead of them when cut,
// and the rest of the width shows its end, where such names differ.
const (
	sharedStart = 8
	sharedHead  = 4
)

// nameCut is how the list cuts one document's name: head is the most
// runes of its start kept (0: as many as of its end), and [from, to) the
// runes where it differs from the name most like it (to 0: no such name).
type nameCut struct{ head, from, to int }

// sharedStartCuts is, per document of docs that shares a long start
// (sharedStart runes or more) with another, how the list cuts its name:
// sharedHead runes of the start, and the runes where it differs from the
// other kept in view (cutApart). Sorted, a name's longest shared start is
// with a neighbour.
func sharedStartCuts(docs []model.DocumentSummary) map[int64]nameCut {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return docs[order[a]].Name < docs[order[b]].Name })
	out := map[int64]nameCut{}
	for k := 1; k < len(order); k++ {
		a, b := docs[order[k-1]], docs[order[k]]
		p := sharedRunes(a.Name, b.Name)
		if p < sharedStart {
			continue
		}
		la, lb := utf8.RuneCountInString(a.Name), utf8.RuneCountInString(b.Name)
		e := min(sharedEnd(a.Name, b.Name), la-p, lb-p)
		for _, d := range []struct {
			doc model.DocumentSummary
			n   int
		}{{a, la}, {b, lb}} {
			if c, ok := out[d.doc.ID]; !ok || p > c.from {
				out[d.doc.ID] = nameCut{head: sharedHead, from: p, to: d.n - e}
			}
		}
	}
	return out
}

// sharedEnd is how many runes a and b share at their end.
func sharedEnd(a, b string) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		ra, sa := utf8.DecodeLastRuneInString(a)
		rb, sb := utf8.DecodeLastRuneInString(b)
		if ra != rb {
			break
		}
		a, b, n = a[:len(a)-sa], b[:len(b)-sb], n+1
	}
	return n
}

// sharedRunes is how many runes a and b share at their start (compared
// byte by byte: no copy of 10,000 names at each listing).
func sharedRunes(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && !utf8.RuneStart(a[n]) {
		n-- // a rune both start with but that differs in a later byte
	}
	return utf8.RuneCountInString(a[:n])
}
