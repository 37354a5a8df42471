package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"github.com/margin-app/margin/agreement"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// spanMeasuresOneByOne is spanMeasures as it was before
// agreement.Summarize: each measure called on its own, token kappa once
// per label. The summaries must be the same, number for number.
func spanMeasuresOneByOne(spans []agreement.Span, plan agreementPlan, out *AgreementSummary) (map[string]agreement.F1Summary, error) {
	exact, err := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Exact, Annotators: plan.annotators, Label: plan.label, Docs: plan.worked})
	if err != nil && !errors.Is(err, agreement.ErrTooFewAnnotators) {
		return nil, err
	}
	overlap, err := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Overlap, Annotators: plan.annotators, Label: plan.label, Docs: plan.worked})
	if err != nil && !errors.Is(err, agreement.ErrTooFewAnnotators) {
		return nil, err
	}
	out.Spans.Overall.F1Exact = Stat{exact.Mean, exact.StdDev}
	out.Spans.Overall.F1Overlap = Stat{overlap.Mean, overlap.StdDev}
	tokens := agreement.TokenizeAll(plan.full)
	tk, tkPairs := oneTokenKappa(tokens, spans, plan.annotators, plan.label)
	out.Spans.Overall.KappaToken = tk
	var order []string
	for doc := range plan.full {
		order = append(order, doc)
	}
	slices.Sort(order)
	var unit *agreement.UnitizingReport
	if len(plan.full) > 0 {
		u, err := agreement.UnitizingAlpha(withLabel(spans, plan.label), agreement.DocLengths(plan.full), order, plan.annotators)
		if err == nil || errors.Is(err, agreement.ErrUndefined) {
			unit = &u
			out.Spans.Overall.AlphaU = u.Overall.Alpha
		}
	}
	for _, l := range plan.labels {
		ls := SpanStats{F1Exact: Stat{exact.Labels[l].Mean, exact.Labels[l].StdDev}, F1Overlap: Stat{overlap.Labels[l].Mean, overlap.Labels[l].StdDev}}
		ls.KappaToken, _ = oneTokenKappa(tokens, spans, plan.annotators, l)
		if unit != nil {
			ls.AlphaU = unit.Labels[l].Alpha
		}
		out.Spans.ByLabel[l] = ls
	}
	out.Spans.Pairs = pairStats(exact.Pairs, overlap.Pairs, tkPairs)
	for i, a := range plan.annotators {
		for _, b := range plan.annotators[i+1:] {
			out.Confusion = append(out.Confusion, agreement.ConfusionMatrix(spans, a, b))
		}
	}
	return exact.Documents, nil
}

func oneTokenKappa(tokens map[string][]agreement.Fragment, spans []agreement.Span, annotators []string, label string) (*float64, []agreement.PairKappa) {
	if len(tokens) == 0 {
		return nil, nil
	}
	rep, err := agreement.TokenKappaTokens(tokens, withLabel(spans, label), annotators)
	return tokenKappaOf(rep, err, len(annotators))
}

func withLabel(spans []agreement.Span, label string) []agreement.Span {
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

// documentByDocument hides the store's one-pass read (model.AgreementReader).
type documentByDocument struct{ AgreementStore }

// colleagues adds bo's and cy's layers to a project imported as ana: each
// of ana's spans kept, stretched or shrunk at one end, relabelled, split
// in two fragments, doubled by a nested span, or left out, and a few
// spans of their own; cy skips every seventh document, so token kappa and
// α_u have fewer documents than span F1.
func colleagues(t *testing.T, db *storage.DB, seed int64) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewSource(seed))
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, l := range sc.Labels {
		labels = append(labels, l.Name)
	}
	var add []*model.Annotation
	for n, d := range docs {
		doc, err := db.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		size := len([]rune(doc.Text))
		anns, err := db.Annotations(ctx, d.ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"bo", "cy"} {
			if who == "cy" && n%7 == 3 {
				continue
			}
			for _, a := range anns {
				frags := append([]model.Fragment(nil), a.Fragments...)
				label := a.Label
				last := &frags[len(frags)-1]
				switch r.Intn(12) {
				case 0:
					if last.End < size {
						last.End++
					}
				case 1:
					if last.End-last.Start > 1 {
						last.End--
					}
				case 2:
					label = labels[r.Intn(len(labels))]
				case 3:
					continue
				case 4:
					if l := last.End - last.Start; l > 4 {
						end := last.End
						last.End = last.Start + l/2 - 1
						frags = append(frags, model.Fragment{Start: last.Start + l/2 + 1, End: end})
					}
				case 5:
					if l := last.End - last.Start; l > 1 {
						add = append(add, &model.Annotation{DocID: d.ID, Annotator: who, Label: labels[r.Intn(len(labels))], Fragments: []model.Fragment{{Start: last.Start, End: last.Start + l/2}}})
					}
				}
				add = append(add, &model.Annotation{DocID: d.ID, Annotator: who, Label: label, Fragments: frags})
			}
			if size > 20 && r.Intn(3) == 0 {
				s := r.Intn(size - 10)
				add = append(add, &model.Annotation{DocID: d.ID, Annotator: who, Label: labels[r.Intn(len(labels))], Fragments: []model.Fragment{{Start: s, End: s + 1 + r.Intn(9)}}})
			}
		}
	}
	if err := db.CreateAnnotations(ctx, add); err != nil {
		t.Fatal(err)
	}
}

