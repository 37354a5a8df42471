package review

import (
	"testing"

	"github.com/margin-app/margin/model"
)

// TestCountTalliesDecidedGroups: a group is decided when every one of
// its spans is named by a verdict; exact matches and disagreements are
// counted apart and together.
func TestCountTalliesDecidedGroups(t *testing.T) {
	id := func(a model.Annotation, s string) model.Annotation { a.ID = s; return a }
	layers := map[string][]model.Annotation{
		"ana": {id(span("A", 0, 5), "a1"), id(span("A", 10, 15), "a2"), id(span("A", 20, 30), "a3"), id(span("B", 22, 26), "a4")},
		"ben": {id(span("A", 0, 5), "b1"), id(span("B", 10, 15), "b2"), id(span("A", 21, 30), "b3")},
	}
	cs := Compare(layers, []string{"ana", "ben"})
	vs := []model.Verdict{
		{Verdict: model.VerdictAccept, Sources: []model.SourceRef{{ID: "a1"}, {ID: "b1"}}}, // the exact match
		{Verdict: model.VerdictReject, Sources: []model.SourceRef{{ID: "a2"}}},             // half of the label group
		{Verdict: model.VerdictAccept, Sources: []model.SourceRef{{ID: "a3"}, {ID: "b3"}}}, // the partial group but its nested B
	}
	d := Decisions(vs)
	if d["a2"] == nil || d["a2"].Verdict != model.VerdictReject || d["b2"] != nil {
		t.Fatalf("decisions: %v", d)
	}
	got := Count(cs, d)
	want := Tally{Groups: 3, Exact: 1, Disagreements: 2, Decided: 1, ExactDecided: 1}
	if got != want {
		t.Fatalf("tally %+v, want %+v", got, want)
	}
	vs = append(vs, model.Verdict{Verdict: model.VerdictReject, Sources: []model.SourceRef{{ID: "b2"}, {ID: "a4"}}})
	got = Count(cs, Decisions(vs))
	want = Tally{Groups: 3, Exact: 1, Disagreements: 2, Decided: 3, ExactDecided: 1, DisagreementsDecided: 2}
	if got != want {
		t.Fatalf("every span decided: tally %+v, want %+v", got, want)
	}
}
