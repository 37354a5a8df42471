package agreement

import (
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

	sum.Unitizing, sum.UnitizingErr = ix.unitizing(spans, opts)
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
