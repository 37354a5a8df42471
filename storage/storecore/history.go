package storecore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// History entities: what a history row's entity column names.
const (
	EntAnnotation = "annotation"
	EntRelation   = "relation"
	EntDocLabel   = "doc_label"
	EntSchema     = "schema"
	EntVerdict    = "verdict"
	// EntImported is one row per imported document and annotator; the
	// annotations it created carry its seq (hist).
	EntImported = "import"
	// EntSuggestion is a suggestion's status.
	EntSuggestion = "suggestion"
)

// HistoryRow is one history row as undo, redo and their preview read it.
type HistoryRow struct {
	Seq                int64
	Action, Entity, ID string
	DocID              int64
	Before, After      []byte // the entity's states as JSON; nil: absent
}

// EncState is a state as a history row stores it: JSON text, or nil
// (SQL NULL) for absent, a typed nil pointer included.
func EncState(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case *model.Annotation:
		if x == nil {
			return nil, nil
		}
	case *model.Relation:
		if x == nil {
			return nil, nil
		}
	case *model.DocLabel:
		if x == nil {
			return nil, nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// HistoryTx is what undo and redo need of a store's transaction besides
// Tx: its own history queries and the entities only it keeps.
type HistoryTx interface {
	Tx
	// NextGroup is the group actor's undo (newest done) or redo (oldest
	// undone: the one undone last) takes now, "" when there is none.
	NextGroup(ctx context.Context, actor string, undo bool) (string, error)
	// ImportedIDs are the annotations an import row stands for;
	// ApplyImported undoes (target nil) or redoes it.
	ImportedIDs(ctx context.Context, r HistoryRow) ([]string, error)
	ApplyImported(ctx context.Context, r HistoryRow, target []byte) error
	// ApplyOther applies a row of an entity only this store keeps;
	// UnknownEntity(r) for one it does not know.
	ApplyOther(ctx context.Context, r HistoryRow, target []byte) error
}

// UnknownEntity is the error of a history row no store knows.
func UnknownEntity(r HistoryRow) error {
	return fmt.Errorf("unknown history entity %q", r.Entity)
}

// Step undoes (undo) or redoes actor's next group in t; want, when not
// "", is the group expected (model.ErrHistoryMoved when the next one is
// another). nil, nil when there is nothing to step. Undo and redo are per
// person: a group can hold several people's rows (an import or merge
// brings every layer of its input), and only actor's part moves.
func Step(ctx context.Context, t HistoryTx, actor, want string, undo bool) (*model.HistoryStep, error) {
	grp, err := t.NextGroup(ctx, actor, undo)
	if err != nil {
		return nil, err
	}
	if want != "" && grp != want {
		return nil, model.ErrHistoryMoved
	}
	if grp == "" {
		return nil, nil
	}
	rows, err := HistoryGroup(ctx, t, grp, actor, undo)
	if err != nil {
		return nil, err
	}
	// Count is the items the user sees change: one per row, except that
	// an import's row stands for every annotation it brought.
	step := &model.HistoryStep{Group: grp}
	for _, r := range rows {
		if r.Entity != EntSuggestion { // a suggestion's status rides along with what accepting made
			step.Count++
		}
		step.DocID = r.DocID
		if r.Entity == EntAnnotation {
			step.Changed = append(step.Changed, r.ID)
		}
		if r.Entity == EntImported {
			ids, err := t.ImportedIDs(ctx, r)
			if err != nil {
				return nil, err
			}
			step.Changed = append(step.Changed, ids...)
			step.Count += len(ids) - 1
		}
		switch {
		case r.Entity == EntSuggestion:
			// The status of the suggestion an accept made the annotation
			// from goes with it: the step is the annotation's create.
		case step.Action == "":
			step.Action = r.Action
		case step.Action != r.Action:
			step.Action = "mixed"
		}
		target, from := r.After, r.Before // the state to reach, and to leave
		if undo {
			target, from = r.Before, r.After
		}
		if err := CheckUnchanged(ctx, t, r, from); err != nil {
			return nil, err
		}
		if err := ApplyState(ctx, t, actor, r, target); err != nil {
			verb := "redo"
			if undo {
				verb = "undo"
			}
			return nil, fmt.Errorf("%s %s of %s %s: %w", verb, r.Action, r.Entity, r.ID, err)
		}
	}
	if step.Count == 0 { // a reject: only a suggestion's status changed
		step.Count, step.Action = len(rows), "decision"
	}
	state := "undone"
	if !undo {
		state = "done"
	}
	if err := setGroupState(ctx, t, grp, actor, state); err != nil {
		return nil, err
	}
	return step, nil
}

// CheckUnchanged refuses to undo or redo a history row whose annotation
// is no longer as the step left it (from; nil: absent): someone changed
// it since, and applying the step would silently revert that. updated_at
// identifies an annotation's state: every change sets it anew
// (NextStamp), and undo and redo restore it with the rest.
func CheckUnchanged(ctx context.Context, t Tx, r HistoryRow, from []byte) error {
	if r.Entity != EntAnnotation {
		return nil
	}
	cur, err := t.Annotation(ctx, r.ID, true)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	var want *AnnotationRecord
	if from != nil {
		want = &AnnotationRecord{}
		if err := json.Unmarshal(from, want); err != nil {
			return fmt.Errorf("history %d: %w", r.Seq, err)
		}
	}
	switch {
	case want == nil && cur == nil:
		return nil
	case want == nil:
		return fmt.Errorf("annotation %s was created again since: %w", r.ID, model.ErrStale)
	case cur == nil:
		return fmt.Errorf("annotation %s was deleted since: %w", r.ID, model.ErrStale)
	case !cur.UpdatedAt.Equal(want.UpdatedAt):
		return fmt.Errorf("annotation %s (%s) was changed since: %w", r.ID, cur.Label, model.ErrStale)
	}
	return nil
}

// ApplyState makes the row's entity look like target (nil: absent).
func ApplyState(ctx context.Context, t HistoryTx, actor string, r HistoryRow, target []byte) error {
	decode := func(src []byte, to any) error {
		if err := json.Unmarshal(src, to); err != nil {
			return fmt.Errorf("history %d: %w", r.Seq, err)
		}
		return nil
	}
	switch r.Entity {
	case EntImported:
		return t.ApplyImported(ctx, r, target)
	case EntAnnotation:
		var a *model.Annotation
		var hist int64
		if target != nil {
			var rec AnnotationRecord
			if err := decode(target, &rec); err != nil {
				return err
			}
			a, hist = &rec.Annotation, rec.Hist
			a.DocID = r.DocID
		}
		return ApplyAnnotation(ctx, t, r.ID, a, hist)
	case EntRelation:
		if target == nil {
			return deleteRelationRow(ctx, t, r.ID)
		}
		var rel model.Relation
		if err := decode(target, &rel); err != nil {
			return err
		}
		rel.DocID = r.DocID
		return t.InsertRelation(ctx, &rel)
	case EntDocLabel:
		src := target
		if src == nil {
			src = r.Before
			if src == nil {
				src = r.After
			}
		}
		var l model.DocLabel
		if err := decode(src, &l); err != nil {
			return err
		}
		l.DocID = r.DocID
		var err error
		if target == nil {
			_, err = deleteDocLabel(ctx, t, l)
		} else {
			_, err = t.InsertDocLabel(ctx, l)
		}
		return err
	case EntVerdict:
		if target == nil {
			return deleteVerdict(ctx, t, r.ID)
		}
		var v model.Verdict
		if err := decode(target, &v); err != nil {
			return err
		}
		v.DocID = r.DocID
		return t.InsertVerdict(ctx, &v)
	case EntSchema:
		if target == nil {
			return nil // the project had no schema before; keep the current one
		}
		var text string
		if err := decode(target, &text); err != nil {
			return err
		}
		return insertSchema(ctx, t, text, actor)
	}
	return t.ApplyOther(ctx, r, target)
}

// ApplyAnnotation makes annotation id look like target (nil: absent). A
// re-created annotation that a bulk import made gets its hist back.
func ApplyAnnotation(ctx context.Context, t Tx, id string, target *model.Annotation, hist int64) error {
	exists, err := annotationExists(ctx, t, id)
	if err != nil {
		return err
	}
	switch {
	case target == nil && exists:
		return deleteAnnotationRow(ctx, t, id)
	case target == nil:
		return nil
	case exists:
		return t.WriteAnnotation(ctx, target)
	default:
		return t.InsertAnnotation(ctx, target, hist)
	}
}