// TestAgreementSummarizeEqualsMeasuresOnRealData: the dashboard's and
// `margin agreement`'s summary from agreement.Summarize equals the one
// from the measures one by one on real corpora (CoNLL-2003's English
// training set, brat's BioNLP-ST 2011 EPI and NCBI-disease examples as
// ana, with colleagues' layers derived from them), for every annotator
// choice and label filter the CLI offers.
func TestAgreementSummarizeEqualsMeasuresOnRealData(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ format, path string }{
		{"conll", "conll/conll2003-train.conll"},
		{"brat", "brat/BioNLP-ST_2011_EPI"},
		{"brat", "brat/tutorials-bio"},
	} {
		t.Run(c.path, func(t *testing.T) {
			db := newProject(t)
			if _, err := Import(ctx, db, c.format, realdata.Path(t, c.path), formats.ImportOptions{Annotator: "ana"}, false); err != nil {
				t.Fatal(err)
			}
			colleagues(t, db, int64(len(c.path)))
			all, err := readAgreement(ctx, db, AgreementOptions{})
			if err != nil {
				t.Fatal(err)
			}
			perDoc, err := readAgreement(ctx, documentByDocument{db}, AgreementOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(all, perDoc) {
				t.Error("the one-pass read differs from reading document by document")
			}
			used := map[string]int{}
			busiest := ""
			for _, s := range all.spans {
				if used[s.Label]++; used[s.Label] > used[busiest] {
					busiest = s.Label
				}
			}
			if len(used) < 2 {
				t.Fatalf("%d labels: the corpus does not test labels one by one", len(used))
			}
			for _, opts := range []AgreementOptions{
				{},
				{Label: busiest},
				{Annotators: []string{"bo", "ana"}},
				{Annotators: []string{"cy", "ana", "bo", "nobody"}},
				{Annotators: []string{"ana", "ana", "bo"}},
			} {
				in, err := readAgreement(ctx, db, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(opts.Annotators) == 3 { // the read, once with a choice of annotators
					perDoc, err := readAgreement(ctx, documentByDocument{db}, opts)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(in, perDoc) {
						t.Errorf("%+v: the one-pass read differs from reading document by document", opts)
					}
				}
				got, err := summarizeAgreement(in, opts)
				if err != nil {
					t.Fatal(err)
				}
				if opts.Label == busiest { // and once as the dashboard calls it
					if got, err = Agreement(ctx, db, opts); err != nil {
						t.Fatal(err)
					}
				}
				want, err := summarizeWith(in, opts, spanMeasuresOneByOne)
				if err != nil {
					t.Fatal(err)
				}
				if want.Spans.Overall.F1Overlap.Mean == nil || want.Spans.Overall.F1Exact.Mean == nil {
					t.Fatalf("%+v: no F1 to compare", opts)
				}
				if len(opts.Annotators) != 4 && (want.Spans.Overall.KappaToken == nil || want.Spans.Overall.AlphaU == nil) {
					t.Fatalf("%+v: no token kappa or alpha_u to compare", opts)
				}
				if !reflect.DeepEqual(got, want) {
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					t.Errorf("%+v: Summarize's summary differs from the measures':\n got %s\nwant %s", opts, g, w)
				}
			}
		})
	}
}
