package storecore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
)

// PreviewTx is what a history preview needs of a store's (read)
// transaction.
type PreviewTx interface {
	Querier
	NextGroup(ctx context.Context, actor string, undo bool) (string, error)
	// CountImported counts into c the annotations an import row brought,
	// by label: those in the project now for an undo, those kept in the
	// row for a redo.
	CountImported(ctx context.Context, c *model.HistoryCounter, r HistoryRow, undo bool) error
}

// PreviewRun runs fn in one transaction of a store, which it need not
// commit (a preview writes nothing).
type PreviewRun func(fn func(t PreviewTx) error) error

// Preview says what actor's next undo (undo) or redo would do, in a
// transaction of run, without doing it: per document, kind and label, how many items go, come back
// or change. nil, nil when there is nothing to step. One Ctrl+Z once
// removed a whole command-line import of 10,000 annotations without a
// word (issue 12, item 4); the window and `margin undo` show this and
// ask before a bulk step goes.
func Preview(ctx context.Context, run PreviewRun, actor string, undo bool) (*model.HistoryPreview, error) {
	var p *model.HistoryPreview
	err := run(func(t PreviewTx) (err error) {
		p, err = preview(ctx, t, actor, undo)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func preview(ctx context.Context, t PreviewTx, actor string, undo bool) (*model.HistoryPreview, error) {
	grp, err := t.NextGroup(ctx, actor, undo)
	if err != nil || grp == "" {
		return nil, err
	}
	rows, err := HistoryGroup(ctx, t, grp, actor, undo)
	if err != nil {
		return nil, err
	}
	p := &model.HistoryPreview{Group: grp, Undo: undo}
	c := &model.HistoryCounter{}
	for _, r := range rows {
		p.AddAction(r.Action)
		target, other := r.After, r.Before
		if undo {
			target, other = r.Before, r.After
		}
		switch r.Entity {
		case EntSchema:
			p.Schema = true
		case EntImported:
			p.Bulk = true
			if err := t.CountImported(ctx, c, r, undo); err != nil {
				return nil, err
			}
		case EntSuggestion:
			// A suggestion's status (accepted, rejected) goes back to
			// what it was: counted as one changed decision.
			c.Add(r.DocID, model.SuggestionDecision, "", 0, 0, 1)
		default:
			if err := countRow(c, r, target, other); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Finish(c, func(id int64) (string, error) { return DocumentName(ctx, t, id) }); err != nil {
		return nil, err
	}
	return p, nil
}

// countRow counts one annotation, relation, document-label or verdict
// row: the entity goes when target is absent, comes back when other is.
func countRow(c *model.HistoryCounter, r HistoryRow, target, other []byte) error {
	var kind string
	switch r.Entity {
	case EntAnnotation:
		kind = "annotation"
	case EntRelation:
		kind = "relation"
	case EntDocLabel:
		kind = "document label"
	case EntVerdict:
		kind = "verdict"
	default:
		return fmt.Errorf("history %d: unknown entity %q", r.Seq, r.Entity)
	}
	src := target
	if src == nil {
		src = other
	}
	if src == nil {
		return nil // absent before and after: nothing changes
	}
	var v struct {
		Label   string `json:"label"`   // annotation
		Type    string `json:"type"`    // relation
		Set     string `json:"set"`     // document label
		Value   string `json:"value"`   // document label
		Verdict string `json:"verdict"` // verdict
	}
	if err := json.Unmarshal(src, &v); err != nil {
		return fmt.Errorf("history %d: %w", r.Seq, err)
	}
	label := v.Label
	switch r.Entity {
	case EntRelation:
		label = v.Type
	case EntDocLabel:
		label = v.Set + "=" + v.Value
	case EntVerdict:
		label = v.Verdict
	}
	switch {
	case target == nil:
		c.Add(r.DocID, kind, label, 1, 0, 0)
	case other == nil:
		c.Add(r.DocID, kind, label, 0, 1, 0)
	default:
		c.Add(r.DocID, kind, label, 0, 0, 1)
	}
	return nil
}
