package dataset

import (
	"context"
	"errors"
	"fmt"
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
	chosen := map[string]bool{}
	for _, a := range opts.Annotators {
		chosen[a] = true
	}
	// Gold counts only when named: it is the reference, not a colleague.
	use := func(who string) bool {
		if len(chosen) == 0 {
			return who != model.GoldAnnotator
		}
		return chosen[who]
	}
	pseudo, err := suggestionAnnotators(st, opts.Annotators)
	if err != nil {
		return nil, err
	}
	var spans []agreement.Span
	texts := map[string]string{}
	worked := map[string][]string{}
	names := map[string]DocScore{}
	docLabels := map[string]map[string]map[string][]string{} // set -> doc -> annotator -> values
	seen := map[string]bool{}
	loaded := loadForAgreement(ctx, st, docs)
	defer loaded.stop()
	for n, d := range docs {
		ld := <-loaded.slots[n%len(loaded.slots)]
		if ld.err != nil {
			return nil, ld.err
		}
		if opts.Progress != nil {
			opts.Progress(n+1, len(docs))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, anns, labels := ld.doc, ld.anns, ld.labels
		if len(pseudo.names) > 0 {
			if anns, labels, err = pseudo.add(ctx, d.ID, anns, labels); err != nil {
				return nil, err
			}
		}
		who := map[string]bool{}
		var docSpans []agreement.Span
		for _, a := range anns {
			if !use(a.Annotator) {
				continue
			}
			who[a.Annotator] = true
			frags := make([]agreement.Fragment, len(a.Fragments))
			for i, f := range a.Fragments {
				frags[i] = agreement.Fragment{Start: f.Start, End: f.End}
			}
			docSpans = append(docSpans, agreement.Span{Doc: d.SHA256, Annotator: a.Annotator, Label: a.Label, Fragments: frags})
		}
		for _, l := range labels {
			if !use(l.Annotator) {
				continue
			}
			who[l.Annotator] = true
			if docLabels[l.Set] == nil {
				docLabels[l.Set] = map[string]map[string][]string{}
			}
			if docLabels[l.Set][d.SHA256] == nil {
				docLabels[l.Set][d.SHA256] = map[string][]string{}
			}
			docLabels[l.Set][d.SHA256][l.Annotator] = append(docLabels[l.Set][d.SHA256][l.Annotator], l.Value)
		}
		for a, s := range statuses[d.ID] {
			if use(a) && s != model.StatusTodo {
				who[a] = true
			}
		}
		if len(who) < 2 {
			continue
		}
		for a := range who {
			worked[d.SHA256] = append(worked[d.SHA256], a)
			seen[a] = true
		}
		sort.Strings(worked[d.SHA256])
		spans = append(spans, docSpans...)
		texts[d.SHA256] = doc.Text
		names[d.SHA256] = DocScore{ID: d.ID, Name: d.Name}
	}
	out := &AgreementSummary{Documents: len(texts), DocLabels: map[string]DocLabelStats{}}
	out.Spans.ByLabel = map[string]SpanStats{}
	out.Spans.Pairs = []PairStats{}
	out.DocumentsF1 = []DocScore{}
	out.Annotators = opts.Annotators
	if len(out.Annotators) == 0 {
		for a := range seen {
			out.Annotators = append(out.Annotators, a)
		}
		sort.Strings(out.Annotators)
	}
	if len(out.Annotators) < 2 || len(texts) == 0 {
		out.Notes = append(out.Notes, "fewer than two annotators worked on the same documents: nothing to compare")
		return out, nil
	}
	labelsUsed := map[string]bool{}
	for _, s := range spans {
		labelsUsed[s.Label] = true
	}
	var labelList []string
	for l := range labelsUsed {
		if opts.Label == "" || l == opts.Label {
			labelList = append(labelList, l)
		}
	}
	sort.Strings(labelList)

	// Documents every chosen annotator worked on carry token kappa and α_u,
	// which cannot tell "did not read" from "found nothing" otherwise.
	full := map[string]string{}
	var order []string
	for doc, text := range texts {
		if len(worked[doc]) == len(out.Annotators) {
			full[doc] = text
			order = append(order, doc)
		}
	}
	sort.Strings(order)
	if len(full) < len(texts) {
		out.Notes = append(out.Notes, fmt.Sprintf("token kappa and alpha_u use the %d of %d documents every annotator worked on", len(full), len(texts)))
	}

	exact, err := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Exact, Annotators: out.Annotators, Label: opts.Label, Docs: worked})
	if err != nil && !errors.Is(err, agreement.ErrTooFewAnnotators) {
		return nil, err
	}
	overlap, err := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Overlap, Annotators: out.Annotators, Label: opts.Label, Docs: worked})
	if err != nil && !errors.Is(err, agreement.ErrTooFewAnnotators) {
		return nil, err
	}
	out.Spans.Overall.F1Exact = Stat{exact.Mean, exact.StdDev}
	out.Spans.Overall.F1Overlap = Stat{overlap.Mean, overlap.StdDev}
	tokens := agreement.TokenizeAll(full) // once for every label
	tk, tkPairs := tokenKappa(tokens, spans, out.Annotators, opts.Label)
	out.Spans.Overall.KappaToken = tk
	var unit *agreement.UnitizingReport
	if len(full) > 0 {
		u, err := agreement.UnitizingAlpha(filterLabel(spans, opts.Label), agreement.DocLengths(full), order, out.Annotators)
		if err == nil || errors.Is(err, agreement.ErrUndefined) {
			unit = &u
			out.Spans.Overall.AlphaU = u.Overall.Alpha
		}
	}
	for _, l := range labelList {
		ls := SpanStats{F1Exact: Stat{exact.Labels[l].Mean, exact.Labels[l].StdDev}, F1Overlap: Stat{overlap.Labels[l].Mean, overlap.Labels[l].StdDev}}
		ls.KappaToken, _ = tokenKappa(tokens, spans, out.Annotators, l)
		if unit != nil {
			ls.AlphaU = unit.Labels[l].Alpha
		}
		out.Spans.ByLabel[l] = ls
	}
	for i, p := range exact.Pairs {
		ps := PairStats{A: p.A, B: p.B, F1Exact: p.F1}
		if i < len(overlap.Pairs) {
			ps.F1Overlap = overlap.Pairs[i].F1
		}
		for _, k := range tkPairs {
			if k.A == p.A && k.B == p.B {
				ps.KappaToken = k.Kappa
			}
		}
		out.Spans.Pairs = append(out.Spans.Pairs, ps)
	}
	for doc, s := range exact.Documents {
		d := names[doc]
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

	for _, set := range sc.DocLabelSets {
		byDoc := docLabels[set.Name]
		if len(byDoc) == 0 {
			continue
		}
		single := map[string]map[string]string{}
		for doc, m := range byDoc {
			if _, ok := texts[doc]; !ok {
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
			return nil, err
		}
		stats := DocLabelStats{AlphaNominal: rep.Alpha, KappaFleiss: rep.Fleiss}
		if len(out.Annotators) == 2 && len(rep.Pairs) == 1 {
			stats.KappaCohen = rep.Pairs[0].Kappa
		}
		out.DocLabels[set.Name] = stats
	}
	for i, a := range out.Annotators {
		for _, b := range out.Annotators[i+1:] {
			out.Confusion = append(out.Confusion, agreement.ConfusionMatrix(spans, a, b))
		}
	}
	return out, nil
}

func filterLabel(spans []agreement.Span, label string) []agreement.Span {
	if label == "" {
		return spans
	}
	var out []agreement.Span
	for _, s := range spans {
		if s.Label == label {
			out = append(out, s)
		}
	}
	return out
}

// tokenKappa is Fleiss' kappa over tokens (Cohen's for two annotators) and
// the pairwise Cohen's kappas; restricted to one label, other labels' tokens
// count as O.
func tokenKappa(tokens map[string][]agreement.Fragment, spans []agreement.Span, annotators []string, label string) (*float64, []agreement.PairKappa) {
	if len(tokens) == 0 {
		return nil, nil
	}
	rep, err := agreement.TokenKappaTokens(tokens, filterLabel(spans, label), annotators)
	if err != nil && !errors.Is(err, agreement.ErrUndefined) {
		return nil, nil
	}
	if len(annotators) == 2 && len(rep.Pairs) == 1 {
		return rep.Pairs[0].Kappa, rep.Pairs
	}
	return rep.Fleiss, rep.Pairs
}
