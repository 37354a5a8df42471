package offlinequeue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// The writes a queue keeps. Each captures its request before the live
// attempt (which fills in timestamps and ids) and, when that attempt is
// lost, what it gave the items.

func (s *Store) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	e := edit{Op: opCreateAnnotations}
	for _, a := range as {
		e.Annotations = append(e.Annotations, cloneAnnotation(a))
	}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.CreateAnnotations(ctx, as) }, func(e *edit) {
		e.Stamps = map[string]time.Time{}
		for _, a := range as {
			if !a.UpdatedAt.IsZero() {
				e.Stamps[a.ID] = a.UpdatedAt
			}
		}
	})
}

func (s *Store) UpdateAnnotation(ctx context.Context, a *model.Annotation) error {
	return s.UpdateAnnotationAs(ctx, a, a.Annotator)
}

func (s *Store) UpdateAnnotationAs(ctx context.Context, a *model.Annotation, by string) error {
	before := a.UpdatedAt
	e := edit{Op: opUpdateAnnotation, Annotation: cloneAnnotation(a), By: by}
	return s.write(ctx, e, func(ctx context.Context) error {
		if t, ok := s.stamps[a.ID]; ok {
			a.UpdatedAt = t // a replay wrote it: the window's copy is older
		}
		err := s.Store.UpdateAnnotationAs(ctx, a, by)
		if err == nil {
			delete(s.stamps, a.ID) // the caller has the server's stamp now
		}
		return err
	}, func(e *edit) {
		if !a.UpdatedAt.Equal(before) {
			e.Stamps = map[string]time.Time{a.ID: a.UpdatedAt}
		}
	})
}

func (s *Store) DeleteAnnotation(ctx context.Context, id, by string) error {
	e := edit{Op: opDeleteAnnotation, Target: id, By: by}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.DeleteAnnotation(ctx, id, by) }, nil)
}

func (s *Store) CreateRelation(ctx context.Context, r *model.Relation) error {
	c := *r
	e := edit{Op: opCreateRelation, Relation: &c}
	prov := r.ID
	return s.write(ctx, e, func(ctx context.Context) error {
		return s.Store.CreateRelation(ctx, r)
	}, func(e *edit) {
		if r.ID != prov {
			e.RelID = r.ID
		}
	})
}

func (s *Store) DeleteRelation(ctx context.Context, id, by string) error {
	e := edit{Op: opDeleteRelation, Target: id, By: by}
	return s.write(ctx, e, func(ctx context.Context) error {
		real := id
		if v, ok := s.relIDs[id]; ok {
			real = v
		}
		return s.Store.DeleteRelation(ctx, real, by)
	}, nil)
}

func (s *Store) SetDocLabel(ctx context.Context, l model.DocLabel) error {
	e := edit{Op: opSetDocLabel, DocLabel: &l}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.SetDocLabel(ctx, l) }, nil)
}

func (s *Store) RemoveDocLabel(ctx context.Context, l model.DocLabel) error {
	e := edit{Op: opRemoveDocLabel, DocLabel: &l}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.RemoveDocLabel(ctx, l) }, nil)
}

func (s *Store) SetStatus(ctx context.Context, docID int64, annotator string, st model.Status) error {
	e := edit{Op: opSetStatus, DocID: docID, Annotator: annotator, Status: st}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.SetStatus(ctx, docID, annotator, st) }, nil)
}

// Curate keeps a curator's verdict and its gold span. The gold span gets
// its id here, before the first attempt, so that the window's copy, the
// queued one and the server's are one span (the curator may edit it
// while still offline).
func (s *Store) Curate(ctx context.Context, v *model.Verdict, gold *model.Annotation) error {
	if gold != nil && gold.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("curate: %w", err)
		}
		gold.ID = id.String()
	}
	e := edit{Op: opCurate, Verdict: cloneVerdict(v), Gold: cloneAnnotation(gold)}
	return s.write(ctx, e, func(ctx context.Context) error { return s.Store.Curate(ctx, v, gold) }, func(e *edit) {
		if gold != nil && !gold.UpdatedAt.IsZero() {
			e.Stamps = map[string]time.Time{gold.ID: gold.UpdatedAt}
		}
	})
}

// CurateAll keeps the curations one by one, each as Curate keeps it: an
// edit of its own with its own id, so a replay after an unknown outcome
// writes none of them twice. On a team project "accept every exact match"
// is therefore one server transaction per match (the project file's store
// makes it one). A curation kept in the queue is no failure: the ones
// after it are queued behind it, and the whole is reported queued.
func (s *Store) CurateAll(ctx context.Context, cs []model.Curation) error {
	if err := storecore.CheckCurations(cs); err != nil {
		return err
	}
	var queued error
	for _, c := range cs {
		err := s.Curate(ctx, c.Verdict, c.Gold)
		if errors.Is(err, model.ErrQueued) {
			queued = err
			continue
		}
		if err != nil {
			return err
		}
	}
	return queued
}

// The writes a queue does not keep: the server decides them against the
// project as it is when they are made, and the window needs its answer
// at once. A schema change reports which annotations it renames or
// removes (and asks before removing); an import returns the documents'
// new ids; an undo takes the last step of the server's history. Offline,
// they are refused with ErrNeedsServer, saying so.

func (s *Store) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	return s.unqueued("changing the schema", func() error { return s.Store.SetSchema(ctx, sc, by) })
}

func (s *Store) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	var out *model.SchemaChange
	err := s.unqueued("changing the schema", func() error {
		var err error
		out, err = s.Store.ChangeSchema(ctx, sc, by, renames, force)
		return err
	})
	return out, err
}

func (s *Store) ImportDocuments(ctx context.Context, docs []model.DocumentImport) ([]model.ImportResult, error) {
	var out []model.ImportResult
	err := s.unqueued("importing documents", func() error {
		var err error
		out, err = s.Store.ImportDocuments(ctx, docs)
		return err
	})
	return out, err
}

func (s *Store) Import(ctx context.Context, docs []model.DocumentImport, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	var out []model.ImportResult
	err := s.unqueued("importing documents", func() error {
		var err error
		out, err = s.Store.Import(ctx, docs, grow, by)
		return err
	})
	return out, err
}

func (s *Store) Undo(ctx context.Context, annotator string) (*model.HistoryStep, error) {
	return s.step(ctx, "undo", func() (*model.HistoryStep, error) { return s.Store.Undo(ctx, annotator) })
}

func (s *Store) Redo(ctx context.Context, annotator string) (*model.HistoryStep, error) {
	return s.step(ctx, "redo", func() (*model.HistoryStep, error) { return s.Store.Redo(ctx, annotator) })
}

func (s *Store) StepHistory(ctx context.Context, annotator, group string, undo bool) (*model.HistoryStep, error) {
	return s.step(ctx, "undo", func() (*model.HistoryStep, error) { return s.Store.StepHistory(ctx, annotator, group, undo) })
}

func (s *Store) PreviewHistory(ctx context.Context, annotator string, undo bool) (*model.HistoryPreview, error) {
	var out *model.HistoryPreview
	err := s.unqueued("undo", func() error {
		var err error
		out, err = s.Store.PreviewHistory(ctx, annotator, undo)
		return err
	})
	return out, err
}

func (s *Store) step(_ context.Context, what string, fn func() (*model.HistoryStep, error)) (*model.HistoryStep, error) {
	var out *model.HistoryStep
	err := s.unqueued(what, func() error {
		var err error
		out, err = fn()
		return err
	})
	return out, err
}
