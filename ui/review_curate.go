package ui

import (
	"fmt"
	"sort"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
)

// The curate view's decisions: each is one store call in the edit queue
// (a verdict, with a gold span when something is accepted), and the
// comparison is read again once the controller has confirmed it, so the
// panel's and the status bar's counts are of what the file holds.

func clusterSources(c review.Cluster) []model.SourceRef {
	var out []model.SourceRef
	for who, spans := range c.Spans {
		for _, a := range spans {
			out = append(out, model.SourceRef{ID: a.ID, Annotator: who})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// undecided lists the cluster's spans no verdict names yet.
func (p *reviewPanel) undecided(c review.Cluster) []model.SourceRef {
	var out []model.SourceRef
	for _, ref := range clusterSources(c) {
		if p.decided[ref.ID] == nil {
			out = append(out, ref)
		}
	}
	return out
}

// acceptSources are the spans a verdict accepting a decides: a itself
// and, from each other annotator, the undecided span of the cluster that
// overlaps a most (same label first). The cluster's other spans, such as
// a second claim nested in the same stretch, stay open to decide.
func (p *reviewPanel) acceptSources(c review.Cluster, a model.Annotation) []model.SourceRef {
	out := []model.SourceRef{{ID: a.ID, Annotator: a.Annotator}}
	for who, spans := range c.Spans {
		if who == a.Annotator {
			continue
		}
		best, bestScore := -1, 0
		for i, b := range spans {
			if p.decided[b.ID] != nil {
				continue
			}
			score := overlapLen(a, b)
			if score == 0 {
				continue
			}
			if b.Label == a.Label {
				score += 1 << 30
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 {
			out = append(out, model.SourceRef{ID: spans[best].ID, Annotator: who})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// overlapLen is how many code points the fragments of a and b share.
func overlapLen(a, b model.Annotation) int {
	n := 0
	for _, f := range a.Fragments {
		for _, g := range b.Fragments {
			if lo, hi := max(f.Start, g.Start), min(f.End, g.End); hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

// accept copies one side's span into gold with a verdict naming the spans
// it decides as its sources (in the edit queue).
func (p *reviewPanel) accept(c review.Cluster, a model.Annotation) {
	if !p.w.canEdit() {
		return
	}
	if a.Annotator == "" {
		for who, spans := range c.Spans {
			for _, b := range spans {
				if b.ID == a.ID {
					a.Annotator = who
				}
			}
		}
	}
	gold := &model.Annotation{Label: a.Label, Fragments: append([]model.Fragment(nil), a.Fragments...), Attributes: a.Attributes, Note: a.Note}
	sources := p.acceptSources(c, a)
	write := p.goldWriter(model.VerdictAccept, sources)
	p.w.ctl.Write(fmt.Sprintf("gold %s “%s”", gold.Label, shorten(a.Text, 30)), func(model.Store) error { return write(gold) }, p.verdictDone(model.VerdictAccept, sources))
}

// acceptExact puts every exact match not yet decided into gold: where
// all annotators agree there is nothing to adjudicate. It is one write,
// one transaction and one undo step (Store.CurateAll): it used to be one
// per match, so Ctrl+Z took back one of 43 and a failure half-way left
// the rest in.
func (p *reviewPanel) acceptExact() {
	if p.w.mode != modeCurate || !p.loaded || !p.w.canEdit() {
		return
	}
	docID, curator, ctx := p.w.doc.ID, p.w.annotator, p.w.ctx
	var cs []model.Curation
	var decided []model.SourceRef
	for i, c := range p.clusters {
		if c.Kind != review.Exact || p.curated[i] {
			continue
		}
		a := c.Spans[p.who.Selected[0]][0]
		cs = append(cs, model.Curation{
			Verdict: &model.Verdict{DocID: docID, Verdict: model.VerdictAccept, Curator: curator, Sources: clusterSources(c)},
			Gold:    &model.Annotation{Label: a.Label, Fragments: append([]model.Fragment(nil), a.Fragments...), Attributes: a.Attributes, Note: a.Note},
		})
		decided = append(decided, clusterSources(c)...)
	}
	if len(cs) == 0 {
		p.w.setStatusText("no exact match left to accept in this document")
		return
	}
	p.w.ctl.Write(model.Plural(len(cs), "exact match", "exact matches")+" into gold", func(st model.Store) error {
		return st.CurateAll(ctx, cs)
	}, p.verdictDone(model.VerdictAccept, decided))
}

func (p *reviewPanel) reject(c review.Cluster) {
	if !p.w.canEdit() {
		return
	}
	rest := p.undecided(c)
	if len(rest) == 0 {
		p.w.setStatusText("every span here is decided already")
		return
	}
	v := &model.Verdict{DocID: p.w.doc.ID, Verdict: model.VerdictReject, Curator: p.w.annotator, Sources: rest}
	ctx := p.w.ctx
	p.w.ctl.Write("rejected", func(st model.Store) error { return st.Curate(ctx, v, nil) }, p.verdictDone(model.VerdictReject, rest))
}

// verdictDone shows the comparison again once the controller has
// confirmed a verdict of kind naming sources (or reported its failure:
// the comparison is read again either way, and shows what the file
// holds). A verdict the offline queue kept cannot be read back from the
// server until it is sent (the window reloads everything then):
// meanwhile its sources count as decided, in the panel and the status bar
// alike, so that they are not offered for a second verdict.
func (p *reviewPanel) verdictDone(kind model.VerdictKind, sources []model.SourceRef) func(error) {
	return func(err error) {
		if err != nil || !p.w.lastWriteQueued() {
			p.afterVerdict()
			return
		}
		v := &model.Verdict{Verdict: kind, Sources: sources}
		for _, s := range sources {
			p.decided[s.ID] = v
		}
		for i, c := range p.clusters {
			p.curated[i] = review.Decided(c, p.decided)
		}
		p.tally = review.Count(p.clusters, p.decided)
		p.showSummary()
		p.stayOrStep(p.at)
	}
}

// afterVerdict reloads and, once the verdicts are read back, stays on or
// steps from the group (stayOrStep).
func (p *reviewPanel) afterVerdict() {
	at := p.at
	p.w.reloadLayer(func() { p.stayOrStep(at) })
}

// stayOrStep stays on group at while some of its spans are still
// undecided (outlining the next of them), else moves to the next
// undecided disagreement.
func (p *reviewPanel) stayOrStep(at int) {
	if p.w.mode != modeCurate {
		return
	}
	switch {
	case at >= 0 && at < len(p.clusters) && !p.curated[at] && p.clusters[at].Kind != review.Exact:
		p.goTo(at)
	case p.tally.DisagreementsDecided < p.tally.Disagreements:
		p.at = at
		p.step(1)
	default:
		p.at = at
		p.showCurrent()
		p.w.updateStatus()
	}
}

// goldWriter is the store call that puts a curator's new span into gold
// with a verdict naming sources; it runs in the edit queue.
func (p *reviewPanel) goldWriter(verdict model.VerdictKind, sources []model.SourceRef) func(*model.Annotation) error {
	docID, curator, ctx, store := p.w.doc.ID, p.w.annotator, p.w.ctx, p.w.store
	return func(gold *model.Annotation) error {
		return store.Curate(ctx, &model.Verdict{DocID: docID, Verdict: verdict, Curator: curator, Sources: sources}, gold)
	}
}

// sourcesOverlapping names the compared spans that overlap [start, end).
func (p *reviewPanel) sourcesOverlapping(start, end int) []model.SourceRef {
	var out []model.SourceRef
	for _, c := range p.clusters {
		if c.End <= start || c.Start >= end {
			continue
		}
		for who, spans := range c.Spans {
			for _, a := range spans {
				if a.Start() < end && a.End() > start {
					out = append(out, model.SourceRef{ID: a.ID, Annotator: who})
				}
			}
		}
	}
	return out
}
