package agreement

import "slices"

// Measuring one document: its spans grouped and keyed for each measure.

// docScratch is one worker's reusable buffers.
type docScratch struct {
	order     []int32
	byAnn     [][]int32 // span indexes per annotator, input order
	exactKeys [][]int64 // per annotator: label<<32|extent, sorted (F1 labels only)
	confKeys  [][]int64 // per annotator: extent<<32|label, sorted (all labels)
	groups    [][]int32 // per annotator: F1 span indexes sorted by label, input order kept
	groupKeys []int64
	restA     []int32
	restB     []int32
	cands     []overlapCand
	usedA     []bool
	usedB     []bool
	bOrder    []int32
	toks      []Fragment // the document's tokens
	tags      []int32
	best      []int
	runs      [][]covRun // per annotator: token runs of token-label spans
	merged    [][]covRun // per annotator, for one label
	events    []int64
}

func (ix *sumIndex) measureDoc(d *sumDoc, t *sumTotals, s *docScratch) docResult {
	na := len(ix.anns)
	if len(s.byAnn) < na {
		s.byAnn = make([][]int32, na)
		s.exactKeys = make([][]int64, na)
		s.confKeys = make([][]int64, na)
		s.groups = make([][]int32, na)
		s.runs = make([][]covRun, na)
		s.merged = make([][]covRun, na)
	}
	ix.assignExtents(d, s)
	for a := range na {
		s.byAnn[a] = s.byAnn[a][:0]
		s.exactKeys[a] = s.exactKeys[a][:0]
		s.confKeys[a] = s.confKeys[a][:0]
		s.groups[a] = s.groups[a][:0]
	}
	for i := range d.spans {
		sp := &d.spans[i]
		s.byAnn[sp.ann] = append(s.byAnn[sp.ann], int32(i))
		s.confKeys[sp.ann] = append(s.confKeys[sp.ann], int64(sp.ext)<<32|int64(sp.label))
		if !ix.hasFilter || sp.label == ix.f1Filter {
			s.exactKeys[sp.ann] = append(s.exactKeys[sp.ann], int64(sp.label)<<32|int64(sp.ext))
			s.groups[sp.ann] = append(s.groups[sp.ann], int32(i))
		}
	}
	for a := range na {
		slices.Sort(s.exactKeys[a])
		slices.Sort(s.confKeys[a])
		// By label, input order kept: label<<32|index keys are distinct,
		// so a plain sort of them is that stable sort.
		g := s.groups[a]
		s.groupKeys = s.groupKeys[:0]
		for _, i := range g {
			s.groupKeys = append(s.groupKeys, int64(d.spans[i].label)<<32|int64(i))
		}
		slices.Sort(s.groupKeys)
		for n, k := range s.groupKeys {
			g[n] = int32(k)
		}
	}
	var res docResult
	var docPairs, docPairsOv []PairF1
	for k, p := range ix.pairs {
		a, b := p[0], p[1]
		if d.worked[a] && d.worked[b] {
			t.pairDocs[k]++
			total := ix.exactPair(s.exactKeys[a], s.exactKeys[b], t.exact[k])
			ov := ix.overlapPair(d, s.groups[a], s.groups[b], t.overlap[k], s)
			docPairs = append(docPairs, makePair(ix.anns[a], ix.anns[b], 1, total))
			docPairsOv = append(docPairsOv, makePair(ix.anns[a], ix.anns[b], 1, ov))
		}
		ix.confusionPair(s.confKeys[a], s.confKeys[b], t.conf[k], s)
	}
	if len(docPairs) > 0 {
		f1, f1ov := summarize(docPairs), summarize(docPairsOv)
		res.f1, res.f1Overlap = &f1, &f1ov
	}
	if d.hasText {
		ix.tokenDoc(d, t, s, &res)
	}
	return res
}

// assignExtents numbers the distinct fragment lists of a document.
func (ix *sumIndex) assignExtents(d *sumDoc, s *docScratch) {
	s.order = s.order[:0]
	for i := range d.spans {
		s.order = append(s.order, int32(i))
	}
	slices.SortFunc(s.order, func(p, q int32) int { return cmpFrags(d.spans[p].frags, d.spans[q].frags) })
	ext := int32(-1)
	for n, i := range s.order {
		if n == 0 || cmpFrags(d.spans[s.order[n-1]].frags, d.spans[i].frags) != 0 {
			ext++
		}
		d.spans[i].ext = ext
	}
}

func cmpFrags(a, b []Fragment) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		switch {
		case a[i].Start != b[i].Start:
			return cmpInt(a[i].Start, b[i].Start)
		case a[i].End != b[i].End:
			return cmpInt(a[i].End, b[i].End)
		}
	}
	return cmpInt(len(a), len(b))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// exactPair is matchSpans' multiset intersection for every label at once:
// both key lists are sorted by label, then extent.
func (ix *sumIndex) exactPair(ka, kb []int64, by []counts) counts {
	var total counts
	i, j := 0, 0
	for i < len(ka) || j < len(kb) {
		switch {
		case j == len(kb) || (i < len(ka) && ka[i] < kb[j]):
			by[ka[i]>>32].a++
			total.a++
			i++
		case i == len(ka) || kb[j] < ka[i]:
			by[kb[j]>>32].b++
			total.b++
			j++
		default:
			c := &by[ka[i]>>32]
			c.a++
			c.b++
			c.matches++
			total.a++
			total.b++
			total.matches++
			i++
			j++
		}
	}
	return total
}
