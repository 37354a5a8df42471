package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// Schema returns the schema in force (the newest version); a project
// without one has an empty schema.
func (s *DB) Schema(ctx context.Context) (*model.Schema, error) {
	return schemaOf(ctx, s.pool)
}

func schemaOf(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (*model.Schema, error) {
	var text string
	err := q.QueryRow(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
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
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockSchema(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, string(text), s.now(), by); err != nil {
			return fmt.Errorf("save schema: %w", err)
		}
		return nil
	})
}

// schemaLock is the advisory lock key of schema changes ("SCHM").
const schemaLock = 0x5343484D

// lockSchema serializes schema changes until the transaction ends, so a
// change committed meanwhile is grown, never reverted. An advisory lock
// rather than LOCK TABLE, which would need write privileges on schemas
// that an annotator's import (growing nothing) does not have.
func lockSchema(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(schemaLock))
	return err
}

// growSchema stores grow's schema, computed from the one in force in tx.
func (s *DB) growSchema(ctx context.Context, tx pgx.Tx, grow model.SchemaGrowth, by string) error {
	if grow == nil {
		return nil
	}
	if err := lockSchema(ctx, tx); err != nil {
		return err
	}
	current, err := schemaOf(ctx, tx)
	if err != nil {
		return err
	}
	sc, err := grow(current)
	if err != nil || sc == nil {
		return err
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	text, err := sc.TOML()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, string(text), s.now(), by); err != nil {
		return fmt.Errorf("save schema: %w", err)
	}
	return nil
}

// ChangeSchema replaces the schema, renaming labels (renames: old -> new)
// and, with force, deleting the annotations of dropped labels; one
// transaction and one undo step for by.
func (s *DB) ChangeSchema(ctx context.Context, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	olds := make([]string, 0, len(renames))
	for old := range renames {
		olds = append(olds, old)
	}
	sort.Strings(olds)
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
	err = s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockSchema(ctx, tx); err != nil {
			return err
		}
		var oldText string
		if err := tx.QueryRow(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&oldText); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		used := map[string]int{}
		rows, err := tx.Query(ctx, `SELECT label, count(*) FROM annotations GROUP BY label`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var l string
			var n int
			if err := rows.Scan(&l, &n); err != nil {
				rows.Close()
				return err
			}
			used[l] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("labels in use: %w", err)
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
		grp := newGroup()
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		// Every old name's annotations are chosen before any moves, so a
		// swap or a chain of renames moves each annotation exactly once.
		byOld := map[string][]string{}
		for _, old := range olds {
			if byOld[old], err = idsWithLabel(ctx, tx, old); err != nil {
				return err
			}
		}
		for _, old := range olds {
			for _, id := range byOld[old] {
				a, err := getAnnotation(ctx, tx, id, true)
				if err != nil {
					return err
				}
				snap, err := withHist(ctx, tx, a)
				if err != nil {
					return err
				}
				after := *a
				after.Label = renames[old]
				after.UpdatedAt = s.nextStamp(a.UpdatedAt)
				if err := writeAnnotation(ctx, tx, &after); err != nil {
					return err
				}
				if err := s.record(ctx, tx, grp, by, "update", entAnnotation, id, a.DocID, snap, &after); err != nil {
					return err
				}
			}
			change.Renamed[old] = len(byOld[old])
		}
		for _, l := range gone {
			ids, err := idsWithLabel(ctx, tx, l)
			if err != nil {
				return err
			}
			for _, id := range ids {
				a, err := getAnnotation(ctx, tx, id, true)
				if err != nil {
					return err
				}
				snap, err := withHist(ctx, tx, a)
				if err != nil {
					return err
				}
				if err := s.deleteRelationsOf(ctx, tx, grp, by, id); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `DELETE FROM annotations WHERE id = $1`, id); err != nil {
					return err
				}
				if err := s.record(ctx, tx, grp, by, "delete", entAnnotation, id, a.DocID, snap, nil); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES ($1, $2, $3)`, string(newText), s.now(), by); err != nil {
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

func idsWithLabel(ctx context.Context, tx pgx.Tx, label string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM annotations WHERE label = $1 ORDER BY doc_id, start_cp, id`, label)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
