package agreement

import (
	"fmt"
	"sort"
	"strings"
)

// MatchMode says when two spans of the same label count as the same
// annotation.
type MatchMode int

const (
	// Exact: same label and every fragment identical.
	Exact MatchMode = iota
	// Overlap: same label and at least one shared code point; spans are
	// paired one-to-one, greedily by largest overlap, so one long span cannot
	// "match" several short ones.
	Overlap
)

func (m MatchMode) String() string {
	if m == Overlap {
		return "overlap"
	}
	return "exact"
}

// F1Options configures SpanF1.
type F1Options struct {
	Mode MatchMode
	// Annotators restricts the comparison to these annotators (in this
	// order). Empty: every annotator that has a span, sorted.
	Annotators []string
	// Label restricts the comparison to spans with this label. Empty: all.
	Label string
	// Docs lists, per document key, the annotators who worked on it. A
	// document counts as annotated by an annotator if they have at least one
	// span there (of any label) OR are listed here. Listing matters: an
	// annotator who read a document and found nothing disagrees with one who
	// annotated it, but without the list that document would be skipped.
	Docs map[string][]string
}

// PairF1 is the instance-based agreement of one ordered pair of annotators.
type PairF1 struct {
	A         string `json:"a"`
	B         string `json:"b"`
	Documents int    `json:"documents"` // documents both annotated
	Matches   int    `json:"matches"`
	CountA    int    `json:"count_a"`
	CountB    int    `json:"count_b"`
	// F1 = 2·matches/(|A|+|B|); nil when both sets are empty (0/0).
	F1 *float64 `json:"f1,omitempty"`
	// Precision and Recall take A as the reference: precision =
	// matches/|B|, recall = matches/|A|; nil when the denominator is 0.
	Precision *float64 `json:"precision,omitempty"`
	Recall    *float64 `json:"recall,omitempty"`
}

// F1Summary is a set of pairs with the mean and population standard
// deviation of their F1. Pairs whose F1 is undefined are listed but left out
// of the mean; DefinedPairs says how many went in.
type F1Summary struct {
	Pairs        []PairF1 `json:"pairs"`
	DefinedPairs int      `json:"defined_pairs"`
	Mean         *float64 `json:"mean,omitempty"`
	StdDev       *float64 `json:"sd,omitempty"`
}

// F1Report is the result of SpanF1: the overall (micro, all documents)
// figures plus breakdowns per label and per document.
type F1Report struct {
	Mode       string   `json:"mode"`
	Label      string   `json:"label,omitempty"`
	Annotators []string `json:"annotators"`
	F1Summary
	Labels    map[string]F1Summary `json:"labels"`
	Documents map[string]F1Summary `json:"documents"`
}

// counts is the tally of one annotator pair on one document and label.
type counts struct{ matches, a, b int }

func (c *counts) add(o counts) { c.matches += o.matches; c.a += o.a; c.b += o.b }

// SpanF1 computes pairwise instance-based F1 (as bratiaa does): for each pair
// of annotators, matches, |A| and |B| are summed over the documents both
// annotated (micro), F1 = 2·matches/(|A|+|B|). With A taken as gold this is
// the usual precision/recall F1.
func SpanF1(spans []Span, opts F1Options) (F1Report, error) {
	if err := validateSpans(spans); err != nil {
		return F1Report{}, err
	}
	anns := annotatorsOf(spans, opts.Annotators)
	rep := F1Report{Mode: opts.Mode.String(), Label: opts.Label, Annotators: anns,
		Labels: map[string]F1Summary{}, Documents: map[string]F1Summary{}}
	if len(anns) < 2 {
		return rep, ErrTooFewAnnotators
	}
	selected := map[string]bool{}
	for _, a := range anns {
		selected[a] = true
	}

	// Which annotator worked on which document: any span (whatever its
	// label) or the caller's list.
	worked := map[string]map[string]bool{}
	mark := func(doc, ann string) {
		if !selected[ann] {
			return
		}
		if worked[doc] == nil {
			worked[doc] = map[string]bool{}
		}
		worked[doc][ann] = true
	}
	for _, s := range spans {
		mark(s.Doc, s.Annotator)
	}
	for doc, list := range opts.Docs {
		for _, a := range list {
			mark(doc, a)
		}
	}

	// doc -> label -> annotator -> spans, after the label filter.
	by := map[string]map[string]map[string][]Span{}
	labelSet := map[string]bool{}
	for _, s := range spans {
		if !selected[s.Annotator] || (opts.Label != "" && s.Label != opts.Label) {
			continue
		}
		if by[s.Doc] == nil {
			by[s.Doc] = map[string]map[string][]Span{}
		}
		if by[s.Doc][s.Label] == nil {
			by[s.Doc][s.Label] = map[string][]Span{}
		}
		by[s.Doc][s.Label][s.Annotator] = append(by[s.Doc][s.Label][s.Annotator], s)
		labelSet[s.Label] = true
	}
	if opts.Label != "" {
		labelSet[opts.Label] = true
	}
	labels := sortedKeys(labelSet)
	docs := sortedKeys(worked)

	type pairKey struct{ i, j int }
	overall := map[pairKey]*counts{}
	overallDocs := map[pairKey]int{}
	perLabel := map[string]map[pairKey]*counts{}
	for _, l := range labels {
		perLabel[l] = map[pairKey]*counts{}
	}
	for _, doc := range docs {
		var docPairs []PairF1
		for i := 0; i < len(anns); i++ {
			for j := i + 1; j < len(anns); j++ {
				if !worked[doc][anns[i]] || !worked[doc][anns[j]] {
					continue
				}
				k := pairKey{i, j}
				overallDocs[k]++
				if overall[k] == nil {
					overall[k] = &counts{}
				}
				var docTotal counts
				for _, l := range labels {
					c := matchSpans(by[doc][l][anns[i]], by[doc][l][anns[j]], opts.Mode)
					docTotal.add(c)
					if perLabel[l][k] == nil {
						perLabel[l][k] = &counts{}
					}
					perLabel[l][k].add(c)
				}
				overall[k].add(docTotal)
				docPairs = append(docPairs, makePair(anns[i], anns[j], 1, docTotal))
			}
		}
		if len(docPairs) > 0 {
			rep.Documents[doc] = summarize(docPairs)
		}
	}

	collect := func(m map[pairKey]*counts) []PairF1 {
		var out []PairF1
		for i := 0; i < len(anns); i++ {
			for j := i + 1; j < len(anns); j++ {
				k := pairKey{i, j}
				c := counts{}
				if m[k] != nil {
					c = *m[k]
				}
				out = append(out, makePair(anns[i], anns[j], overallDocs[k], c))
			}
		}
		return out
	}
	rep.F1Summary = summarize(collect(overall))
	for _, l := range labels {
		rep.Labels[l] = summarize(collect(perLabel[l]))
	}
	return rep, nil
}

