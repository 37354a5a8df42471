package ui

import (
	"sort"

	"github.com/margin-app/margin/model"
)

// labelAllHitsPlan is what "label all" over search results would create in
// layer: one span of label per match, except where layer already has a
// span of that label covering the match (the same extent or a larger
// one: labelling "ceasefire" again inside "energy ceasefire" made
// duplicate nested spans). existing holds layer's annotations per
// document. It returns the new spans and how many matches were skipped.
// Each document's matches go through labelAllPlan, the in-document label
// all's rule, so both skip the same matches.
func labelAllHitsPlan(hits []model.SearchHit, existing map[int64][]model.Annotation, label, layer string) ([]*model.Annotation, int) {
	var out []*model.Annotation
	skipped := 0
	for _, h := range hits {
		anns := make([]*model.Annotation, len(existing[h.DocID]))
		for i := range existing[h.DocID] {
			anns[i] = &existing[h.DocID][i]
		}
		ms := make([][2]int, len(h.Matches))
		for i, m := range h.Matches {
			ms[i] = [2]int{m.Start, m.End}
		}
		// labelAllPlan sweeps the matches by start.
		sort.SliceStable(ms, func(i, j int) bool { return ms[i][0] < ms[j][0] })
		add, inside := labelAllPlan(ms, anns, label)
		skipped += inside
		for _, m := range add {
			out = append(out, &model.Annotation{DocID: h.DocID, Annotator: layer, Label: label, Fragments: []model.Fragment{{Start: m[0], End: m[1]}}})
		}
	}
	return out, skipped
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
