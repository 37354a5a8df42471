package review

import "github.com/margin-app/margin/model"

// Decisions maps each compared span a verdict names to that verdict: the
// curate view reads from it which spans are decided and how.
func Decisions(vs []model.Verdict) map[string]*model.Verdict {
	out := map[string]*model.Verdict{}
	for i := range vs {
		for _, s := range vs[i].Sources {
			out[s.ID] = &vs[i]
		}
	}
	return out
}

// Decided reports whether every span of c is named by a verdict: a group
// is curated only then (accepting one of two nested claims leaves the
// other to decide).
func Decided(c Cluster, decided map[string]*model.Verdict) bool {
	for _, spans := range c.Spans {
		for _, a := range spans {
			if decided[a.ID] == nil {
				return false
			}
		}
	}
	return true
}

// Tally is how many span groups a document has and how many of them are
// decided, split into exact matches and disagreements. The curate view's
// summary and the status bar both print one Tally, so they cannot
// disagree (they used to count differently: decided exact matches were
// in neither "curated" nor anywhere else).
type Tally struct {
	Groups, Exact, Disagreements                int
	Decided, ExactDecided, DisagreementsDecided int
}

// Count tallies the clusters against the decisions.
func Count(cs []Cluster, decided map[string]*model.Verdict) Tally {
	var t Tally
	for _, c := range cs {
		done := Decided(c, decided)
		t.Groups++
		if c.Kind == Exact {
			t.Exact++
		} else {
			t.Disagreements++
		}
		if !done {
			continue
		}
		t.Decided++
		if c.Kind == Exact {
			t.ExactDecided++
		} else {
			t.DisagreementsDecided++
		}
	}
	return t
}
