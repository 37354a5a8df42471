package agreement

import "sort"

// NoSpan is the row and column of a confusion matrix for "no span of the
// same extent on this side".
const NoSpan = "∅"

// Confusion is a per-label confusion matrix between two annotators' spans:
// spans of the same extent (equal fragments, in the same document) are
// paired, and Counts[i][j] is how many of A's spans labelled Labels[i]
// B marked over the same extent as Labels[j]. The last label is NoSpan:
// its row counts B's spans over an extent A did not mark, its column A's
// spans B did not mark. The diagonal (without NoSpan) is the exact
// matches that span F1 counts.
type Confusion struct {
	A      string   `json:"a"`
	B      string   `json:"b"`
	Labels []string `json:"labels"`
	Counts [][]int  `json:"counts"`
}

// ConfusionMatrix pairs a's and b's spans by extent, per document. Where
// both sides marked one extent more than once (two labels on the same
// words), same-label pairs are taken first, then the rest pair in label
// order, and what is left meets NoSpan.
func ConfusionMatrix(spans []Span, a, b string) Confusion {
	type key struct{ doc, ext string }
	sides := map[key]*[2][]string{}
	var keys []key
	labels := map[string]bool{}
	for _, s := range spans {
		side := -1
		switch s.Annotator {
		case a:
			side = 0
		case b:
			side = 1
		}
		if side < 0 {
			continue
		}
		k := key{s.Doc, fragKey(s.Fragments)}
		if sides[k] == nil {
			sides[k] = &[2][]string{}
			keys = append(keys, k)
		}
		sides[k][side] = append(sides[k][side], s.Label)
		labels[s.Label] = true
	}
	c := Confusion{A: a, B: b, Labels: sortedKeys(labels)}
	c.Labels = append(c.Labels, NoSpan)
	idx := map[string]int{}
	for i, l := range c.Labels {
		idx[l] = i
	}
	c.Counts = make([][]int, len(c.Labels))
	for i := range c.Counts {
		c.Counts[i] = make([]int, len(c.Labels))
	}
	for _, k := range keys {
		la, lb := sides[k][0], sides[k][1]
		sort.Strings(la)
		sort.Strings(lb)
		// Same label first.
		var restA []string
		usedB := make([]bool, len(lb))
		for _, x := range la {
			found := false
			for j, y := range lb {
				if !usedB[j] && x == y {
					usedB[j], found = true, true
					c.Counts[idx[x]][idx[y]]++
					break
				}
			}
			if !found {
				restA = append(restA, x)
			}
		}
		var restB []string
		for j, y := range lb {
			if !usedB[j] {
				restB = append(restB, y)
			}
		}
		for i := 0; i < len(restA) || i < len(restB); i++ {
			x, y := NoSpan, NoSpan
			if i < len(restA) {
				x = restA[i]
			}
			if i < len(restB) {
				y = restB[i]
			}
			c.Counts[idx[x]][idx[y]]++
		}
	}
	return c
}
