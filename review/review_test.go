package review

import (
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
