package review

import (
	"reflect"
	"testing"

	"github.com/margin-app/margin/model"
)

func span(label string, s, e int) model.Annotation {
	return model.Annotation{Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
}

func TestCompareClassifiesClusters(t *testing.T) {
	layers := map[string][]model.Annotation{
		"ana": {span("A", 0, 5), span("A", 10, 15), span("A", 20, 30), span("A", 40, 45)},
		"ben": {span("A", 0, 5), span("B", 10, 15), span("A", 22, 30)},
	}
	cs := Compare(layers, []string{"ana", "ben"})
	want := []Kind{Exact, LabelDiffers, Partial, OnlyOne}
	if len(cs) != len(want) {
		t.Fatalf("%d clusters, want %d: %+v", len(cs), len(want), cs)
	}
	for i, k := range want {
		if cs[i].Kind != k {
			t.Errorf("cluster %d (%d-%d) is %v, want %v", i, cs[i].Start, cs[i].End, cs[i].Kind, k)
		}
	}
	if cs[2].Start != 20 || cs[2].End != 30 {
		t.Errorf("partial cluster %d-%d, want 20-30", cs[2].Start, cs[2].End)
	}
	if d := Disagreements(cs); len(d) != 3 {
		t.Errorf("%d disagreements, want 3", len(d))
	}
	// A third annotator who marked nothing turns every cluster into OnlyOne.
	for _, c := range Compare(layers, []string{"ana", "ben", "cy"}) {
		if c.Kind != OnlyOne {
			t.Errorf("with an empty third layer: %v", c.Kind)
		}
	}
}

func TestCompareChainsOverlaps(t *testing.T) {
	layers := map[string][]model.Annotation{
		"ana": {span("A", 0, 10), span("A", 12, 20)},
		"ben": {span("A", 8, 14)},
	}
	cs := Compare(layers, []string{"ana", "ben"})
	if len(cs) != 1 || cs[0].Start != 0 || cs[0].End != 20 || cs[0].Kind != Partial || len(cs[0].Spans["ana"]) != 2 {
		t.Fatalf("chained overlap: %+v", cs)
	}
}

// TestNestedExactMatchesAreSeparateClusters: ana and ben both marked an
// outer claim and an actor nested in it, identically. That is two exact
// matches, not one "partial overlap" group of four spans (issue 15).
func TestNestedExactMatchesAreSeparateClusters(t *testing.T) {
	layers := map[string][]model.Annotation{
		"ana": {span("CEASEFIRE_TERM", 0, 40), span("ACTOR", 10, 20)},
		"ben": {span("ACTOR", 10, 20), span("CEASEFIRE_TERM", 0, 40)},
	}
	cs := Compare(layers, []string{"ana", "ben"})
	if len(cs) != 2 {
		t.Fatalf("%d clusters, want 2: %+v", len(cs), cs)
	}
	for i, want := range [][3]any{{0, 40, "CEASEFIRE_TERM"}, {10, 20, "ACTOR"}} {
		c := cs[i]
		if c.Kind != Exact || c.Start != want[0] || c.End != want[1] || c.Spans["ana"][0].Label != want[2] || c.Spans["ben"][0].Label != want[2] {
			t.Errorf("cluster %d: %v %d-%d %+v, want exact %v", i, c.Kind, c.Start, c.End, c.Spans, want)
		}
	}
	if d := Disagreements(cs); len(d) != 0 {
		t.Errorf("%d disagreements, want 0", len(d))
	}
}

// TestMatchLeavesTheRestToOverlapClusters: one match is taken out of a
// group where ben has an extra overlapping span of the same label; the
// extra span is ben's alone.
func TestMatchLeavesTheRestToOverlapClusters(t *testing.T) {
	layers := map[string][]model.Annotation{
		"ana": {span("A", 0, 10)},
		"ben": {span("A", 0, 10), span("A", 5, 15)},
	}
	cs := Compare(layers, []string{"ana", "ben"})
	if len(cs) != 2 || cs[0].Kind != Exact || cs[1].Kind != OnlyOne || cs[1].Start != 5 || len(cs[1].Spans["ben"]) != 1 {
		t.Fatalf("clusters: %+v", cs)
	}
}

// TestAttributeDisagreementIsADisagreement: same span and label, but ana
// says the term was agreed and ben that it was proposed; a number written
// as 2 by one tool and 2.0 by another is the same value.
func TestAttributeDisagreementIsADisagreement(t *testing.T) {
	a := span("CEASEFIRE_TERM", 0, 10)
	a.Attributes = map[string]any{"status": "agreed", "days": 2}
	b := span("CEASEFIRE_TERM", 0, 10)
	b.Attributes = map[string]any{"status": "proposed", "days": 2.0}
	c := span("ACTOR", 20, 25)
	c.Attributes = map[string]any{"side": "Russia"}
	d := span("ACTOR", 20, 25)
	layers := map[string][]model.Annotation{"ana": {a, c}, "ben": {b, d}}
	cs := Compare(layers, []string{"ana", "ben"})
	if len(cs) != 2 || cs[0].Kind != AttributesDiffer || cs[1].Kind != AttributesDiffer {
		t.Fatalf("clusters: %+v", cs)
	}
	if got := AttributeDiffs(cs[0], []string{"ana", "ben"}); !reflect.DeepEqual(got, []string{"status"}) {
		t.Errorf("differing attributes %v, want [status]", got)
	}
	if got := AttributeDiffs(cs[1], []string{"ana", "ben"}); !reflect.DeepEqual(got, []string{"side"}) {
		t.Errorf("an attribute set on one side only: %v, want [side]", got)
	}
	if len(Disagreements(cs)) != 2 {
		t.Error("attribute disagreements are not disagreements")
	}
}

// TestALoneLayerAgreesWithNothing: compared alone (the only layer of a
// document with spans, as after the annotations table's jump to a
// colleague's span where the user has none), a layer's spans are not
// exact matches with themselves: they showed green, counted as "exact
// matches", and Curate's Shift+Enter accepted them all into gold as
// agreed.
func TestALoneLayerAgreesWithNothing(t *testing.T) {
	layers := map[string][]model.Annotation{"ben": {span("A", 0, 5), span("B", 10, 15)}}
	cs := Compare(layers, []string{"ben"})
	if len(cs) != 2 {
		t.Fatalf("%d clusters, want one per span: %+v", len(cs), cs)
	}
	for _, c := range cs {
		if c.Kind != OnlyOne {
			t.Errorf("ben's lone %d-%d is %v, want %v", c.Start, c.End, c.Kind, OnlyOne)
		}
	}
	if tally := Count(cs, nil); tally.Exact != 0 {
		t.Errorf("a lone layer counts %d exact matches", tally.Exact)
	}
}
