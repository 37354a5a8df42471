package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
)

func newAgreementCmd() *cobra.Command {
	var (
		annotators string
		label      string
		asJSON     bool
	)
	cmd := &cobra.Command{
		Use:   "agreement PROJECT [--annotators A,B,...] [--label L] [--json]",
		Short: "Inter-annotator agreement: span F1, token kappa, unitizing alpha, document-label kappa/alpha",
		Long: `Measure agreement between annotators over the documents at least two of
them worked on (merge colleagues' files first with 'margin merge').

Spans: F1 exact (same label and fragments) and overlap (same label, shared
code point, one-to-one), per pair then mean and population SD over pairs;
token-level Cohen's kappa (two annotators) or Fleiss' kappa (more), untagged
tokens as O; Krippendorff's unitizing alpha over the documents laid end to
end. Document labels: Cohen's kappa (two annotators), Fleiss' kappa and
Krippendorff's nominal alpha, a missing label being missing. A figure that
does not apply is shown as n/a (null in --json).`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			opts := dataset.AgreementOptions{Label: label}
			if annotators != "" {
				for _, a := range strings.Split(annotators, ",") {
					if a = strings.TrimSpace(a); a != "" {
						opts.Annotators = append(opts.Annotators, a)
					}
				}
				if len(opts.Annotators) < 2 {
					return fmt.Errorf("agreement: --annotators needs at least two names")
				}
			}
			bar := newProgress(cmd, "agreement", false)
			opts.Progress = bar.countFunc()
			sum, err := dataset.Agreement(ctx, db, opts)
			bar.finish()
			if err != nil {
				return fmt.Errorf("agreement: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(sum)
			}
			printAgreement(out, sum)
			return nil
		}),
	}
	cmd.Flags().StringVar(&annotators, "annotators", "", "comma-separated annotators to compare (default: everyone but gold); NAME@suggest is recommender NAME's suggestion layer, gold the adjudicated layer")
	cmd.Flags().StringVar(&label, "label", "", "only this label")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func num(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *v)
}

func stat(s dataset.Stat) string {
	if s.Mean == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f ± %s", *s.Mean, num(s.SD))
}

func printAgreement(w io.Writer, s *dataset.AgreementSummary) {
	fmt.Fprintf(w, "annotators: %s · documents: %d\n\n", strings.Join(s.Annotators, ", "), s.Documents)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPANS\tF1 EXACT\tF1 OVERLAP\tTOKEN KAPPA\tALPHA_U")
	o := s.Spans.Overall
	fmt.Fprintf(tw, "overall\t%s\t%s\t%s\t%s\n", stat(o.F1Exact), stat(o.F1Overlap), num(o.KappaToken), num(o.AlphaU))
	labels := make([]string, 0, len(s.Spans.ByLabel))
	for l := range s.Spans.ByLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		x := s.Spans.ByLabel[l]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l, stat(x.F1Exact), stat(x.F1Overlap), num(x.KappaToken), num(x.AlphaU))
	}
	tw.Flush()
	if len(s.Spans.Pairs) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PAIR\tF1 EXACT\tF1 OVERLAP\tTOKEN KAPPA")
		for _, p := range s.Spans.Pairs {
			fmt.Fprintf(tw, "%s / %s\t%s\t%s\t%s\n", p.A, p.B, num(p.F1Exact), num(p.F1Overlap), num(p.KappaToken))
		}
		tw.Flush()
	}
	if len(s.DocLabels) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DOCUMENT LABELS\tCOHEN\tFLEISS\tALPHA (NOMINAL)")
		sets := make([]string, 0, len(s.DocLabels))
		for k := range s.DocLabels {
			sets = append(sets, k)
		}
		sort.Strings(sets)
		for _, k := range sets {
			d := s.DocLabels[k]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k, num(d.KappaCohen), num(d.KappaFleiss), num(d.AlphaNominal))
		}
		tw.Flush()
	}
	for _, n := range s.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}
