package agreement

import (
	"errors"
	"math"
	"testing"
)

func sp(doc, ann, label string, start, end int) Span {
	return Span{Doc: doc, Annotator: ann, Label: label, Fragments: []Fragment{{start, end}}}
}

// bratiaaAgree2 is the test project of bratiaa (github.com/kldtz/bratiaa,
// data/agreement/agree-2, two annotators, two Spanish CoNLL-2002 documents),
// transcribed from its .ann files. bratiaa's tests/bratiaa/test_agree.py
// (test_avg_total) asserts mean F1 = 0.787878 (= 26/33), SD = 0.
func bratiaaAgree2() []Span {
	d29, d46 := "esp.train-doc-29", "esp.train-doc-46"
	return []Span{
		sp(d29, "ann1", "PER", 4, 17), sp(d29, "ann1", "LOC", 18, 24), sp(d29, "ann1", "ORG", 34, 37),
		sp(d29, "ann1", "PER", 361, 397), sp(d29, "ann1", "PER", 563, 567), sp(d29, "ann1", "PER", 720, 724),
		sp(d29, "ann1", "PER", 1074, 1078), sp(d29, "ann1", "PER", 1081, 1096), sp(d29, "ann1", "MISC", 2376, 2387),
		sp(d29, "ann1", "LOC", 2498, 2504),

		sp(d29, "ann2", "PER", 4, 17), sp(d29, "ann2", "ORG", 34, 37), sp(d29, "ann2", "PER", 361, 397),
		sp(d29, "ann2", "PER", 563, 567), sp(d29, "ann2", "PER", 720, 724), sp(d29, "ann2", "PER", 1081, 1096),
		sp(d29, "ann2", "MISC", 2376, 2387), sp(d29, "ann2", "LOC", 2498, 2504),

		sp(d46, "ann1", "LOC", 0, 8), sp(d46, "ann1", "ORG", 18, 21), sp(d46, "ann1", "ORG", 192, 195),
		sp(d46, "ann1", "PER", 327, 344), sp(d46, "ann1", "PER", 454, 465), sp(d46, "ann1", "ORG", 650, 653),

		sp(d46, "ann2", "LOC", 0, 8), sp(d46, "ann2", "ORG", 18, 21), sp(d46, "ann2", "LOC", 42, 54),
		sp(d46, "ann2", "ORG", 161, 190), sp(d46, "ann2", "PER", 327, 344), sp(d46, "ann2", "ORG", 408, 426),
		sp(d46, "ann2", "PER", 454, 465), sp(d46, "ann2", "ORG", 516, 523), sp(d46, "ann2", "ORG", 650, 653),
	}
}

func TestSpanF1Bratiaa(t *testing.T) {
	rep, err := SpanF1(bratiaaAgree2(), F1Options{Mode: Exact})
	if err != nil {
		t.Fatal(err)
	}
	nearPtr(t, "mean F1", rep.Mean, 0.787878, 0.0001*0.787878) // pytest.approx(0.787878, rel=1e-4)
	nearPtr(t, "sd F1", rep.StdDev, 0, 0)
	p := rep.Pairs[0]
	if p.A != "ann1" || p.B != "ann2" || p.Matches != 13 || p.CountA != 16 || p.CountB != 17 || p.Documents != 2 {
		t.Errorf("pair = %+v", p)
	}
	nearPtr(t, "precision", p.Precision, 13.0/17, 1e-12)
	nearPtr(t, "recall", p.Recall, 13.0/16, 1e-12)
	// Per label and per document, counted by hand from the same files.
	for l, want := range map[string]float64{"PER": 14.0 / 15, "LOC": 4.0 / 6, "ORG": 6.0 / 10, "MISC": 1} {
		nearPtr(t, "F1 "+l, rep.Labels[l].Mean, want, 1e-12)
	}
	nearPtr(t, "F1 doc 29", rep.Documents["esp.train-doc-29"].Mean, 16.0/18, 1e-12)
	nearPtr(t, "F1 doc 46", rep.Documents["esp.train-doc-46"].Mean, 10.0/15, 1e-12)

	// Restricting to one label equals that label's breakdown.
	org, err := SpanF1(bratiaaAgree2(), F1Options{Mode: Exact, Label: "ORG"})
	if err != nil {
		t.Fatal(err)
	}
	nearPtr(t, "ORG only", org.Mean, 0.6, 1e-12)
	if len(org.Labels) != 1 {
		t.Errorf("labels with restriction = %v", org.Labels)
	}

	// Overlap mode cannot be lower than exact mode.
	ov, err := SpanF1(bratiaaAgree2(), F1Options{Mode: Overlap})
	if err != nil {
		t.Fatal(err)
	}
	if *ov.Mean < *rep.Mean || ov.Mode != "overlap" {
		t.Errorf("overlap mean %v < exact %v", *ov.Mean, *rep.Mean)
	}
}

