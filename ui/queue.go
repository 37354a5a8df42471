package ui

import (
	"context"

	"github.com/margin-app/margin/model"
)

// queueOf is the document list a person sees (model.QueueDocs): their
// queue where they were assigned documents, else every document.
func queueOf(docs []model.DocumentSummary, assignments map[string][]int64, who string) []model.DocumentSummary {
	return model.QueueDocs(docs, assignments, who)
}

// readDocList is the document list who sees and the statuses, as the
// window shows them: their queue (queueOf), each document counted in
// their own layer (countLayer). The window's open (readBack) and its live
// reloads (live.go) both read through it, so that a colleague's edit
// never turns the queue back into every document.
func readDocList(ctx context.Context, s model.Store, who string) ([]model.DocumentSummary, map[int64]map[string]model.Status, error) {
	list, err := s.Documents(ctx)
	if err != nil {
		return nil, nil, err
	}
	asg, err := s.Assignments(ctx)
	if err != nil {
		return nil, nil, err
	}
	list = queueOf(list, asg, who)
	if err = countLayer(ctx, s, list, who); err != nil {
		return nil, nil, err
	}
	st, err := s.Statuses(ctx)
	if err != nil {
		return nil, nil, err
	}
	return list, st, nil
}
