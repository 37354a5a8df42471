package agreement

import "sort"

// The reports Summarize returns, built from the project's counts the way
// SpanF1, TokenKappaTokens and ConfusionMatrix build theirs.

func (ix *sumIndex) f1Reports(sum *Summary, t *sumTotals) {
	for i, d := range ix.docs {
		if r := t.results[i]; r.f1 != nil {
			sum.Exact.Documents[d.key] = *r.f1
			sum.Overlap.Documents[d.key] = *r.f1Overlap
		}
	}
	collect := func(by [][]counts, label int) []PairF1 {
		var out []PairF1
		for k, p := range ix.pairs {
			var c counts
			if label >= 0 {
				c = by[k][label]
			} else {
				for l := range by[k] {
					c.add(by[k][l])
				}
			}
			out = append(out, makePair(ix.anns[p[0]], ix.anns[p[1]], t.pairDocs[k], c))
		}
		return out
	}
	sum.Exact.F1Summary = summarize(collect(t.exact, -1))
	sum.Overlap.F1Summary = summarize(collect(t.overlap, -1))
	for c, ok := range ix.f1Label {
		if ok {
			sum.Exact.Labels[ix.names[c]] = summarize(collect(t.exact, c))
			sum.Overlap.Labels[ix.names[c]] = summarize(collect(t.overlap, c))
		}
	}
}

func (ix *sumIndex) tokenReports(sum *Summary, opts SummaryOptions, t *sumTotals) {
	nl, m := len(ix.names), len(ix.anns)
	n := t.tokens
	empty := func() TokenKappaReport {
		return TokenKappaReport{Annotators: ix.anns, Documents: t.tokDocs, Tokens: n}
	}
	// report is TokenKappaTokens' report from the counts: agree[k] tokens
	// of pair k equal, marg(a) annotator a's tags by code, sumPi Fleiss'
	// sum in token order.
	report := func(agree func(k int) int, marg func(a int) []int, sumPi float64) (TokenKappaReport, error) {
		rep := empty()
		if n == 0 {
			return rep, ErrNoData
		}
		var ks []float64
		for k, p := range ix.pairs {
			pk := PairKappa{A: ix.anns[p[0]], B: ix.anns[p[1]], Items: n}
			pk.ObservedAgreement = float64(agree(k)) / float64(n)
			if v, err := cohenCounts(agree(k), n, marg(p[0]), marg(p[1])); err == nil {
				pk.Kappa = fptr(v)
				ks = append(ks, v)
			}
			rep.Pairs = append(rep.Pairs, pk)
		}
		rep.MeanCohen, _ = meanSD(ks)
		pooled := make([]int, nl)
		for a := range m {
			for c, v := range marg(a) {
				pooled[c] += v
			}
		}
		if f, err := fleissCounts(sumPi, n, m, pooled); err == nil {
			rep.Fleiss = fptr(f)
		}
		return rep, nil
	}
	sum.Token, sum.TokenErr = report(func(k int) int { return t.agree[k] }, func(a int) []int { return t.marg[a] }, t.sumPi)
	for _, l := range opts.TokenLabels {
		code := int32(sort.SearchStrings(ix.names, l)) // every token label is named
		slot := ix.tokSlot[code]
		marg := make([][]int, m)
		for a := range m {
			marg[a] = make([]int, nl)
			marg[a][code] = t.cov[a][slot]
			marg[a][ix.oCode] += n - t.cov[a][slot]
		}
		agree := func(k int) int {
			p := ix.pairs[k]
			return n - t.cov[p[0]][slot] - t.cov[p[1]][slot] + 2*t.inter[k][slot]
		}
		sum.TokenLabels[l], sum.TokenLabelErrs[l] = report(agree, func(a int) []int { return marg[a] }, t.labelSumPi[slot])
	}
}

// cohenCounts is cohenCodes from the counts: agree equal tags of n, ma and
// mb the two coders' tags by code (codes in name order).
func cohenCounts(agree, n int, ma, mb []int) (float64, error) {
	nf := float64(n)
	po := float64(agree) / nf
	pe := 0.0
	for c := range ma {
		if ma[c] > 0 {
			pe += float64(ma[c]) / nf * float64(mb[c]) / nf
		}
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

// fleissCounts is fleissCodes from the counts: sumPi the per-token
// agreement summed in token order, pooled every coder's tags by code.
func fleissCounts(sumPi float64, items, m int, pooled []int) (float64, error) {
	n := float64(items)
	po := sumPi / n
	pe := 0.0
	for c := range pooled {
		if pooled[c] > 0 {
			p := float64(pooled[c]) / (n * float64(m))
			pe += p * p
		}
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

func (ix *sumIndex) confusion(sum *Summary, t *sumTotals) {
	nl := len(ix.names)
	for k, p := range ix.pairs {
		a, b := p[0], p[1]
		c := Confusion{A: ix.anns[a], B: ix.anns[b]}
		idx := make([]int, nl+1)
		for code, name := range ix.names {
			if ix.usedBy[a][code] || ix.usedBy[b][code] {
				idx[code] = len(c.Labels)
				c.Labels = append(c.Labels, name)
			}
		}
		c.Labels = append(c.Labels, NoSpan)
		last := len(c.Labels) - 1
		idx[nl] = last
		for code, name := range ix.names {
			if name == NoSpan { // ConfusionMatrix's index of the name is its last
				idx[code] = last
			}
		}
		c.Counts = make([][]int, len(c.Labels))
		for i := range c.Counts {
			c.Counts[i] = make([]int, len(c.Labels))
		}
		for x := 0; x <= nl; x++ {
			for y := 0; y <= nl; y++ {
				if v := t.conf[k][x*(nl+1)+y]; v != 0 {
					c.Counts[idx[x]][idx[y]] += v
				}
			}
		}
		sum.Confusion = append(sum.Confusion, c)
	}
}