func TestSpanF1Overlap(t *testing.T) {
	spans := []Span{
		sp("d", "a", "X", 0, 10),
		sp("d", "b", "X", 5, 15), // overlaps a by 5
		sp("d", "b", "X", 0, 3),  // overlaps a by 3: a is already taken
		sp("d", "b", "Y", 0, 10), // other label never matches
	}
	rep, err := SpanF1(spans, F1Options{Mode: Overlap})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Pairs[0]
	if p.Matches != 1 || p.CountA != 1 || p.CountB != 3 {
		t.Errorf("pair = %+v", p)
	}
	nearPtr(t, "F1", p.F1, 2.0/4, 1e-12)
	exact, _ := SpanF1(spans, F1Options{Mode: Exact})
	if exact.Pairs[0].Matches != 0 {
		t.Errorf("exact matches = %d", exact.Pairs[0].Matches)
	}

	// One-to-one: a long span of B cannot match two short spans of A.
	spans = []Span{sp("d", "a", "X", 0, 4), sp("d", "a", "X", 6, 8), sp("d", "b", "X", 0, 10)}
	rep, _ = SpanF1(spans, F1Options{Mode: Overlap})
	if rep.Pairs[0].Matches != 1 {
		t.Errorf("one-to-one violated: %+v", rep.Pairs[0])
	}

	// Discontinuous spans: exact needs every fragment equal; overlap counts
	// shared code points across fragments.
	disc := func(ann string, f ...Fragment) Span { return Span{Doc: "d", Annotator: ann, Label: "X", Fragments: f} }
	spans = []Span{disc("a", Fragment{0, 3}, Fragment{10, 12}), disc("b", Fragment{0, 3})}
	if r, _ := SpanF1(spans, F1Options{Mode: Exact}); r.Pairs[0].Matches != 0 {
		t.Error("partial fragment list matched exactly")
	}
	if r, _ := SpanF1(spans, F1Options{Mode: Overlap}); r.Pairs[0].Matches != 1 {
		t.Error("discontinuous overlap not matched")
	}
	spans = append(spans, disc("b", Fragment{0, 3}, Fragment{10, 12}))
	if r, _ := SpanF1(spans, F1Options{Mode: Exact}); r.Pairs[0].Matches != 1 {
		t.Error("identical discontinuous spans not matched")
	}
}

func TestSpanF1DocsAndPopulationSD(t *testing.T) {
	spans := []Span{
		sp("d1", "a", "X", 0, 5), sp("d1", "b", "X", 0, 5), sp("d1", "c", "X", 0, 5),
		sp("d2", "a", "X", 0, 5), sp("d2", "b", "X", 7, 9),
		// c never touched d2.
	}
	rep, err := SpanF1(spans, F1Options{})
	if err != nil {
		t.Fatal(err)
	}
	// a-b: d1 match, d2 mismatch: 2·1/4 = 0.5; a-c and b-c: only d1: 1.
	want := map[string]float64{"a-b": 0.5, "a-c": 1, "b-c": 1}
	for _, p := range rep.Pairs {
		nearPtr(t, "F1 "+p.A+"-"+p.B, p.F1, want[p.A+"-"+p.B], 1e-12)
	}
	m := 2.5 / 3
	sd := math.Sqrt(((0.5-m)*(0.5-m) + 2*(1-m)*(1-m)) / 3) // population, not sample
	nearPtr(t, "mean", rep.Mean, m, 1e-12)
	nearPtr(t, "sd", rep.StdDev, sd, 1e-12)
	if len(rep.Documents["d2"].Pairs) != 1 {
		t.Errorf("d2 pairs = %+v", rep.Documents["d2"].Pairs)
	}

	// Listing c as having worked on d2 (finding nothing) makes d2 count
	// against c: a-c = 2·1/(2+1), b-c likewise.
	rep, err = SpanF1(spans, F1Options{Docs: map[string][]string{"d2": {"c"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Pairs {
		if p.B == "c" {
			nearPtr(t, "F1 with listed doc "+p.A+"-c", p.F1, 2.0/3, 1e-12)
			if p.Documents != 2 {
				t.Errorf("documents = %d", p.Documents)
			}
		}
	}

	// Restricting annotators.
	rep, err = SpanF1(spans, F1Options{Annotators: []string{"b", "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].A != "b" {
		t.Errorf("restricted pairs = %+v", rep.Pairs)
	}
}

func TestSpanF1Edges(t *testing.T) {
	if _, err := SpanF1([]Span{sp("d", "a", "X", 0, 1)}, F1Options{}); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one annotator: %v", err)
	}
	if _, err := SpanF1(nil, F1Options{}); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("no spans: %v", err)
	}
	if _, err := SpanF1([]Span{sp("d", "a", "X", 3, 1), sp("d", "b", "X", 0, 1)}, F1Options{}); err == nil {
		t.Error("inverted fragment accepted")
	}
	// Both annotators worked on d but neither has a span of label Y:
	// F1 of two empty sets is undefined, so F1 is nil and no mean exists.
	rep, err := SpanF1([]Span{sp("d", "a", "X", 0, 1), sp("d", "b", "X", 0, 1)}, F1Options{Label: "Y"})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Pairs[0]
	if p.F1 != nil || p.Precision != nil || p.Recall != nil || rep.Mean != nil || rep.StdDev != nil || rep.DefinedPairs != 0 {
		t.Errorf("empty comparison should be undefined: %+v / %+v", p, rep.F1Summary)
	}
	// One side empty: F1 = 0 (defined), precision undefined, recall 0.
	rep, _ = SpanF1([]Span{sp("d", "a", "X", 0, 1), sp("d", "b", "Y", 0, 1)}, F1Options{Label: "X"})
	p = rep.Pairs[0]
	nearPtr(t, "F1 one empty", p.F1, 0, 0)
	nearPtr(t, "recall one empty", p.Recall, 0, 0)
	if p.Precision != nil {
		t.Errorf("precision with |B| = 0 should be nil, got %v", *p.Precision)
	}
}
