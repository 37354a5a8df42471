package ui

import (
	"github.com/margin-app/margin/model"
)

// labelAllHitsPlan is what "label all" over search results would create in
// layer: one span of label per match, except where layer already has a
// span of that label covering the match (the same extent or a larger
// one: labelling "ceasefire" again inside "energy ceasefire" made
// duplicate nested spans). existing holds layer's annotations per
// document. It returns the new spans and how many matches were skipped.
func labelAllHitsPlan(hits []model.SearchHit, existing map[int64][]model.Annotation, label, layer string) ([]*model.Annotation, int) {
	var out []*model.Annotation
	skipped := 0
	for _, h := range hits {
		for _, m := range h.Matches {
			if coveredBySame(existing[h.DocID], label, m) {
				skipped++
				continue
			}
			out = append(out, &model.Annotation{DocID: h.DocID, Annotator: layer, Label: label, Fragments: []model.Fragment{m}})
		}
	}
	return out, skipped
}

// coveredBySame reports whether one of anns with label has a fragment
// that contains m.
func coveredBySame(anns []model.Annotation, label string, m model.Fragment) bool {
	for _, a := range anns {
		if a.Label != label {
			continue
		}
		for _, f := range a.Fragments {
			if f.Start <= m.Start && m.End <= f.End {
				return true
			}
		}
	}
	return false
}

// planLabelAll reads layer's spans in each hit's document and plans
// (labelAllHitsPlan); it runs off the UI goroutine, and again inside the
// write, so what is written matches the store at that moment.
func planLabelAll(read func(docID int64) ([]model.Annotation, error), hits []model.SearchHit, label, layer string) ([]*model.Annotation, int, error) {
	existing := map[int64][]model.Annotation{}
	for _, h := range hits {
		anns, err := read(h.DocID)
		if err != nil {
			return nil, 0, err
		}
		existing[h.DocID] = anns
	}
	spans, skipped := labelAllHitsPlan(hits, existing, label, layer)
	return spans, skipped, nil
}
