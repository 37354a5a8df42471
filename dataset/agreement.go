package dataset

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/margin-app/margin/agreement"
	"github.com/margin-app/margin/model"
)

// AgreementStore is what measuring agreement needs of a project.
type AgreementStore interface {
	Store
	Statuses(ctx context.Context) (map[int64]map[string]model.Status, error)
}

// AgreementOptions restricts the measures.
type AgreementOptions struct {
	Annotators []string // default: every annotator with work, gold excluded
	Label      string   // default: every label
	// Progress, if not nil, is called after each document is read, with
	// the number read and the project's document count, for a progress
	// bar; the measures are computed after the last one.
	Progress func(done, total int)
}

// Stat is a mean and population standard deviation over annotator pairs;
// null in JSON when it does not apply.
type Stat struct {
	Mean *float64 `json:"mean"`
	SD   *float64 `json:"sd"`
}

// SpanStats are the span measures overall or for one label.
type SpanStats struct {
	F1Exact    Stat     `json:"f1_exact"`
	F1Overlap  Stat     `json:"f1_overlap"`
	KappaToken *float64 `json:"kappa_token"`
	AlphaU     *float64 `json:"alpha_u"`
}

// PairStats are the span measures of one annotator pair.
type PairStats struct {
	A          string   `json:"a"`
	B          string   `json:"b"`
	F1Exact    *float64 `json:"f1_exact"`
	F1Overlap  *float64 `json:"f1_overlap"`
	KappaToken *float64 `json:"kappa_token"`
}

// DocLabelStats are the document-label measures of one set.
type DocLabelStats struct {
	KappaCohen   *float64 `json:"kappa_cohen"`
	KappaFleiss  *float64 `json:"kappa_fleiss"`
	AlphaNominal *float64 `json:"alpha_nominal"`
}

// DocScore is one document's exact span F1 (mean over pairs), for finding
// the documents colleagues disagree on most.
type DocScore struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	F1Exact *float64 `json:"f1_exact"`
}

// AgreementSummary is `margin agreement --json` and the dashboard's data.
type AgreementSummary struct {
	Annotators []string `json:"annotators"`
	Documents  int      `json:"documents"`
	Spans      struct {
		Overall SpanStats            `json:"overall"`
		ByLabel map[string]SpanStats `json:"by_label"`
		Pairs   []PairStats          `json:"pairs"`
	} `json:"spans"`
	DocLabels   map[string]DocLabelStats `json:"doc_labels"`
	DocumentsF1 []DocScore               `json:"documents_by_agreement"`
	// Confusion is the per-label confusion matrix of each pair of
	// annotators (spans paired by extent), in the order of Annotators.
	Confusion []agreement.Confusion `json:"confusion"`
	Notes     []string              `json:"notes,omitempty"`
}

// Agreement measures inter-annotator agreement over the documents that at
// least two of the chosen annotators worked on (a span, a document label,
// or a status other than todo counts as work).
func Agreement(ctx context.Context, st AgreementStore, opts AgreementOptions) (*AgreementSummary, error) {
	in, err := readAgreement(ctx, st, opts)
	if err != nil {
		return nil, err
	}
	return summarizeAgreement(in, opts)
}

// agreementInput is what Agreement reads of a project: the spans and
// document labels of the documents at least two chosen annotators worked
// on, keyed by the documents' SHA-256.
type agreementInput struct {
	sc        *model.Schema
	spans     []agreement.Span
	texts     map[string]string
	worked    map[string][]string // doc -> annotators who worked on it, sorted
	names     map[string]DocScore
	docLabels map[string]map[string]map[string][]string // set -> doc -> annotator -> values
	seen      map[string]bool                           // annotators who worked on such a document
}

