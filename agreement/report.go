package agreement

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

// Report bundles every measure for the CLI (`--json` marshals it as is;
// undefined values are omitted, never NaN). Sections that could not be
// computed are nil, with the reason in Notes.
type Report struct {
	Annotators    []string          `json:"annotators"`
	Label         string            `json:"label,omitempty"`
	SpanF1Exact   *F1Report         `json:"span_f1_exact,omitempty"`
	SpanF1Overlap *F1Report         `json:"span_f1_overlap,omitempty"`
	TokenKappa    *TokenKappaReport `json:"token_kappa,omitempty"`
	Unitizing     *UnitizingReport  `json:"unitizing_alpha,omitempty"`
	DocLabels     *DocLabelReport   `json:"document_labels,omitempty"`
	Notes         []string          `json:"notes,omitempty"`
}

// ReportOptions configures Compute.
type ReportOptions struct {
	// Annotators and Label restrict every span measure (see F1Options).
	Annotators []string
	Label      string
	// Docs: document key -> annotators who worked on it (see F1Options).
	Docs map[string][]string
	// Texts: document key -> text. Needed for token kappa and α_u, which
	// are computed over the documents in Texts that every annotator worked
	// on (a measure over the whole text cannot tell "did not read" from
	// "found nothing").
	Texts map[string]string
	// DocOrder orders the documents on the α_u continuum; default: sorted
	// keys. α_u does not depend on the order except through gaps spanning
	// document boundaries, so a stable order keeps results reproducible.
	DocOrder []string
	// DocLabels: document key -> annotator -> label, optional.
	DocLabels map[string]map[string]string
}

// Compute runs every measure the inputs allow. It fails only when fewer than
// two annotators are available or the spans are malformed; measures that are
// impossible for the data are skipped with a note.
func Compute(spans []Span, opts ReportOptions) (Report, error) {
	if err := validateSpans(spans); err != nil {
		return Report{}, err
	}
	if opts.Label != "" {
		var kept []Span
		for _, s := range spans {
			if s.Label == opts.Label {
				kept = append(kept, s)
			}
		}
		// Documents stay "worked on" even if the label filter removes all
		// of an annotator's spans there.
		opts.Docs = workedDocs(spans, opts.Docs)
		spans = kept
	}
	anns := annotatorsOf(spans, opts.Annotators)
	if len(opts.Annotators) == 0 {
		// Annotators who only appear in Docs count too.
		all := append(append([]Span{}, spans...), docSpans(opts.Docs)...)
		anns = annotatorsOf(all, nil)
	}
	rep := Report{Annotators: anns, Label: opts.Label}
	if len(anns) < 2 {
		return rep, ErrTooFewAnnotators
	}
	for _, mode := range []MatchMode{Exact, Overlap} {
		r, err := SpanF1(spans, F1Options{Mode: mode, Annotators: anns, Label: opts.Label, Docs: opts.Docs})
		if err != nil {
			return rep, err
		}
		if mode == Exact {
			rep.SpanF1Exact = &r
		} else {
			rep.SpanF1Overlap = &r
		}
	}

	if len(opts.Texts) > 0 {
		worked := workedDocs(spans, opts.Docs)
		texts := map[string]string{}
		for doc, text := range opts.Texts {
			all := true
			for _, a := range anns {
				if !contains(worked[doc], a) {
					all = false
					break
				}
			}
			if all {
				texts[doc] = text
			}
		}
		if len(texts) == 0 {
			rep.Notes = append(rep.Notes, "token kappa and unitizing alpha skipped: no document was worked on by every annotator")
		} else {
			tk, err := TokenKappa(texts, spans, anns)
			if err == nil {
				rep.TokenKappa = &tk
			} else {
				rep.Notes = append(rep.Notes, "token kappa skipped: "+err.Error())
			}
			order := opts.DocOrder
			if len(order) == 0 {
				order = sortedKeys(texts)
			} else {
				var kept []string
				for _, d := range order {
					if _, ok := texts[d]; ok {
						kept = append(kept, d)
					}
				}
				order = kept
			}
			ua, err := UnitizingAlpha(spans, DocLengths(texts), order, anns)
			if err == nil {
				rep.Unitizing = &ua
			} else {
				rep.Notes = append(rep.Notes, "unitizing alpha skipped: "+err.Error())
			}
		}
	} else {
		rep.Notes = append(rep.Notes, "token kappa and unitizing alpha need the document texts")
	}

	if len(opts.DocLabels) > 0 {
		dl, err := DocLabelAgreement(opts.DocLabels, opts.Annotators)
		if err == nil {
			rep.DocLabels = &dl
		} else {
			rep.Notes = append(rep.Notes, "document labels skipped: "+err.Error())
		}
	}
	return rep, nil
}

