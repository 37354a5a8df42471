package agreement

import (
	"slices"
	"sort"
)

// covRun is the tokens [from, to) a span of a token label covers.
type covRun struct{ slot, from, to int }

// tokenDoc tags the document's tokens per annotator (innermost span wins,
// as tokenTagCodes does) and counts, per pair, the tokens they agree on,
// per annotator the tags, and the per-token agreeing pairs as runs; and
// the same for each token label, where a token is the label's or O.
func (ix *sumIndex) tokenDoc(d *sumDoc, t *sumTotals, s *docScratch, res *docResult) {
	toks, runes := tokenizeInto(s.toks, d.text)
	s.toks = toks
	d.runes = runes
	nt := len(toks)
	na := len(ix.anns)
	res.tokens = nt
	t.tokens += nt
	t.tokDocs++
	if cap(s.tags) < na*nt {
		s.tags = make([]int32, na*nt)
	}
	tags := s.tags[:na*nt]
	if cap(s.best) < nt {
		s.best = make([]int, nt)
	}
	best := s.best[:nt]
	anyLabel := false
	for a := range na {
		tg := tags[a*nt : (a+1)*nt]
		for x := range tg {
			tg[x] = ix.oCode
			best[x] = -1
		}
		s.runs[a] = s.runs[a][:0]
		for _, i := range s.byAnn[a] {
			sp := &d.spans[i]
			overall := !ix.hasFilter || sp.label == ix.f1Filter
			slot := -1
			if sp.label != ix.oCode { // a label named O tags its tokens O
				slot = int(ix.tokSlot[sp.label])
			}
			if !overall && slot < 0 {
				continue
			}
			for _, f := range sp.frags {
				from := sort.Search(nt, func(k int) bool { return toks[k].Start >= f.Start })
				to := from
				for to < nt && toks[to].End <= f.End {
					to++
				}
				if overall {
					for x := from; x < to; x++ {
						if best[x] < 0 || sp.n < best[x] || (sp.n == best[x] && sp.label < tg[x]) {
							best[x], tg[x] = sp.n, sp.label
						}
					}
				}
				if slot >= 0 && to > from {
					s.runs[a] = append(s.runs[a], covRun{slot, from, to})
					anyLabel = true
				}
			}
		}
	}
	// Overall tags.
	for x := range nt {
		eq := int32(0)
		for k, p := range ix.pairs {
			if tags[p[0]*nt+x] == tags[p[1]*nt+x] {
				eq++
				t.agree[k]++
			}
		}
		for a := range na {
			t.marg[a][tags[a*nt+x]]++
		}
		res.all = appendRun(res.all, 1, eq)
	}
	if anyLabel {
		ix.tokenLabelsDoc(nt, t, s, res)
	}
}

// tokenLabelsDoc measures the token labels on one document from the
// annotators' covered token runs.
func (ix *sumIndex) tokenLabelsDoc(nt int, t *sumTotals, s *docScratch, res *docResult) {
	na := len(ix.anns)
	m := int32(na)
	res.labels = make([][]tokRun, len(ix.tokLabels))
	pos := make([]int, na) // per annotator: next run
	for a := range na {
		slices.SortFunc(s.runs[a], func(p, q covRun) int {
			if p.slot != q.slot {
				return p.slot - q.slot
			}
			return p.from - q.from
		})
	}
	for {
		slot := -1
		for a := range na {
			if pos[a] < len(s.runs[a]) && (slot < 0 || s.runs[a][pos[a]].slot < slot) {
				slot = s.runs[a][pos[a]].slot
			}
		}
		if slot < 0 {
			return
		}
		s.events = s.events[:0]
		for a := range na {
			// The union of this annotator's runs of the label.
			merged := s.merged[a][:0]
			for ; pos[a] < len(s.runs[a]) && s.runs[a][pos[a]].slot == slot; pos[a]++ {
				r := s.runs[a][pos[a]]
				if k := len(merged) - 1; k >= 0 && r.from <= merged[k].to {
					merged[k].to = max(merged[k].to, r.to)
					continue
				}
				merged = append(merged, r)
			}
			s.merged[a] = merged
			for _, r := range merged {
				t.cov[a][slot] += r.to - r.from
				s.events = append(s.events, int64(r.from)<<1|1, int64(r.to)<<1)
			}
		}
		for k, p := range ix.pairs {
			t.inter[k][slot] += intersection(s.merged[p[0]], s.merged[p[1]])
		}
		// Runs of the number of annotators covering each token.
		slices.Sort(s.events)
		var runs []tokRun
		at, c := 0, int32(0)
		eq := func(c int32) int32 { return c*(c-1)/2 + (m-c)*(m-c-1)/2 }
		for _, e := range s.events {
			p := int(e >> 1)
			if p > at {
				runs = appendRun(runs, int32(p-at), eq(c))
				at = p
			}
			if e&1 == 1 {
				c++
			} else {
				c--
			}
		}
		if nt > at {
			runs = appendRun(runs, int32(nt-at), eq(c))
		}
		res.labels[slot] = runs
	}
}

func appendRun(runs []tokRun, n, eq int32) []tokRun {
	if k := len(runs) - 1; k >= 0 && runs[k].eq == eq {
		runs[k].n += n
		return runs
	}
	return append(runs, tokRun{n, eq})
}

// intersection is the number of positions two sorted, disjoint run lists
// share.
func intersection(a, b []covRun) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i].from, b[j].from), min(a[i].to, b[j].to)
		if hi > lo {
			n += hi - lo
		}
		if a[i].to <= b[j].to {
			i++
		} else {
			j++
		}
	}
	return n
}
