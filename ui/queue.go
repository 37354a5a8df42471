package ui

import "github.com/margin-app/margin/model"

// queueOf is the document list a person sees: on a server project where
// the lead assigned them documents (margin assign), their queue, in the
// project's order; everyone else (a project file, a lead or curator
// without assignments, a project that assigns nothing) sees every
// document, so that nothing is hidden from someone who was given nothing.
func queueOf(docs []model.DocumentSummary, assignments map[string][]int64, who string) []model.DocumentSummary {
	queue, all := model.Queue(assignments, who)
	if all || len(queue) == 0 {
		return docs
	}
	mine := make(map[int64]bool, len(queue))
	for _, id := range queue {
		mine[id] = true
	}
	out := make([]model.DocumentSummary, 0, len(queue))
	for _, d := range docs {
		if mine[d.ID] {
			out = append(out, d)
		}
	}
	return out
}