func readAgreement(ctx context.Context, st AgreementStore, opts AgreementOptions) (*agreementInput, error) {
	docs, err := st.Documents(ctx)
	if err != nil {
		return nil, err
	}
	statuses, err := st.Statuses(ctx)
	if err != nil {
		return nil, err
	}
	sc, err := st.Schema(ctx)
	if err != nil {
		return nil, err
	}
	pseudo, err := suggestionAnnotators(st, opts.Annotators)
	if err != nil {
		return nil, err
	}
	r := &agreementReading{opts: opts, statuses: statuses, pseudo: pseudo, total: len(docs), chosen: map[string]bool{},
		in: &agreementInput{sc: sc, texts: map[string]string{}, worked: map[string][]string{}, names: map[string]DocScore{},
			docLabels: map[string]map[string]map[string][]string{}, seen: map[string]bool{}}}
	for _, a := range opts.Annotators {
		r.chosen[a] = true
	}
	if lr, ok := st.(model.AgreementReader); ok {
		// One pass over the project: a few queries, not three per document.
		byID := make(map[int64]int, len(docs))
		for i, d := range docs {
			byID[d.ID] = i
		}
		err := lr.ReadForAgreement(ctx, func(d *model.AgreementDoc) error {
			if i, ok := byID[d.ID]; ok {
				return r.add(ctx, docs[i], d.Text, d.Spans, d.Labels)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return r.in, nil
	}
	loaded := loadForAgreement(ctx, st, docs)
	defer loaded.stop()
	for n, d := range docs {
		ld := <-loaded.slots[n%len(loaded.slots)]
		if ld.err != nil {
			return nil, ld.err
		}
		spans := make([]model.SpanExtent, len(ld.anns))
		for i, a := range ld.anns {
			spans[i] = model.SpanExtent{Annotator: a.Annotator, Label: a.Label, Fragments: a.Fragments}
		}
		if err := r.add(ctx, d, ld.doc.Text, spans, ld.labels); err != nil {
			return nil, err
		}
	}
	return r.in, nil
}

// agreementReading collects agreementInput one document at a time.
type agreementReading struct {
	opts     AgreementOptions
	statuses map[int64]map[string]model.Status
	pseudo   *pseudoAnnotators
	chosen   map[string]bool
	done     int
	total    int
	frags    []agreement.Fragment // a block the spans' fragments are cut from
	in       *agreementInput
}

// use says whether who's work is compared. Gold counts only when named: it
// is the reference, not a colleague.
func (r *agreementReading) use(who string) bool {
	if len(r.chosen) == 0 {
		return who != model.GoldAnnotator
	}
	return r.chosen[who]
}

// add takes one document's text, spans (in Annotations' order) and
// document labels.
func (r *agreementReading) add(ctx context.Context, d model.DocumentSummary, text string, spans []model.SpanExtent, labels []model.DocLabel) error {
	r.done++
	if r.opts.Progress != nil {
		r.opts.Progress(r.done, r.total)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(r.pseudo.names) > 0 {
		var anns []model.Annotation
		var err error
		if anns, labels, err = r.pseudo.add(ctx, d.ID, nil, labels); err != nil {
			return err
		}
		for _, a := range anns {
			spans = append(spans, model.SpanExtent{Annotator: a.Annotator, Label: a.Label, Fragments: a.Fragments})
		}
	}
	in := r.in
	who := map[string]bool{}
	first := len(in.spans)
	if n := len(in.spans) + len(spans); n > cap(in.spans) {
		// Doubled, not append's quarter more at this size: a project's
		// spans would be copied four times over as they come.
		in.spans = slices.Grow(in.spans, max(n, 2*len(in.spans))-len(in.spans))
	}
	for _, a := range spans {
		if !r.use(a.Annotator) {
			continue
		}
		who[a.Annotator] = true
		in.spans = append(in.spans, agreement.Span{Doc: d.SHA256, Annotator: a.Annotator, Label: a.Label, Fragments: r.fragments(a.Fragments)})
	}
	for _, l := range labels {
		if !r.use(l.Annotator) {
			continue
		}
		who[l.Annotator] = true
		if in.docLabels[l.Set] == nil {
			in.docLabels[l.Set] = map[string]map[string][]string{}
		}
		if in.docLabels[l.Set][d.SHA256] == nil {
			in.docLabels[l.Set][d.SHA256] = map[string][]string{}
		}
		in.docLabels[l.Set][d.SHA256][l.Annotator] = append(in.docLabels[l.Set][d.SHA256][l.Annotator], l.Value)
	}
	for a, s := range r.statuses[d.ID] {
		if r.use(a) && s != model.StatusTodo {
			who[a] = true
		}
	}
	if len(who) < 2 {
		in.spans = in.spans[:first] // a document nobody else worked on
		return nil
	}
	for a := range who {
		in.worked[d.SHA256] = append(in.worked[d.SHA256], a)
		in.seen[a] = true
	}
	sort.Strings(in.worked[d.SHA256])
	in.texts[d.SHA256] = text
	in.names[d.SHA256] = DocScore{ID: d.ID, Name: d.Name}
	return nil
}

// fragments copies fs, cut from a shared block: one allocation per many
// spans rather than one each.
func (r *agreementReading) fragments(fs []model.Fragment) []agreement.Fragment {
	if len(r.frags) < len(fs) {
		r.frags = make([]agreement.Fragment, max(1024, len(fs)))
	}
	out := r.frags[:len(fs):len(fs)]
	r.frags = r.frags[len(fs):]
	for i, f := range fs {
		out[i] = agreement.Fragment{Start: f.Start, End: f.End}
	}
	return out
}

// summarizeAgreement computes the summary of what readAgreement read.
func summarizeAgreement(in *agreementInput, opts AgreementOptions) (*AgreementSummary, error) {
	return summarizeWith(in, opts, spanMeasures)
}

// agreementPlan is what the span measures are asked for.
type agreementPlan struct {
	annotators []string
	label      string
	labels     []string            // labels reported one by one
	worked     map[string][]string // doc -> annotators who worked on it
	full       map[string]string   // texts of the documents every annotator worked on
}

// spanMeasures fills out's span measures and confusion matrices, all from
// one agreement.Summarize over the project.
func spanMeasures(spans []agreement.Span, plan agreementPlan, out *AgreementSummary) (map[string]agreement.F1Summary, error) {
	sum, err := agreement.Summarize(spans, agreement.SummaryOptions{Annotators: plan.annotators, Label: plan.label,
		Docs: plan.worked, Texts: plan.full, TokenLabels: plan.labels})
	if err != nil {
		return nil, err
	}
	out.Spans.Overall.F1Exact = Stat{sum.Exact.Mean, sum.Exact.StdDev}
	out.Spans.Overall.F1Overlap = Stat{sum.Overlap.Mean, sum.Overlap.StdDev}
	var tkPairs []agreement.PairKappa
	if len(plan.full) > 0 {
		out.Spans.Overall.KappaToken, tkPairs = tokenKappaOf(sum.Token, sum.TokenErr, len(plan.annotators))
		if sum.UnitizingErr == nil || errors.Is(sum.UnitizingErr, agreement.ErrUndefined) {
			out.Spans.Overall.AlphaU = sum.Unitizing.Overall.Alpha
		}
	}
	for _, l := range plan.labels {
		ls := SpanStats{F1Exact: Stat{sum.Exact.Labels[l].Mean, sum.Exact.Labels[l].StdDev}, F1Overlap: Stat{sum.Overlap.Labels[l].Mean, sum.Overlap.Labels[l].StdDev}}
		if len(plan.full) > 0 {
			ls.KappaToken, _ = tokenKappaOf(sum.TokenLabels[l], sum.TokenLabelErrs[l], len(plan.annotators))
			if sum.UnitizingErr == nil || errors.Is(sum.UnitizingErr, agreement.ErrUndefined) {
				ls.AlphaU = sum.Unitizing.Labels[l].Alpha
			}
		}
		out.Spans.ByLabel[l] = ls
	}
	out.Spans.Pairs = pairStats(sum.Exact.Pairs, sum.Overlap.Pairs, tkPairs)
	out.Confusion = sum.Confusion
	return sum.Exact.Documents, nil
}

// tokenKappaOf is the token kappa a report shows: Cohen's for two
// annotators, Fleiss' for more; nil when it could not be measured.
func tokenKappaOf(rep agreement.TokenKappaReport, err error, annotators int) (*float64, []agreement.PairKappa) {
	if err != nil && !errors.Is(err, agreement.ErrUndefined) {
		return nil, nil
	}
	if annotators == 2 && len(rep.Pairs) == 1 {
		return rep.Pairs[0].Kappa, rep.Pairs
	}
	return rep.Fleiss, rep.Pairs
}

func pairStats(exact, overlap []agreement.PairF1, tkPairs []agreement.PairKappa) []PairStats {
	out := []PairStats{}
	for i, p := range exact {
		ps := PairStats{A: p.A, B: p.B, F1Exact: p.F1}
		if i < len(overlap) {
			ps.F1Overlap = overlap[i].F1
		}
		for _, k := range tkPairs {
			if k.A == p.A && k.B == p.B {
				ps.KappaToken = k.Kappa
			}
		}
		out = append(out, ps)
	}
	return out
}

// summarizeWith builds the summary around measure, which computes the span
// measures (Summarize, or in tests the measures one by one) and returns
// the exact F1 per document.
func summarizeWith(in *agreementInput, opts AgreementOptions, measure func([]agreement.Span, agreementPlan, *AgreementSummary) (map[string]agreement.F1Summary, error)) (*AgreementSummary, error) {
	texts := in.texts
	out := &AgreementSummary{Documents: len(texts), DocLabels: map[string]DocLabelStats{}}
	out.Spans.ByLabel = map[string]SpanStats{}
	out.Spans.Pairs = []PairStats{}
	out.DocumentsF1 = []DocScore{}
	// A name given twice is one annotator (not a pair with themselves).
	for _, a := range opts.Annotators {
		if !slices.Contains(out.Annotators, a) {
			out.Annotators = append(out.Annotators, a)
		}
	}
	if len(out.Annotators) == 0 {
		for a := range in.seen {
			out.Annotators = append(out.Annotators, a)
		}
		sort.Strings(out.Annotators)
	}
	if len(out.Annotators) < 2 || len(texts) == 0 {
		out.Notes = append(out.Notes, "fewer than two annotators worked on the same documents: nothing to compare")
		return out, nil
	}
	labelsUsed := map[string]bool{}
	for _, s := range in.spans {
		labelsUsed[s.Label] = true
	}
	plan := agreementPlan{annotators: out.Annotators, label: opts.Label, worked: in.worked, full: map[string]string{}}
	for l := range labelsUsed {
		if opts.Label == "" || l == opts.Label {
			plan.labels = append(plan.labels, l)
		}
	}
	sort.Strings(plan.labels)

	// Documents every chosen annotator worked on carry token kappa and α_u,
	// which cannot tell "did not read" from "found nothing" otherwise.
	for doc, text := range texts {
		if len(in.worked[doc]) == len(out.Annotators) {
			plan.full[doc] = text
		}
	}
	if len(plan.full) < len(texts) {
		out.Notes = append(out.Notes, fmt.Sprintf("token kappa and alpha_u use the %d of %d documents every annotator worked on", len(plan.full), len(texts)))
	}
	byDoc, err := measure(in.spans, plan, out)
	if err != nil {
		return nil, err
	}
	for doc, s := range byDoc {
		d := in.names[doc]
		d.F1Exact = s.Mean
		out.DocumentsF1 = append(out.DocumentsF1, d)
	}
	sort.Slice(out.DocumentsF1, func(i, j int) bool {
		a, b := out.DocumentsF1[i].F1Exact, out.DocumentsF1[j].F1Exact
		if (a == nil) != (b == nil) {
			return b == nil
		}
		if a != nil && *a != *b {
			return *a < *b
		}
		return out.DocumentsF1[i].ID < out.DocumentsF1[j].ID
	})
	return out, docLabelMeasures(in, out)
}

// docLabelMeasures fills out's document-label agreement per set.
func docLabelMeasures(in *agreementInput, out *AgreementSummary) error {
	for _, set := range in.sc.DocLabelSets {
		byDoc := in.docLabels[set.Name]
		if len(byDoc) == 0 {
			continue
		}
		single := map[string]map[string]string{}
		for doc, m := range byDoc {
			if _, ok := in.texts[doc]; !ok {
				continue
			}
			single[doc] = map[string]string{}
			for who, vals := range m {
				sort.Strings(vals)
				single[doc][who] = strings.Join(vals, "|") // a multi-valued choice is one category
			}
		}
		rep, err := agreement.DocLabelAgreement(single, out.Annotators)
		if err != nil && !errors.Is(err, agreement.ErrTooFewAnnotators) && !errors.Is(err, agreement.ErrUndefined) {
			return err
		}
		stats := DocLabelStats{AlphaNominal: rep.Alpha, KappaFleiss: rep.Fleiss}
		if len(out.Annotators) == 2 && len(rep.Pairs) == 1 {
			stats.KappaCohen = rep.Pairs[0].Kappa
		}
		out.DocLabels[set.Name] = stats
	}
	return nil
}
