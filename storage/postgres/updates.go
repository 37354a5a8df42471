package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// applyUpdates writes an import's newer versions of stored annotations
// (model.AnnotationUpdate: a push or pull), each with its history row in
// the import's group, after re-checking under the row's lock that the
// stored one is still the one the update was decided against.
func (s *DB) applyUpdates(ctx context.Context, tx pgx.Tx, grp string, docID int64, ix *model.TextIndex, ups []model.AnnotationUpdate) error {
	return model.ApplyUpdates(ups, docID, ix,
		func(id string) (*model.Annotation, error) { return getAnnotation(ctx, tx, id, true) },
		func(before, a *model.Annotation) error {
			a.UpdatedAt = a.UpdatedAt.UTC().Truncate(time.Microsecond) // what timestamptz keeps
			if err := writeAnnotation(ctx, tx, a); err != nil {
				return err
			}
			return s.record(ctx, tx, grp, a.Annotator, "update", entAnnotation, a.ID, docID, before, a)
		})
}
