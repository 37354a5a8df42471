package agreement

import (
	"slices"
	"sort"
)

// overlapCand is a pair of spans (positions in their annotators' lists of
// one label) sharing ov code points.
type overlapCand struct{ i, j, ov int }

// overlapPair is matchSpans in Overlap mode for every label of one
// document: ga and gb are the two annotators' span indexes sorted by
// label, input order kept within a label (matchSpans' tie-break).
func (ix *sumIndex) overlapPair(d *sumDoc, ga, gb []int32, by []counts, s *docScratch) counts {
	var total counts
	i, j := 0, 0
	for i < len(ga) || j < len(gb) {
		var l int32
		switch {
		case j == len(gb):
			l = d.spans[ga[i]].label
		case i == len(ga):
			l = d.spans[gb[j]].label
		default:
			l = min(d.spans[ga[i]].label, d.spans[gb[j]].label)
		}
		i2, j2 := i, j
		for i2 < len(ga) && d.spans[ga[i2]].label == l {
			i2++
		}
		for j2 < len(gb) && d.spans[gb[j2]].label == l {
			j2++
		}
		c := counts{a: i2 - i, b: j2 - j}
		if c.a > 0 && c.b > 0 {
			c.matches = overlapMatches(d, ga[i:i2], gb[j:j2], s)
		}
		by[l].add(c)
		total.add(c)
		i, j = i2, j2
	}
	return total
}

// overlapMatches pairs a's and b's spans greedily by largest overlap, ties
// by position, as matchSpans does; only pairs whose extents meet are
// candidates, found through b sorted by start.
func overlapMatches(d *sumDoc, a, b []int32, s *docScratch) int {
	s.cands = s.cands[:0]
	try := func(i, j int) {
		x, y := &d.spans[a[i]], &d.spans[b[j]]
		if x.lo < y.hi && y.lo < x.hi {
			if ov := overlap(x.frags, y.frags); ov > 0 {
				s.cands = append(s.cands, overlapCand{i, j, ov})
			}
		}
	}
	if len(a)*len(b) <= 256 {
		for i := range a {
			for j := range b {
				try(i, j)
			}
		}
	} else {
		s.bOrder = s.bOrder[:0]
		longest := 0
		for j, y := range b {
			s.bOrder = append(s.bOrder, int32(j))
			longest = max(longest, d.spans[y].hi-d.spans[y].lo)
		}
		slices.SortFunc(s.bOrder, func(p, q int32) int { return cmpInt(d.spans[b[p]].lo, d.spans[b[q]].lo) })
		for i, x := range a {
			sx := &d.spans[x]
			// A span of b that meets x starts after x.lo - longest.
			k := sort.Search(len(s.bOrder), func(k int) bool { return d.spans[b[s.bOrder[k]]].lo > sx.lo-longest })
			for ; k < len(s.bOrder) && d.spans[b[s.bOrder[k]]].lo < sx.hi; k++ {
				try(i, int(s.bOrder[k]))
			}
		}
	}
	slices.SortFunc(s.cands, func(p, q overlapCand) int {
		if p.ov != q.ov {
			return q.ov - p.ov
		}
		if p.i != q.i {
			return p.i - q.i
		}
		return p.j - q.j
	})
	s.usedA = resetBools(s.usedA, len(a))
	s.usedB = resetBools(s.usedB, len(b))
	n := 0
	for _, c := range s.cands {
		if !s.usedA[c.i] && !s.usedB[c.j] {
			s.usedA[c.i], s.usedB[c.j] = true, true
			n++
		}
	}
	return n
}

func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// confusionPair is ConfusionMatrix's pairing on one document: ka and kb
// are extent<<32|label, sorted, so each extent's labels come sorted.
// conf is indexed [x*(labels+1)+y], NoSpan being code len(labels).
func (ix *sumIndex) confusionPair(ka, kb []int64, conf []int, s *docScratch) {
	nl := len(ix.names)
	row := nl + 1
	i, j := 0, 0
	for i < len(ka) || j < len(kb) {
		var ext int64
		switch {
		case j == len(kb):
			ext = ka[i] >> 32
		case i == len(ka):
			ext = kb[j] >> 32
		default:
			ext = min(ka[i]>>32, kb[j]>>32)
		}
		i2, j2 := i, j
		for i2 < len(ka) && ka[i2]>>32 == ext {
			i2++
		}
		for j2 < len(kb) && kb[j2]>>32 == ext {
			j2++
		}
		// Same label first (a sorted merge is the multiset intersection),
		// then the rest pair in label order, the surplus with NoSpan.
		s.restA, s.restB = s.restA[:0], s.restB[:0]
		p, q := i, j
		for p < i2 || q < j2 {
			switch {
			case q == j2 || (p < i2 && ka[p] < kb[q]):
				s.restA = append(s.restA, int32(ka[p]))
				p++
			case p == i2 || kb[q] < ka[p]:
				s.restB = append(s.restB, int32(kb[q]))
				q++
			default:
				x := int(int32(ka[p]))
				conf[x*row+x]++
				p++
				q++
			}
		}
		for n := 0; n < len(s.restA) || n < len(s.restB); n++ {
			x, y := nl, nl
			if n < len(s.restA) {
				x = int(s.restA[n])
			}
			if n < len(s.restB) {
				y = int(s.restB[n])
			}
			conf[x*row+y]++
		}
		i, j = i2, j2
	}
}
