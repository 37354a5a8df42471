package storecore

import (
	"context"
	"time"

	"github.com/margin-app/margin/model"
)

// Tx is one store transaction as the shared logic sees it. Every method
// runs in that transaction; a missing row is an error wrapping
// model.ErrNotFound unless the method says otherwise.
type Tx interface {
	Querier
	// Now is the store's clock (its precision is the store's).
	Now() time.Time
	// NewID names a new annotation or verdict; NewGroup one user
	// action's history rows.
	NewID() string
	NewGroup() string

	// DropRedo makes actor's undone steps unredoable (a new change
	// starts a new branch); Record writes one history row, before and
	// after being the entity's states (nil: absent).
	DropRedo(ctx context.Context, actor string) error
	Record(ctx context.Context, grp, actor, action, entity, id string, docID int64, before, after any) error

	EnsureAnnotator(ctx context.Context, name string) error

	// Annotation loads one annotation; lock keeps its row from other
	// writers until the transaction ends where the store has row locks
	// (a curator reading a colleague's span must not lock it: RLS lets
	// them read, not update, it).
	Annotation(ctx context.Context, id string, lock bool) (*model.Annotation, error)
	// Snapshot is a as a history row keeps it before its deletion: an
	// AnnotationRecord when a bulk import made it, else a.
	Snapshot(ctx context.Context, a *model.Annotation) (any, error)
	// InsertAnnotation validates a against its document and inserts it
	// (filling in id, text and times), with the import row hist (0: none).
	InsertAnnotation(ctx context.Context, a *model.Annotation, hist int64) error
	WriteAnnotation(ctx context.Context, a *model.Annotation) error
	// IDsWithLabel lists a label's annotations in document and text
	// order.
	IDsWithLabel(ctx context.Context, label string) ([]string, error)

	// RelationIDsOf lists the relations from or to an annotation.
	RelationIDsOf(ctx context.Context, annID string) ([]string, error)
	InsertRelation(ctx context.Context, r *model.Relation) error

	// InsertDocLabel adds l unless present (false then);
	// DeleteOtherValues removes l's layer's other values of l's set and
	// returns them.
	InsertDocLabel(ctx context.Context, l model.DocLabel) (bool, error)
	DeleteOtherValues(ctx context.Context, l model.DocLabel) ([]string, error)

	InsertVerdict(ctx context.Context, v *model.Verdict) error
}

// Run runs fn in one new write transaction of a store, committing when
// fn returns nil; the store takes its locks first.
type Run func(fn func(t Tx) error) error

// MayEdit says whether by may change an item of layer: their own layer,
// or the gold layer, which curators build together. (The PostgreSQL
// server enforces the same with roles.)
func MayEdit(layer, by string) bool {
	return layer == by || (layer == model.GoldAnnotator && by != "")
}

// NextStamp is the updated_at of a change, at now, to an annotation last
// changed at prev: now, but always later than prev, so that updated_at
// tells every state of an annotation apart even when the clock is
// coarse, stopped or set back (stale-write and undo checks rely on it).
func NextStamp(now, prev time.Time) time.Time {
	if !now.After(prev) {
		now = prev.Add(time.Microsecond)
	}
	return now
}

// AnnotationRecord is an annotation as a history row keeps it before its
// deletion: with the import history row it came from (Hist), so that
// undoing the deletion puts it back as part of that import, and undoing
// the import then removes it too.
type AnnotationRecord struct {
	model.Annotation
	Hist int64 `json:"hist,omitempty"`
}
