package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/margin-app/margin/model"
)

// Schema returns the schema in force (the newest version). A project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	return schemaTx(ctx, s.db)
}

func schemaTx(ctx context.Context, q queryer) (*model.Schema, error) {
	var text string
	err := q.QueryRowContext(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return &model.Schema{AllowOverlap: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	sc, err := model.ParseSchema([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	return sc, nil
}

// SetSchema stores a new schema version after validating it.
func (s *DB) SetSchema(ctx context.Context, sc *model.Schema, by string) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	text, err := sc.TOML()
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, string(text), s.stamp(), by)
		if err != nil {
			return fmt.Errorf("save schema: %w", err)
		}
		return nil
	})
}

// ChangeSchema replaces the schema, migrating annotations: renames maps an
// old label name to a new one (two old names onto one new name merge
// them). Labels that disappear while annotations still use them are
// refused unless force, which deletes those annotations. Everything is one
// transaction and one undo step for by, recorded in the history.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	olds := make([]string, 0, len(renames))
	for old := range renames {
		olds = append(olds, old)
	}
	sort.Strings(olds) // a deterministic order for messages and history
	for _, old := range olds {
		if nw := renames[old]; nw == "" {
			return nil, fmt.Errorf("rename %s: the new name is empty", old)
		} else if _, ok := sc.Label(nw); !ok {
			return nil, fmt.Errorf("rename %s to %s: the new schema has no label %s", old, nw, nw)
		}
	}
	newText, err := sc.TOML()
	if err != nil {
		return nil, err
	}
	change := &model.SchemaChange{Renamed: map[string]int{}, Removed: map[string]int{}}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var oldText string
		if err := tx.QueryRowContext(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&oldText); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		used, err := labelsInUse(ctx, tx)
		if err != nil {
			return err
		}
		var gone []string
		for l, n := range used {
			if _, ok := renames[l]; ok {
				continue
			}
			if _, ok := sc.Label(l); !ok {
				gone = append(gone, l)
				change.Removed[l] = n
			}
		}
		sort.Strings(gone)
		if len(gone) > 0 && !force {
			inUse := map[string]int{}
			for _, l := range gone {
				inUse[l] = change.Removed[l]
			}
			return &model.LabelsInUseError{InUse: inUse}
		}
		grp := s.newGroup()
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		touchIDs := func(ids []string, fn func(a *model.Annotation) (action string, after *model.Annotation, err error)) (int, error) {
			for _, id := range ids {
				a, err := getAnnotation(ctx, tx, id)
				if err != nil {
					return 0, err
				}
				snap, err := withHist(ctx, tx, a)
				if err != nil {
					return 0, err
				}
				action, after, err := fn(a)
				if err != nil {
					return 0, err
				}
				if err := s.record(ctx, tx, grp, by, action, entAnnotation, id, a.DocID, snap, after); err != nil {
					return 0, err
				}
			}
			return len(ids), nil
		}
		touch := func(label string, fn func(a *model.Annotation) (action string, after *model.Annotation, err error)) (int, error) {
			ids, err := idsWithLabel(ctx, tx, label)
			if err != nil {
				return 0, err
			}
			return touchIDs(ids, fn)
		}
		// Renames are one simultaneous mapping: the annotations of every
		// old name are chosen before any is moved, so a swap (A=B, B=A)
		// or a chain (B=A, A=C) moves each annotation exactly once.
		// Renaming one label at a time made B=A, A=C move B's annotations
		// on to C as well, or not, depending on Go's map order.
		byOld := map[string][]string{}
		for _, old := range olds {
			if byOld[old], err = idsWithLabel(ctx, tx, old); err != nil {
				return err
			}
		}
		for _, old := range olds {
			nw := renames[old]
			n, err := touchIDs(byOld[old], func(a *model.Annotation) (string, *model.Annotation, error) {
				after := *a
				after.Label = nw
				after.UpdatedAt = s.nextStamp(a.UpdatedAt)
				return "update", &after, s.writeAnnotation(ctx, tx, &after)
			})
			if err != nil {
				return err
			}
			change.Renamed[old] = n
		}
		for _, l := range gone {
			_, err := touch(l, func(a *model.Annotation) (string, *model.Annotation, error) {
				if err := s.deleteRelationsOf(ctx, tx, grp, by, a.ID); err != nil {
					return "", nil, err
				}
				_, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, idKey(a.ID))
				return "delete", nil, err
			})
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, string(newText), s.stamp(), by); err != nil {
			return err
		}
		var before any
		if oldText != "" {
			before = oldText
		}
		return s.record(ctx, tx, grp, by, "update", entSchema, "schema", 0, before, string(newText))
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}

// labelsInUse counts the annotations of every label. A failed scan is an
// error: a label missed here would be dropped with its annotations.
func labelsInUse(ctx context.Context, tx *sql.Tx) (map[string]int, error) {
	used := map[string]int{}
	err := eachRow(ctx, tx, `SELECT label, count(*) FROM annotations GROUP BY label`, nil, func(rows *sql.Rows) error {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return err
		}
		used[l] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("labels in use: %w", err)
	}
	return used, nil
}

func idsWithLabel(ctx context.Context, tx *sql.Tx, label string) ([]string, error) {
	var ids []string
	err := eachRow(ctx, tx, `SELECT id FROM annotations WHERE label = ? ORDER BY doc_id, start`, []any{label}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(scanID{&id})
		ids = append(ids, id)
		return err
	})
	return ids, err
}