// workedDocs merges "has a span there" with the caller's list.
func workedDocs(spans []Span, docs map[string][]string) map[string][]string {
	out := map[string][]string{}
	for d, list := range docs {
		for _, a := range list {
			if !contains(out[d], a) {
				out[d] = append(out[d], a)
			}
		}
	}
	for _, s := range spans {
		if !contains(out[s.Doc], s.Annotator) {
			out[s.Doc] = append(out[s.Doc], s.Annotator)
		}
	}
	return out
}

// docSpans turns the Docs list into placeholder spans so annotatorsOf sees
// annotators who worked without annotating; they are never compared.
func docSpans(docs map[string][]string) []Span {
	var out []Span
	for d, list := range docs {
		for _, a := range list {
			out = append(out, Span{Doc: d, Annotator: a})
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FormatTable renders the report as plain text for terminals.
func FormatTable(r Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Inter-annotator agreement: %d annotators (%s)", len(r.Annotators), strings.Join(r.Annotators, ", "))
	if r.Label != "" {
		fmt.Fprintf(&b, ", label %s", r.Label)
	}
	b.WriteString("\n")

	if r.SpanF1Exact != nil {
		b.WriteString("\nSpan F1 (pairwise, summed over documents both annotated; A = reference)\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "A\tB\tdocs\t|A|\t|B|\texact\tP\tR\toverlap\t")
		for i, p := range r.SpanF1Exact.Pairs {
			ov := "n/a"
			if r.SpanF1Overlap != nil && i < len(r.SpanF1Overlap.Pairs) {
				ov = num(r.SpanF1Overlap.Pairs[i].F1)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t\n", p.A, p.B, p.Documents, p.CountA, p.CountB,
				num(p.F1), num(p.Precision), num(p.Recall), ov)
		}
		tw.Flush()
		fmt.Fprintf(&b, "  mean ± sd: exact %s", meanPM(r.SpanF1Exact.F1Summary))
		if r.SpanF1Overlap != nil {
			fmt.Fprintf(&b, ", overlap %s", meanPM(r.SpanF1Overlap.F1Summary))
		}
		b.WriteString("\n")

		if len(r.SpanF1Exact.Labels) > 0 {
			b.WriteString("\nSpan F1 per label (mean ± sd over pairs)\n")
			tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "label\texact\toverlap\t")
			for _, l := range sortedKeys(r.SpanF1Exact.Labels) {
				ov := "n/a"
				if r.SpanF1Overlap != nil {
					ov = meanPM(r.SpanF1Overlap.Labels[l])
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t\n", l, meanPM(r.SpanF1Exact.Labels[l]), ov)
			}
			tw.Flush()
		}
	}

	if tk := r.TokenKappa; tk != nil {
		fmt.Fprintf(&b, "\nToken kappa (%d tokens, %d documents)\n", tk.Tokens, tk.Documents)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "A\tB\tagreement\tCohen κ\t")
		for _, p := range tk.Pairs {
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t%s\t\n", p.A, p.B, p.ObservedAgreement, num(p.Kappa))
		}
		tw.Flush()
		fmt.Fprintf(&b, "  mean Cohen κ %s, Fleiss κ %s\n", num(tk.MeanCohen), num(tk.Fleiss))
	}

	if u := r.Unitizing; u != nil {
		fmt.Fprintf(&b, "\nUnitizing alpha α_u (continuum %d code points, %d documents)\n", u.ContinuumLength, len(u.Documents))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "label\tunits\tDo\tDe\tα_u\t")
		for _, l := range sortedKeys(u.Labels) {
			s := u.Labels[l]
			fmt.Fprintf(tw, "%s\t%d\t%.5f\t%.5f\t%s\t\n", l, s.Units, s.ObservedDisagreement, s.ExpectedDisagreement, num(s.Alpha))
		}
		s := u.Overall
		fmt.Fprintf(tw, "overall\t%d\t%.5f\t%.5f\t%s\t\n", s.Units, s.ObservedDisagreement, s.ExpectedDisagreement, num(s.Alpha))
		tw.Flush()
		if u.MergedUnits > 0 {
			fmt.Fprintf(&b, "  (%d overlapping same-label units of one annotator were merged)\n", u.MergedUnits)
		}
	}

	if d := r.DocLabels; d != nil {
		fmt.Fprintf(&b, "\nDocument labels (%d documents)\n", d.Documents)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "A\tB\tdocs\tagreement\tCohen κ\t")
		for _, p := range d.Pairs {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%s\t\n", p.A, p.B, p.Items, p.ObservedAgreement, num(p.Kappa))
		}
		tw.Flush()
		fmt.Fprintf(&b, "  Krippendorff α (nominal) %s, Fleiss κ %s over %d documents labelled by all\n",
			num(d.Alpha), num(d.Fleiss), d.FleissDocuments)
	}

	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\nnote: %s", n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// num prints an optional coefficient; "n/a" marks an undefined one.
func num(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *v)
}

func meanPM(s F1Summary) string {
	if s.Mean == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f ± %.3f", *s.Mean, *s.StdDev)
}
