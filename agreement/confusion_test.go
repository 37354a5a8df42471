package agreement

import (
	"reflect"
	"testing"
)

// TestConfusionMatrix: a worked example counted by hand.
//
//	d1 0-5:   A ACTOR,  B ACTOR          -> ACTOR/ACTOR
//	d1 10-20: A CLAIM,  B ACTOR          -> CLAIM/ACTOR
//	d1 30-35: A CLAIM                    -> CLAIM/∅
//	d2 0-5:   B CLAIM                    -> ∅/CLAIM
//	d2 0-5 is not d1 0-5 (other document)
//	d2 8-9:   A ACTOR, CLAIM; B CLAIM    -> CLAIM/CLAIM (same label first), ACTOR/∅
//	d2 40-45 (two fragments 40-42,43-45): A ACTOR; B ACTOR over 40-45 -> ACTOR/∅, ∅/ACTOR
//	a third annotator's spans are ignored
func TestConfusionMatrix(t *testing.T) {
	sp := func(doc, who, label string, fs ...Fragment) Span {
		return Span{Doc: doc, Annotator: who, Label: label, Fragments: fs}
	}
	spans := []Span{
		sp("d1", "A", "ACTOR", Fragment{0, 5}), sp("d1", "B", "ACTOR", Fragment{0, 5}),
		sp("d1", "A", "CLAIM", Fragment{10, 20}), sp("d1", "B", "ACTOR", Fragment{10, 20}),
		sp("d1", "A", "CLAIM", Fragment{30, 35}),
		sp("d2", "B", "CLAIM", Fragment{0, 5}),
		sp("d2", "A", "ACTOR", Fragment{8, 9}), sp("d2", "A", "CLAIM", Fragment{8, 9}), sp("d2", "B", "CLAIM", Fragment{8, 9}),
		sp("d2", "A", "ACTOR", Fragment{40, 42}, Fragment{43, 45}), sp("d2", "B", "ACTOR", Fragment{40, 45}),
		sp("d1", "C", "EVENT", Fragment{0, 5}),
	}
	c := ConfusionMatrix(spans, "A", "B")
	if want := []string{"ACTOR", "CLAIM", NoSpan}; !reflect.DeepEqual(c.Labels, want) {
		t.Fatalf("labels %v, want %v", c.Labels, want)
	}
	want := [][]int{
		// B: ACTOR CLAIM ∅
		{1, 0, 2}, // A ACTOR
		{1, 1, 1}, // A CLAIM
		{1, 1, 0}, // A ∅
	}
	if !reflect.DeepEqual(c.Counts, want) {
		t.Errorf("counts %v, want %v", c.Counts, want)
	}
	// The diagonal is span F1's exact matches: 2, of A's 6 spans (row
	// sums) and B's 5 (column sums).
	rep, err := SpanF1(spans, F1Options{Annotators: []string{"A", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Pairs[0].F1; f == nil || *f != 2*2.0/(6+5) {
		t.Errorf("span F1 %v (matches %d of %d and %d), want 4/11: the diagonal, 2 of 6 and 5", *f, rep.Pairs[0].Matches, rep.Pairs[0].CountA, rep.Pairs[0].CountB)
	}
}
