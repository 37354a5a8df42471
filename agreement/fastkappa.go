package agreement

import (
	"sort"
)

// Token kappa over a project (1,000 documents x 3 annotators is over a
// million tokens per annotator) works on category codes instead of
// strings: the tags are indexes into a small table of label names, so
// Cohen's and Fleiss' kappa count into slices instead of maps. The results
// are the same numbers, summed in the same order, as CohenKappa and
// FleissKappa on the string tags (TestTokenKappaCodesMatchStrings).

// tagTable interns category names; code 0 is Outside.
type tagTable struct {
	names []string
	codes map[string]int32
}

func newTagTable() *tagTable {
	return &tagTable{names: []string{Outside}, codes: map[string]int32{Outside: 0}}
}

func (t *tagTable) code(name string) int32 {
	c, ok := t.codes[name]
	if !ok {
		c = int32(len(t.names))
		t.names = append(t.names, name)
		t.codes[name] = c
	}
	return c
}

// sortedCodes lists the codes with a non-zero count, by name.
func (t *tagTable) sortedCodes(counts []int) []int32 {
	var out []int32
	for c, n := range counts {
		if n > 0 {
			out = append(out, int32(c))
		}
	}
	sort.Slice(out, func(i, j int) bool { return t.names[out[i]] < t.names[out[j]] })
	return out
}

// tokenTagCodes is TokenTags as codes, written into tags (zero: Outside),
// with best as scratch space (returned, grown, for the next call). Tokens
// are sorted and disjoint, so the tokens inside a fragment are one run,
// found by binary search.
func tokenTagCodes(tags []int32, best []int, tokens []Fragment, spans []Span, tt *tagTable) []int {
	if cap(best) < len(tokens) {
		best = make([]int, len(tokens))
	}
	best = best[:len(tokens)]
	for i := range best {
		best[i] = -1
	}
	for _, s := range spans {
		n := s.length()
		c := tt.code(s.Label)
		for _, f := range s.Fragments {
			i := sort.Search(len(tokens), func(k int) bool { return tokens[k].Start >= f.Start })
			for ; i < len(tokens) && tokens[i].End <= f.End; i++ {
				if best[i] < 0 || n < best[i] || (n == best[i] && s.Label < tt.names[tags[i]]) {
					best[i], tags[i] = n, c
				}
			}
		}
	}
	return best
}

// cohenCodes is CohenKappa on codes.
func cohenCodes(a, b []int32, tt *tagTable) (float64, error) {
	if len(a) == 0 {
		return 0, ErrNoData
	}
	n := float64(len(a))
	agree := 0
	ma, mb := make([]int, len(tt.names)), make([]int, len(tt.names))
	for i := range a {
		if a[i] == b[i] {
			agree++
		}
		ma[a[i]]++
		mb[b[i]]++
	}
	po := float64(agree) / n
	pe := 0.0
	for _, c := range tt.sortedCodes(ma) {
		pe += float64(ma[c]) / n * float64(mb[c]) / n
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

// fleissCodes is FleissKappa with item t rated seqs[0][t], seqs[1][t], ...
func fleissCodes(seqs [][]int32, tt *tagTable) (float64, error) {
	m := len(seqs)
	if m < 2 {
		return 0, ErrTooFewAnnotators
	}
	items := len(seqs[0])
	if items == 0 {
		return 0, ErrNoData
	}
	pooled := make([]int, len(tt.names))
	sumPi := 0.0
	for t := 0; t < items; t++ {
		// Σ_c k_c(k_c−1) is the number of ordered rater pairs that agree.
		agreeing := 0
		for i := 0; i < m; i++ {
			c := seqs[i][t]
			pooled[c]++
			for j := i + 1; j < m; j++ {
				if seqs[j][t] == c {
					agreeing += 2
				}
			}
		}
		sumPi += float64(agreeing) / float64(m*(m-1))
	}
	n := float64(items)
	po := sumPi / n
	pe := 0.0
	for _, c := range tt.sortedCodes(pooled) {
		p := float64(pooled[c]) / (n * float64(m))
		pe += p * p
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}
