package agreement

import (
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

// measuresOneByOne is what Summarize must equal: every measure called on
// its own, as the dashboard did before Summarize.
func measuresOneByOne(spans []Span, opts SummaryOptions) (Summary, error) {
	anns := annotatorsOf(spans, opts.Annotators)
	sum := Summary{Annotators: anns, TokenLabels: map[string]TokenKappaReport{}, TokenLabelErrs: map[string]error{}}
	var err error
	sum.Exact, err = SpanF1(spans, F1Options{Mode: Exact, Annotators: opts.Annotators, Label: opts.Label, Docs: opts.Docs})
	if err != nil && !errors.Is(err, ErrTooFewAnnotators) {
		return Summary{}, err
	}
	sum.F1Err = err
	sum.Overlap, _ = SpanF1(spans, F1Options{Mode: Overlap, Annotators: opts.Annotators, Label: opts.Label, Docs: opts.Docs})
	tokens := TokenizeAll(opts.Texts)
	sum.Token, sum.TokenErr = TokenKappaTokens(tokens, withLabel(spans, opts.Label), anns)
	for _, l := range opts.TokenLabels {
		sum.TokenLabels[l], sum.TokenLabelErrs[l] = TokenKappaTokens(tokens, withLabel(spans, l), anns)
	}
	sum.Unitizing, sum.UnitizingErr = UnitizingAlpha(withLabel(spans, opts.Label), DocLengths(opts.Texts), sortedKeys(opts.Texts), anns)
	for i, a := range anns {
		for _, b := range anns[i+1:] {
			sum.Confusion = append(sum.Confusion, ConfusionMatrix(spans, a, b))
		}
	}
	return sum, nil
}

// randomProject is documents with nested, overlapping, discontinuous and
// duplicated spans, documents some annotators did not touch, labels named
// O and ∅, and a colleague who is not compared.
func randomProject(r *rand.Rand, round int) ([]Span, SummaryOptions) {
	words := []string{"the", "ceasefire", "Kyiv", "停火", "👍🏽", "talks,", "agreed.", "a", "don't"}
	labels := []string{"ACTOR", "CLAIM", "B", "O", NoSpan, "TERM"}
	anns := []string{"ana", "bo", "cy", "dee"}[:2+round%3]
	opts := SummaryOptions{Annotators: anns, Docs: map[string][]string{}, Texts: map[string]string{}}
	var spans []Span
	for d := 0; d < 4+round%5; d++ {
		doc := fmt.Sprintf("%064x", r.Int63())
		text := ""
		for len([]rune(text)) < 200+r.Intn(400) {
			text += words[r.Intn(len(words))] + " "
		}
		n := len([]rune(text))
		all := d%3 != 2
		if all {
			opts.Texts[doc] = text
		}
		for k, a := range append(append([]string(nil), anns...), "zed") {
			if !all && k == 0 {
				continue
			}
			opts.Docs[doc] = append(opts.Docs[doc], a)
			for i := 0; i < r.Intn(40); i++ {
				s := r.Intn(n - 40)
				frags := []Fragment{{s, s + 1 + r.Intn(30)}}
				if i%6 == 0 { // discontinuous
					frags = append(frags, Fragment{frags[0].End + 1 + r.Intn(3), frags[0].End + 5 + r.Intn(5)})
				}
				sp := Span{Doc: doc, Annotator: a, Label: labels[r.Intn(len(labels))], Fragments: frags}
				spans = append(spans, sp)
				if i%9 == 0 { // the same span twice, or relabelled
					if i%2 == 0 {
						sp.Label = labels[r.Intn(len(labels))]
					}
					spans = append(spans, sp)
				}
				if i%7 == 0 && k+1 < len(anns) { // a colleague's exact copy
					sp.Annotator = anns[k+1]
					spans = append(spans, sp)
				}
			}
		}
	}
	r.Shuffle(len(spans), func(i, j int) { spans[i], spans[j] = spans[j], spans[i] })
	opts.TokenLabels = []string{"ACTOR", "O", "TERM", "NONE"}
	switch round % 4 {
	case 1:
		opts.Label = "CLAIM"
	case 2:
		opts.Annotators = nil
	case 3:
		opts.Label = "NONE"
	}
	return spans, opts
}

func TestSummarizeMatchesMeasures(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	for round := 0; round < 60; round++ {
		spans, opts := randomProject(r, round)
		checkSummarize(t, fmt.Sprint("round ", round), spans, opts)
	}
}

// TestSummarizeOverlapManySpans has more spans of a label than the small
// case pairs them all: the candidates come from the sorted sweep.
func TestSummarizeOverlapManySpans(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	var spans []Span
	for _, a := range []string{"ana", "bo"} {
		for i := 0; i < 300; i++ {
			s := r.Intn(5000)
			l := 1 + r.Intn(20)
			if i%50 == 0 {
				l = 400 // a long span meets many short ones
			}
			spans = append(spans, Span{Doc: "d", Annotator: a, Label: "X", Fragments: []Fragment{{s, s + l}}})
		}
	}
	got := checkSummarize(t, "many spans", spans, SummaryOptions{})
	if got.Overlap.Pairs[0].Matches == got.Exact.Pairs[0].Matches {
		t.Fatalf("overlap found no more matches (%d) than exact: the case does not test overlap", got.Overlap.Pairs[0].Matches)
	}
}

func TestSummarizeRefusesMalformedSpans(t *testing.T) {
	spans := []Span{{Doc: "d", Annotator: "a", Label: "X", Fragments: []Fragment{{5, 3}}}, {Doc: "d", Annotator: "b", Label: "X", Fragments: []Fragment{{1, 3}}}}
	_, want := SpanF1(spans, F1Options{})
	_, err := Summarize(spans, SummaryOptions{})
	if err == nil || err.Error() != want.Error() {
		t.Fatalf("Summarize: %v, SpanF1: %v", err, want)
	}
}

// checkSummarize fails the test where Summarize differs from the measures
// one by one.
func checkSummarize(t *testing.T, what string, spans []Span, opts SummaryOptions) Summary {
	t.Helper()
	want, err := measuresOneByOne(spans, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Summarize(spans, opts)
	if err != nil {
		t.Fatal(err)
	}
	check := func(part string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s differs:\n got %+v\nwant %+v", what, part, g, w)
		}
	}
	check("annotators", got.Annotators, want.Annotators)
	check("exact F1", got.Exact, want.Exact)
	check("overlap F1", got.Overlap, want.Overlap)
	check("F1 error", got.F1Err, want.F1Err)
	check("token kappa", got.Token, want.Token)
	check("token kappa error", fmt.Sprint(got.TokenErr), fmt.Sprint(want.TokenErr))
	check("token kappa by label", got.TokenLabels, want.TokenLabels)
	check("token kappa by label errors", fmt.Sprint(got.TokenLabelErrs), fmt.Sprint(want.TokenLabelErrs))
	check("alpha_u", got.Unitizing, want.Unitizing)
	check("alpha_u error", fmt.Sprint(got.UnitizingErr), fmt.Sprint(want.UnitizingErr))
	check("confusion", got.Confusion, want.Confusion)
	return got
}

// TestSummarizeUnitizingErrorNamesTheSameSpan: spans past their text's
// end (two, on documents the continuum orders the other way round) fail
// α_u with the error UnitizingAlpha gives, naming the same span.
func TestSummarizeUnitizingErrorNamesTheSameSpan(t *testing.T) {
	spans := []Span{
		{Doc: "z", Annotator: "ana", Label: "X", Fragments: []Fragment{{2, 40}}},
		{Doc: "a", Annotator: "bo", Label: "X", Fragments: []Fragment{{0, 30}}},
		{Doc: "a", Annotator: "ana", Label: "X", Fragments: []Fragment{{0, 3}}},
	}
	opts := SummaryOptions{Texts: map[string]string{"a": "short text", "z": "another short one"}}
	got := checkSummarize(t, "past the end", spans, opts)
	if got.UnitizingErr == nil {
		t.Fatal("no error for spans past the end of their text")
	}
}