func makePair(a, b string, docs int, c counts) PairF1 {
	p := PairF1{A: a, B: b, Documents: docs, Matches: c.matches, CountA: c.a, CountB: c.b}
	if c.a+c.b > 0 {
		p.F1 = fptr(2 * float64(c.matches) / float64(c.a+c.b))
	}
	if c.b > 0 {
		p.Precision = fptr(float64(c.matches) / float64(c.b))
	}
	if c.a > 0 {
		p.Recall = fptr(float64(c.matches) / float64(c.a))
	}
	return p
}

func summarize(pairs []PairF1) F1Summary {
	var vals []float64
	for _, p := range pairs {
		if p.F1 != nil {
			vals = append(vals, *p.F1)
		}
	}
	s := F1Summary{Pairs: pairs, DefinedPairs: len(vals)}
	s.Mean, s.StdDev = meanSD(vals)
	return s
}

// matchSpans counts matches between two annotators' spans of one label in
// one document.
func matchSpans(a, b []Span, mode MatchMode) counts {
	c := counts{a: len(a), b: len(b)}
	if len(a) == 0 || len(b) == 0 {
		return c
	}
	if mode == Exact {
		// Multiset intersection: duplicates on one side only match as many
		// duplicates on the other.
		seen := map[string]int{}
		for _, s := range a {
			seen[fragKey(s.Fragments)]++
		}
		for _, s := range b {
			k := fragKey(s.Fragments)
			if seen[k] > 0 {
				seen[k]--
				c.matches++
			}
		}
		return c
	}
	type cand struct{ i, j, ov int }
	var cands []cand
	for i, x := range a {
		for j, y := range b {
			if ov := overlap(x.Fragments, y.Fragments); ov > 0 {
				cands = append(cands, cand{i, j, ov})
			}
		}
	}
	// Largest overlap first; ties broken by position so the result does not
	// depend on map or sort instability.
	sort.Slice(cands, func(p, q int) bool {
		if cands[p].ov != cands[q].ov {
			return cands[p].ov > cands[q].ov
		}
		if cands[p].i != cands[q].i {
			return cands[p].i < cands[q].i
		}
		return cands[p].j < cands[q].j
	})
	usedA, usedB := map[int]bool{}, map[int]bool{}
	for _, x := range cands {
		if !usedA[x.i] && !usedB[x.j] {
			usedA[x.i], usedB[x.j] = true, true
			c.matches++
		}
	}
	return c
}

func fragKey(fs []Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%d-%d;", f.Start, f.End)
	}
	return b.String()
}

// overlap is the number of code points two fragment lists share.
func overlap(a, b []Fragment) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			lo, hi := max(x.Start, y.Start), min(x.End, y.End)
			if hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

// validateSpans rejects malformed fragments early: silently computing
// agreement on broken offsets would publish wrong numbers.
func validateSpans(spans []Span) error {
	for _, s := range spans {
		if len(s.Fragments) == 0 {
			return fmt.Errorf("agreement: span %q/%q/%q has no fragments", s.Doc, s.Annotator, s.Label)
		}
		for i, f := range s.Fragments {
			if f.Start < 0 || f.End <= f.Start {
				return fmt.Errorf("agreement: span %q/%q/%q has an empty or negative fragment [%d,%d)", s.Doc, s.Annotator, s.Label, f.Start, f.End)
			}
			if i > 0 && f.Start < s.Fragments[i-1].End {
				return fmt.Errorf("agreement: span %q/%q/%q has unsorted or overlapping fragments", s.Doc, s.Annotator, s.Label)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
