package agreement

import (
	"errors"
	"slices"
	"sort"
	"sync"
)

// Summarize computes, in one pass over a project's documents, what a
// project's agreement dashboard shows: span F1 (exact and overlap), token
// kappa overall and per label, α_u and the confusion matrices. Calling the
// measures one by one groups the same spans again for every measure and
// every label, keyed by 64-character document hashes; Summarize indexes
// them once (documents, annotators and labels as small integers) and works
// on the documents in parallel. Every figure is the one the single
// measures compute, bit for bit: integer counts are summed per worker and
// added up after, and the one floating-point sum that depends on order
// (Fleiss' per-token agreement) is taken afterwards, document by document
// in key order (TestSummarizeMatchesMeasures).

// SummaryOptions configures Summarize.
type SummaryOptions struct {
	// Annotators, Label and Docs as in F1Options.
	Annotators []string
	Label      string
	Docs       map[string][]string
	// Texts (document key -> text) are the documents token kappa and α_u
	// are measured on: pass the ones every annotator worked on.
	Texts map[string]string
	// TokenLabels lists the labels to measure token kappa for one by one
	// (that label's spans only, every other token O).
	TokenLabels []string
}

// Summary is Summarize's result. Each part equals one measure's result and
// error:
//
//	Exact, F1Err       SpanF1(spans, F1Options{Exact, Annotators, Label, Docs})
//	Overlap            SpanF1(spans, F1Options{Overlap, ...})
//	Token, TokenErr    TokenKappa(Texts, spans with Label, Annotators)
//	TokenLabels[l]     TokenKappa(Texts, spans with label l, Annotators)
//	Unitizing, UnitizingErr
//	                   UnitizingAlpha(spans with Label, DocLengths(Texts),
//	                   the keys of Texts sorted, Annotators)
//	Confusion          ConfusionMatrix(spans, a, b) for every pair, in order
type Summary struct {
	Annotators     []string
	Exact, Overlap F1Report
	F1Err          error
	Token          TokenKappaReport
	TokenErr       error
	TokenLabels    map[string]TokenKappaReport
	TokenLabelErrs map[string]error
	Unitizing      UnitizingReport
	UnitizingErr   error
	Confusion      []Confusion
}

// Summarize computes every measure of Summary. It fails only on malformed
// spans (as SpanF1 does); measures the data does not allow carry their
// error in Summary.
func Summarize(spans []Span, opts SummaryOptions) (Summary, error) {
	if err := validateSpans(spans); err != nil {
		return Summary{}, err
	}
	ix := newSumIndex(spans, opts)
	sum := Summary{Annotators: ix.anns, TokenLabels: map[string]TokenKappaReport{}, TokenLabelErrs: map[string]error{}}
	sum.Exact = F1Report{Mode: Exact.String(), Label: opts.Label, Annotators: ix.anns, Labels: map[string]F1Summary{}, Documents: map[string]F1Summary{}}
	sum.Overlap = F1Report{Mode: Overlap.String(), Label: opts.Label, Annotators: ix.anns, Labels: map[string]F1Summary{}, Documents: map[string]F1Summary{}}
	if len(ix.anns) < 2 {
		sum.F1Err, sum.TokenErr, sum.UnitizingErr = ErrTooFewAnnotators, ErrTooFewAnnotators, ErrTooFewAnnotators
		for _, l := range opts.TokenLabels {
			sum.TokenLabels[l] = TokenKappaReport{Annotators: ix.anns, Documents: len(opts.Texts)}
			sum.TokenLabelErrs[l] = ErrTooFewAnnotators
		}
		for i, a := range ix.anns {
			for _, b := range ix.anns[i+1:] {
				sum.Confusion = append(sum.Confusion, ConfusionMatrix(spans, a, b))
			}
		}
		return sum, nil
	}
	total := ix.run()
	ix.f1Reports(&sum, total)
	ix.tokenReports(&sum, opts, total)
	ix.confusion(&sum, total)

	// α_u goes through UnitizingAlpha (each label in parallel), given the
	// spans in continuum order: each rater's units then come nearly
	// sorted, which its sort is quick on. Order does not change α_u, only
	// which bad span an error names: on an error it runs again on the
	// spans as given, so the error is the one UnitizingAlpha gives.
	lengths := make(map[string]int, len(opts.Texts))
	order := make([]string, 0, len(opts.Texts))
	var onContinuum []Span
	for _, d := range ix.docs {
		if d.hasText {
			lengths[d.key] = d.runes
			order = append(order, d.key)
			for _, sp := range d.spans {
				if !ix.hasFilter || sp.label == ix.f1Filter {
					onContinuum = append(onContinuum, spans[sp.src])
				}
			}
		}
	}
	sum.Unitizing, sum.UnitizingErr = UnitizingAlpha(onContinuum, lengths, order, ix.anns)
	if sum.UnitizingErr != nil && !errors.Is(sum.UnitizingErr, ErrUndefined) {
		sum.Unitizing, sum.UnitizingErr = UnitizingAlpha(withLabel(spans, opts.Label), lengths, order, ix.anns)
	}
	return sum, nil
}

