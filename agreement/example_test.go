package agreement_test

import (
	"fmt"

	"github.com/margin-app/margin/agreement"
)

func ExampleSpanF1() {
	spans := []agreement.Span{
		{Doc: "d1", Annotator: "ann", Label: "PER", Fragments: []agreement.Fragment{{Start: 0, End: 5}}},
		{Doc: "d1", Annotator: "ann", Label: "LOC", Fragments: []agreement.Fragment{{Start: 17, End: 22}}},
		{Doc: "d1", Annotator: "bob", Label: "PER", Fragments: []agreement.Fragment{{Start: 0, End: 5}}},
		{Doc: "d1", Annotator: "bob", Label: "LOC", Fragments: []agreement.Fragment{{Start: 16, End: 22}}},
	}
	exact, _ := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Exact})
	overlap, _ := agreement.SpanF1(spans, agreement.F1Options{Mode: agreement.Overlap})
	fmt.Printf("exact %.2f, overlap %.2f\n", *exact.Mean, *overlap.Mean)
	// Output: exact 0.50, overlap 1.00
}

func ExampleKrippendorffAlphaNominal() {
	// Two coders, three documents; the second coder skipped the last one.
	a, _ := agreement.KrippendorffAlphaNominal([][]string{
		{"pos", "pos"},
		{"neg", "neg"},
		{"neg", agreement.Missing},
	})
	fmt.Printf("%.2f\n", a)
	// Output: 1.00
}
