package agreement

import "sort"

// sumSpan is one span of a compared annotator, indexed.
type sumSpan struct {
	ann, label int32
	src        int32 // index in Summarize's spans
	ext        int32 // extent: spans of one document with equal fragments share it
	frags      []Fragment
	lo, hi     int // first start, last end
	n          int // code points covered
}

// sumDoc is one document with its compared annotators' spans in input order.
type sumDoc struct {
	key     string
	worked  []bool // per annotator
	spans   []sumSpan
	text    string
	hasText bool
	runes   int
	count   int // spans, while indexing
}

// sumIndex is the input indexed once: documents sorted by key, annotators
// in the compared order, labels coded in name order (so comparing codes
// compares names) with O among them, as the token tag table has it.
type sumIndex struct {
	anns      []string
	pairs     [][2]int // annotator index pairs i<j, in report order
	docs      []*sumDoc
	names     []string // label names by code, sorted; includes Outside
	oCode     int32
	f1Label   []bool // codes span F1 reports (the label filter passed)
	f1Filter  int32  // code of the Label option, -1 for none
	hasFilter bool
	tokLabels []int32  // codes of SummaryOptions.TokenLabels, in that order
	tokSlot   []int32  // code -> index into tokLabels, -1 when not asked
	usedBy    [][]bool // [annotator][code]: the labels each one used (confusion matrices)
}

func newSumIndex(spans []Span, opts SummaryOptions) *sumIndex {
	ix := &sumIndex{anns: annotatorsOf(spans, opts.Annotators)}
	annIdx := make(map[string]int32, len(ix.anns))
	for i, a := range ix.anns {
		annIdx[a] = int32(i)
	}
	for i := range ix.anns {
		for j := i + 1; j < len(ix.anns); j++ {
			ix.pairs = append(ix.pairs, [2]int{i, j})
		}
	}
	labelSet := map[string]bool{Outside: true}
	annOf := make([]int32, len(spans)) // each span's annotator, -1 when not compared
	for k, s := range spans {
		a, ok := annIdx[s.Annotator]
		if !ok {
			annOf[k] = -1
			continue
		}
		annOf[k] = a
		labelSet[s.Label] = true
	}
	if opts.Label != "" {
		labelSet[opts.Label] = true
	}
	for _, l := range opts.TokenLabels {
		labelSet[l] = true
	}
	ix.names = sortedKeys(labelSet)
	code := make(map[string]int32, len(ix.names))
	for i, l := range ix.names {
		code[l] = int32(i)
	}
	ix.oCode = code[Outside]
	ix.hasFilter = opts.Label != ""
	ix.f1Filter = -1
	if ix.hasFilter {
		ix.f1Filter = code[opts.Label]
	}
	ix.tokSlot = make([]int32, len(ix.names))
	for i := range ix.tokSlot {
		ix.tokSlot[i] = -1
	}
	for _, l := range opts.TokenLabels {
		c := code[l]
		if ix.tokSlot[c] < 0 {
			ix.tokSlot[c] = int32(len(ix.tokLabels))
			ix.tokLabels = append(ix.tokLabels, c)
		}
	}
	ix.f1Label = make([]bool, len(ix.names))
	ix.usedBy = make([][]bool, len(ix.anns))
	for a := range ix.usedBy {
		ix.usedBy[a] = make([]bool, len(ix.names))
	}

	byKey := map[string]*sumDoc{}
	doc := func(key string) *sumDoc {
		d := byKey[key]
		if d == nil {
			d = &sumDoc{key: key, worked: make([]bool, len(ix.anns))}
			byKey[key] = d
			ix.docs = append(ix.docs, d)
		}
		return d
	}
	// Spans come grouped by document: a document is looked up once per
	// run of its spans. A first pass counts each document's spans, so
	// that each gets its share of one block.
	var last *sumDoc
	for k, s := range spans {
		if annOf[k] < 0 {
			continue
		}
		if last == nil || last.key != s.Doc {
			last = doc(s.Doc)
		}
		last.count++
	}
	block := make([]sumSpan, 0, len(spans))
	for _, d := range ix.docs {
		n := d.count
		d.spans = block[len(block) : len(block) : len(block)+n]
		block = block[:len(block)+n]
	}
	last = nil
	for k, s := range spans {
		a := annOf[k]
		if a < 0 {
			continue
		}
		if last == nil || last.key != s.Doc {
			last = byKey[s.Doc]
		}
		c := code[s.Label]
		last.worked[a] = true
		ix.usedBy[a][c] = true
		if !ix.hasFilter || c == ix.f1Filter {
			ix.f1Label[c] = true
		}
		last.spans = append(last.spans, sumSpan{ann: a, label: c, src: int32(k), frags: s.Fragments,
			lo: s.Fragments[0].Start, hi: s.Fragments[len(s.Fragments)-1].End, n: s.length()})
	}
	if ix.hasFilter {
		ix.f1Label[ix.f1Filter] = true
	}
	for key, list := range opts.Docs {
		for _, a := range list {
			if i, ok := annIdx[a]; ok {
				doc(key).worked[i] = true
			}
		}
	}
	for key, text := range opts.Texts {
		d := doc(key)
		d.text, d.hasText = text, true
	}
	sort.Slice(ix.docs, func(i, j int) bool { return ix.docs[i].key < ix.docs[j].key })
	return ix
}
