package storecore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/margin-app/margin/model"
)

// CreateRelation links two annotations of r.Annotator's layer (the
// ends' layer when empty) in one document, checked against the schema's
// relation types; one undo step.
func CreateRelation(ctx context.Context, t Tx, r *model.Relation) error {
	sc, err := LoadSchema(ctx, t)
	if err != nil {
		return err
	}
	from, err := t.Annotation(ctx, r.From, true)
	if err != nil {
		return err
	}
	to, err := t.Annotation(ctx, r.To, true)
	if err != nil {
		return err
	}
	if err := PrepareRelation(sc, r, from, to, t.Now()); err != nil {
		return err
	}
	if err := t.InsertRelation(ctx, r); err != nil {
		return err
	}
	if err := t.DropRedo(ctx, r.Annotator); err != nil {
		return err
	}
	return t.Record(ctx, t.NewGroup(), r.Annotator, "create", EntRelation, r.ID, r.DocID, nil, r)
}

// PrepareRelation checks r between its ends from and to (one document,
// r.Annotator's layer, the ends' when empty, a type the schema sc allows
// between their labels) and gives it its document, a new id and its
// creation time now. Both stores' one-step creates and PostgreSQL's
// one-trip one (whose ends are as the client last wrote them) check
// with it.
func PrepareRelation(sc *model.Schema, r *model.Relation, from, to *model.Annotation, now time.Time) error {
	if from.DocID != to.DocID {
		return fmt.Errorf("relation: %s and %s are in different documents", r.From, r.To)
	}
	if r.Annotator == "" {
		r.Annotator = from.Annotator
	}
	if from.Annotator != r.Annotator || to.Annotator != r.Annotator {
		return fmt.Errorf("relation: both annotations must be in %s's layer (they are %s's and %s's)", r.Annotator, from.Annotator, to.Annotator)
	}
	if err := sc.CheckRelation(r.Type, from.Label, to.Label); err != nil {
		return fmt.Errorf("relation: %w", err)
	}
	r.DocID = from.DocID
	r.ID = uuid.NewString()
	r.CreatedAt = now
	return nil
}

// DeleteRelation removes a relation of by's layer (or of gold, as for
// annotations); one undo step.
func DeleteRelation(ctx context.Context, t Tx, id, by string) error {
	r, err := Relation(ctx, t, id)
	if err != nil {
		return err
	}
	if !MayEdit(r.Annotator, by) {
		return fmt.Errorf("relation %s belongs to %s's layer; %s cannot delete it", id, r.Annotator, by)
	}
	if err := deleteRelationRow(ctx, t, id); err != nil {
		return err
	}
	if err := t.DropRedo(ctx, by); err != nil {
		return err
	}
	return t.Record(ctx, t.NewGroup(), by, "delete", EntRelation, id, r.DocID, r, nil)
}

// DeleteRelationsOf removes (and records in group grp) the relations
// touching an annotation before the annotation itself goes, so that
// undoing the deletion brings them back too.
func DeleteRelationsOf(ctx context.Context, t Tx, grp, actor, annID string) error {
	ids, err := t.RelationIDsOf(ctx, annID)
	if err != nil {
		return fmt.Errorf("relations of annotation %s: %w", annID, err)
	}
	for _, id := range ids {
		r, err := Relation(ctx, t, id)
		if err != nil {
			return err
		}
		if err := deleteRelationRow(ctx, t, id); err != nil {
			return err
		}
		if err := t.Record(ctx, grp, actor, "delete", EntRelation, id, r.DocID, r, nil); err != nil {
			return err
		}
	}
	return nil
}

// SetDocLabel gives a document a class in l.Annotator's layer. For a set
// that allows one value, the previous value is replaced; one undo step.
func SetDocLabel(ctx context.Context, t Tx, l model.DocLabel) error {
	sc, err := LoadSchema(ctx, t)
	if err != nil {
		return err
	}
	set, err := sc.CheckDocLabel(l.Set, l.Value)
	if err != nil {
		return err
	}
	if err := t.EnsureAnnotator(ctx, l.Annotator); err != nil {
		return err
	}
	if ok, err := documentExists(ctx, t, l.DocID); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("document %d: %w", l.DocID, model.ErrNotFound)
	}
	grp := t.NewGroup()
	if err := t.DropRedo(ctx, l.Annotator); err != nil {
		return err
	}
	if !set.Multiple {
		old, err := t.DeleteOtherValues(ctx, l)
		if err != nil {
			return fmt.Errorf("document labels of %d: %w", l.DocID, err)
		}
		for _, v := range old {
			prev := model.DocLabel{DocID: l.DocID, Annotator: l.Annotator, Set: l.Set, Value: v}
			if err := t.Record(ctx, grp, l.Annotator, "delete", EntDocLabel, l.Set+"="+v, l.DocID, &prev, nil); err != nil {
				return err
			}
		}
	}
	added, err := t.InsertDocLabel(ctx, l)
	if err != nil || !added {
		return err
	}
	return t.Record(ctx, grp, l.Annotator, "create", EntDocLabel, l.Set+"="+l.Value, l.DocID, nil, &l)
}

// RemoveDocLabel takes a class off a document in l.Annotator's layer.
func RemoveDocLabel(ctx context.Context, t Tx, l model.DocLabel) error {
	removed, err := deleteDocLabel(ctx, t, l)
	if err != nil {
		return err
	}
	if !removed {
		return fmt.Errorf("document %d has no label %s=%s by %s", l.DocID, l.Set, l.Value, l.Annotator)
	}
	if err := t.DropRedo(ctx, l.Annotator); err != nil {
		return err
	}
	return t.Record(ctx, t.NewGroup(), l.Annotator, "delete", EntDocLabel, l.Set+"="+l.Value, l.DocID, &l, nil)
}