// withLabel is spans restricted to label (all of them for "").
func withLabel(spans []Span, label string) []Span {
	if label == "" {
		return spans
	}
	var out []Span
	for _, s := range spans {
		if s.Label == label {
			out = append(out, s)
		}
	}
	return out
}

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
	for _, s := range spans {
		if _, ok := annIdx[s.Annotator]; ok {
			labelSet[s.Label] = true
		}
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
	var last *sumDoc // spans come grouped by document: skip most lookups
	for k, s := range spans {
		a, ok := annIdx[s.Annotator]
		if !ok {
			continue
		}
		if last == nil || last.key != s.Doc {
			last = doc(s.Doc)
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

// docResult is what one document contributes that cannot simply be added
// up: its own F1 summary and its token agreement runs for Fleiss' sums.
type docResult struct {
	f1, f1Overlap *F1Summary
	tokens        int
	all           []tokRun   // overall tags
	labels        [][]tokRun // per token label slot; nil: nobody used the label here
}

// tokRun is n consecutive tokens on which eq annotator pairs agree.
type tokRun struct{ n, eq int32 }

// sumTotals are the integer counts of the whole project (or of one
// worker's share of it).
type sumTotals struct {
	pairDocs        []int      // per pair: documents both worked on
	exact, overlap  [][]counts // [pair][label code]
	conf            [][]int    // [pair][(label or NoSpan) x (label or NoSpan)]
	tokens, tokDocs int
	agree           []int   // [pair] tokens with equal overall tags
	marg            [][]int // [annotator][code] overall tags
	cov             [][]int // [annotator][token label slot] tokens covered
	inter           [][]int // [pair][token label slot] tokens both cover
	results         []docResult
	sumPi           float64   // overall, in document order
	labelSumPi      []float64 // per token label slot
}

func (ix *sumIndex) newTotals() *sumTotals {
	np, nl, na, nt := len(ix.pairs), len(ix.names), len(ix.anns), len(ix.tokLabels)
	t := &sumTotals{pairDocs: make([]int, np), agree: make([]int, np)}
	for range ix.pairs {
		t.exact = append(t.exact, make([]counts, nl))
		t.overlap = append(t.overlap, make([]counts, nl))
		t.conf = append(t.conf, make([]int, (nl+1)*(nl+1)))
		t.inter = append(t.inter, make([]int, nt))
	}
	for range na {
		t.marg = append(t.marg, make([]int, nl))
		t.cov = append(t.cov, make([]int, nt))
	}
	return t
}

func (t *sumTotals) add(o *sumTotals) {
	for k := range t.pairDocs {
		t.pairDocs[k] += o.pairDocs[k]
		t.agree[k] += o.agree[k]
		for l := range t.exact[k] {
			t.exact[k][l].add(o.exact[k][l])
			t.overlap[k][l].add(o.overlap[k][l])
		}
		for c := range t.conf[k] {
			t.conf[k][c] += o.conf[k][c]
		}
		for s := range t.inter[k] {
			t.inter[k][s] += o.inter[k][s]
		}
	}
	for a := range t.marg {
		for c := range t.marg[a] {
			t.marg[a][c] += o.marg[a][c]
		}
		for s := range t.cov[a] {
			t.cov[a][s] += o.cov[a][s]
		}
	}
	t.tokens += o.tokens
	t.tokDocs += o.tokDocs
}

// run measures every document, on as many workers as there are CPUs, and
// adds up the counts; Fleiss' sums are then taken in document order.
func (ix *sumIndex) run() *sumTotals {
	total := ix.newTotals()
	total.results = make([]docResult, len(ix.docs))
	shares := make([]*sumTotals, workers(len(ix.docs)))
	scratch := make([]docScratch, len(shares))
	for w := range shares {
		shares[w] = ix.newTotals()
	}
	parallel(len(ix.docs), func(w, i int) {
		total.results[i] = ix.measureDoc(ix.docs[i], shares[w], &scratch[w])
	})
	for _, t := range shares {
		total.add(t)
	}
	ix.fleissSums(total)
	return total
}

// fleissSums adds each token's share of agreeing pairs in the order
// fleissCodes adds them: tokens in document order, documents by key.
func (ix *sumIndex) fleissSums(t *sumTotals) {
	m := len(ix.anns)
	share := make([]float64, m*(m-1)/2+1)
	for eq := range share {
		share[eq] = float64(2*eq) / float64(m*(m-1))
	}
	all := share[m*(m-1)/2] // every pair agrees
	t.labelSumPi = make([]float64, len(ix.tokLabels))
	var wg sync.WaitGroup
	sumRuns := func(pick func(r *docResult) []tokRun, out *float64) {
		defer wg.Done()
		s := 0.0
		for i := range t.results {
			r := &t.results[i]
			runs := pick(r)
			if runs == nil {
				for range r.tokens {
					s += all
				}
				continue
			}
			for _, run := range runs {
				v := share[run.eq]
				for range run.n {
					s += v
				}
			}
		}
		*out = s
	}
	wg.Add(1 + len(ix.tokLabels))
	go sumRuns(func(r *docResult) []tokRun { return r.all }, &t.sumPi)
	for slot := range ix.tokLabels {
		go sumRuns(func(r *docResult) []tokRun {
			if r.labels == nil {
				return nil
			}
			return r.labels[slot]
		}, &t.labelSumPi[slot])
	}
	wg.Wait()
}

// docScratch is one worker's reusable buffers.
type docScratch struct {
	order     []int32
	byAnn     [][]int32 // span indexes per annotator, input order
	exactKeys [][]int64 // per annotator: label<<32|extent, sorted (F1 labels only)
	confKeys  [][]int64 // per annotator: extent<<32|label, sorted (all labels)
	groups    [][]int32 // per annotator: F1 span indexes sorted by label, input order kept
	restA     []int32
	restB     []int32
	cands     []overlapCand
	usedA     []bool
	usedB     []bool
	bOrder    []int32
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
		g := s.groups[a]
		slices.SortStableFunc(g, func(p, q int32) int { return int(d.spans[p].label - d.spans[q].label) })
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
