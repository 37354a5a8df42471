package main

import (
	"context"
	"fmt"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
)

// mergeOne merges the project at other (a project file or a server
// project's URL) into db, never changing local's layer: what 'margin
// merge' and the window's Merge do for each colleague's project.
//
// Two files go through the file store's own Merge, which also carries
// suggestions and the decision log. With a server project on either side
// the merge is storage.Transfer with Merge's rules (documents by SHA-256,
// items by id, the newer edit wins and is reported, one transaction) and
// local's layer kept out; a server project holds no suggestions, so none
// are carried. On a server the member's role decides what may be written:
// an annotator merging a colleague's layer is refused by the server, and
// nothing is written.
func mergeOne(ctx context.Context, db model.Store, other, local string, progress func(done, total int)) (*model.MergeReport, error) {
	file, dbIsFile := db.(*storage.DB)
	if dbIsFile && !postgres.IsURL(other) {
		o, err := storage.OpenReadOnly(ctx, other)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		defer o.Close()
		return file.MergeProgress(ctx, o, local, progress)
	}
	var src model.Store
	if postgres.IsURL(other) {
		s, err := postgres.Open(ctx, other)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		defer s.Close()
		if same, err := sameServerProject(ctx, db, s); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		} else if same {
			return nil, fmt.Errorf("merge %s: %w", s.Path(), storage.ErrSameProject)
		}
		src = s
	} else {
		s, err := storage.OpenReadOnly(ctx, other)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		defer s.Close()
		src = s
	}
	rep, err := storage.Transfer(ctx, db, src, storage.TransferOptions{Keep: local, By: local})
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if progress != nil {
		progress(1, 1)
	}
	return rep, nil
}

// sameServerProject reports whether db and src are one server project,
// by the project's own id: the same database reached as localhost and as
// 127.0.0.1, or by two members' logins, is one project.
func sameServerProject(ctx context.Context, db model.Store, src *postgres.DB) (bool, error) {
	dst, ok := model.StoreAs[*postgres.DB](db)
	if !ok {
		return false, nil
	}
	a, err := dst.ProjectID(ctx)
	if err != nil {
		return false, err
	}
	b, err := src.ProjectID(ctx)
	if err != nil {
		return false, err
	}
	return a == b, nil
}
