package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// PreviewHistory says what the actor's next undo (undo) or redo would do,
// without doing it: per document, kind and label, how many items go, come
// back or change. One Ctrl+Z once removed a whole command-line import of
// 10,000 annotations without a word (issue 12, item 4); the window and
// `margin undo` show this and ask before a bulk step goes.
func (s *DB) PreviewHistory(ctx context.Context, actor string, undo bool) (*model.HistoryPreview, error) {
	var p *model.HistoryPreview
	err := s.tx(ctx, func(tx *sql.Tx) error {
		grp, order, err := s.nextGroup(ctx, tx, actor, undo)
		if err != nil || grp == "" {
			return err
		}
		rows, err := loadGroup(ctx, tx, grp, actor, order)
		if err != nil {
			return err
		}
		p = &model.HistoryPreview{Group: grp, Undo: undo}
		c := &previewCounter{}
		for _, r := range rows {
			p.AddAction(r.action)
			target, other := r.after, r.before
			if undo {
				target, other = r.before, r.after
			}
			switch r.entity {
			case entSchema:
				p.Schema = true
			case entImported:
				p.Bulk = true
				if err := c.imported(ctx, tx, r, undo); err != nil {
					return err
				}
			case entSuggestion:
				// A suggestion's status (accepted, rejected) goes back
				// to what it was: counted as one changed decision.
				c.Add(r.docID, "suggestion decision", "", 0, 0, 1)
			default:
				if err := c.row(r, target, other); err != nil {
					return err
				}
			}
		}
		return c.finish(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// previewCounter counts a step's effects (model.HistoryCounter) from
// this store's history rows.
type previewCounter struct {
	model.HistoryCounter
}

// row counts one annotation, relation, document-label or verdict row:
// the entity goes when target is absent, comes back when other is.
func (c *previewCounter) row(r historyRow, target, other sql.NullString) error {
	var kind string
	switch r.entity {
	case entAnnotation:
		kind = "annotation"
	case entRelation:
		kind = "relation"
	case entDocLabel:
		kind = "document label"
	case entVerdict:
		kind = "verdict"
	default:
		return fmt.Errorf("history %d: unknown entity %q", r.seq, r.entity)
	}
	src := target
	if !src.Valid {
		src = other
	}
	if !src.Valid {
		return nil // absent before and after: nothing changes
	}
	var v struct {
		Label   string `json:"label"`   // annotation
		Type    string `json:"type"`    // relation
		Set     string `json:"set"`     // document label
		Value   string `json:"value"`   // document label
		Verdict string `json:"verdict"` // verdict
	}
	if err := json.Unmarshal([]byte(src.String), &v); err != nil {
		return fmt.Errorf("history %d: %w", r.seq, err)
	}
	label := v.Label
	switch r.entity {
	case entRelation:
		label = v.Type
	case entDocLabel:
		label = v.Set + "=" + v.Value
	case entVerdict:
		label = v.Verdict
	}
	switch {
	case !target.Valid:
		c.Add(r.docID, kind, label, 1, 0, 0)
	case !other.Valid:
		c.Add(r.docID, kind, label, 0, 1, 0)
	default:
		c.Add(r.docID, kind, label, 0, 0, 1)
	}
	return nil
}

// imported counts the annotations an import row brought, by label: those
// in the project now for an undo, those kept in the row for a redo.
func (c *previewCounter) imported(ctx context.Context, tx *sql.Tx, r historyRow, undo bool) error {
	var state importedState
	if r.after.Valid && r.after.String != "{}" {
		if err := json.Unmarshal([]byte(r.after.String), &state); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	if !undo {
		for _, a := range state.Annotations {
			c.Add(r.docID, "annotation", a.Label, 0, 1, 0)
		}
		return nil
	}
	// Undo deletes what the row kept (after an earlier undo and redo), or
	// the annotations it created that are still there.
	if state.Annotations != nil || len(state.IDs) > 0 {
		anns := state.Annotations
		if anns == nil {
			var err error
			if anns, err = importedNow(ctx, tx, r, state); err != nil {
				return err
			}
		}
		for _, a := range anns {
			c.Add(r.docID, "annotation", a.Label, 1, 0, 0)
		}
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT label, count(*) FROM annotations WHERE doc_id = ? AND hist = ? GROUP BY label`, r.docID, r.seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var label string
		var n int
		if err := rows.Scan(&label, &n); err != nil {
			return err
		}
		c.Add(r.docID, "annotation", label, n, 0, 0)
	}
	return rows.Err()
}

// finish completes p with the counted effects (model.HistoryPreview.Finish),
// naming their documents.
func (c *previewCounter) finish(ctx context.Context, tx *sql.Tx, p *model.HistoryPreview) error {
	return p.Finish(&c.HistoryCounter, func(id int64) (string, error) {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM documents WHERE id = ?`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return name, err
	})
}
