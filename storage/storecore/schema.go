package storecore

import (
	"context"
	"fmt"
	"sort"

	"github.com/margin-app/margin/model"
)

// SchemaFromText is the schema a store read: text is the newest stored
// version's TOML, found false when the project has none (then an empty
// schema, which allows overlaps); err is the read's own.
func SchemaFromText(text string, found bool, err error) (*model.Schema, error) {
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	if !found {
		return &model.Schema{AllowOverlap: true}, nil
	}
	sc, err := model.ParseSchema([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("load schema: %w", err)
	}
	return sc, nil
}

// SchemaTOML validates sc and returns it as a store keeps it.
func SchemaTOML(sc *model.Schema) (string, error) {
	if err := sc.Validate(); err != nil {
		return "", err
	}
	text, err := sc.TOML()
	if err != nil {
		return "", err
	}
	return string(text), nil
}

// SetSchema validates sc and stores it as the new schema version, in a
// transaction of run.
func SetSchema(ctx context.Context, run Run, sc *model.Schema, by string) error {
	text, err := SchemaTOML(sc)
	if err != nil {
		return err
	}
	return run(func(t Tx) error { return SaveSchema(ctx, t, text, by) })
}

// SaveSchema stores toml (SchemaTOML's) as the new schema version.
func SaveSchema(ctx context.Context, t Tx, toml, by string) error {
	if err := insertSchema(ctx, t, toml, by); err != nil {
		return fmt.Errorf("save schema: %w", err)
	}
	return nil
}

// GrowSchema stores grow's schema, computed from the schema in force in
// t, as the new schema version; grow nil, or returning nil, keeps it
// (an import that brings labels the schema lacks). The store holds its
// schema lock, if it has one.
func GrowSchema(ctx context.Context, t Tx, grow model.SchemaGrowth, by string) error {
	if grow == nil {
		return nil
	}
	current, err := LoadSchema(ctx, t)
	if err != nil {
		return err
	}
	sc, err := grow(current)
	if err != nil || sc == nil {
		return err
	}
	text, err := SchemaTOML(sc)
	if err != nil {
		return err
	}
	return SaveSchema(ctx, t, text, by)
}

// CheckSchemaChange validates a schema change before its transaction:
// the new schema, and every rename's target (renames maps an old label
// to a new one; two old names onto one new name merge them). It returns
// the schema's TOML and the old names in a deterministic order for
// messages and history.
func CheckSchemaChange(sc *model.Schema, renames map[string]string) (toml string, olds []string, err error) {
	text, err := SchemaTOML(sc)
	if err != nil {
		return "", nil, err
	}
	olds = make([]string, 0, len(renames))
	for old := range renames {
		olds = append(olds, old)
	}
	sort.Strings(olds)
	for _, old := range olds {
		if nw := renames[old]; nw == "" {
			return "", nil, fmt.Errorf("rename %s: the new name is empty", old)
		} else if _, ok := sc.Label(nw); !ok {
			return "", nil, fmt.Errorf("rename %s to %s: the new schema has no label %s", old, nw, nw)
		}
	}
	return text, olds, nil
}

// ChangeSchema replaces the schema, migrating annotations: renames move
// labels, and labels that disappear while annotations still use them are
// refused (model.LabelsInUseError) unless force, which deletes those
// annotations and their relations. The change is checked first, then
// made in one transaction of run, one undo step for by; run holds
// whatever lock keeps two schema changes apart.
func ChangeSchema(ctx context.Context, run Run, sc *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	newText, olds, err := CheckSchemaChange(sc, renames)
	if err != nil {
		return nil, err
	}
	var change *model.SchemaChange
	err = run(func(t Tx) (err error) {
		change, err = changeSchema(ctx, t, sc, newText, olds, by, renames, force)
		return err
	})
	if err != nil {
		return nil, err
	}
	return change, nil
}

// changeSchema makes the change in t: newText is sc as stored, olds the
// renamed labels in order (CheckSchemaChange's).
func changeSchema(ctx context.Context, t Tx, sc *model.Schema, newText string, olds []string, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	change := &model.SchemaChange{Renamed: map[string]int{}, Removed: map[string]int{}}
	oldText, _, err := schemaText(ctx, t)
	if err != nil {
		return nil, err
	}
	used, err := labelsInUse(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("labels in use: %w", err)
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
		return nil, &model.LabelsInUseError{InUse: inUse}
	}
	grp := t.NewGroup()
	if err := t.DropRedo(ctx, by); err != nil {
		return nil, err
	}
	// Renames are one simultaneous mapping: the annotations of every old
	// name are chosen before any is moved, so a swap (A=B, B=A) or a
	// chain (B=A, A=C) moves each annotation exactly once. Renaming one
	// label at a time made B=A, A=C move B's annotations on to C as
	// well, or not, depending on Go's map order.
	byOld := map[string][]string{}
	for _, old := range olds {
		if byOld[old], err = t.IDsWithLabel(ctx, old); err != nil {
			return nil, err
		}
	}
	for _, old := range olds {
		for _, id := range byOld[old] {
			a, snap, err := loadForChange(ctx, t, id)
			if err != nil {
				return nil, err
			}
			after := *a
			after.Label = renames[old]
			after.UpdatedAt = NextStamp(t.Now(), a.UpdatedAt)
			if err := t.WriteAnnotation(ctx, &after); err != nil {
				return nil, err
			}
			if err := t.Record(ctx, grp, by, "update", EntAnnotation, id, a.DocID, snap, &after); err != nil {
				return nil, err
			}
		}
		change.Renamed[old] = len(byOld[old])
	}
	for _, l := range gone {
		ids, err := t.IDsWithLabel(ctx, l)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			a, snap, err := loadForChange(ctx, t, id)
			if err != nil {
				return nil, err
			}
			if err := DeleteRelationsOf(ctx, t, grp, by, id); err != nil {
				return nil, err
			}
			if err := deleteAnnotationRow(ctx, t, id); err != nil {
				return nil, err
			}
			if err := t.Record(ctx, grp, by, "delete", EntAnnotation, id, a.DocID, snap, nil); err != nil {
				return nil, err
			}
		}
	}
	if err := insertSchema(ctx, t, newText, by); err != nil {
		return nil, err
	}
	var before any
	if oldText != "" {
		before = oldText
	}
	if err := t.Record(ctx, grp, by, "update", EntSchema, "schema", 0, before, newText); err != nil {
		return nil, err
	}
	return change, nil
}

// loadForChange loads (and locks) an annotation a schema change touches,
// with its history snapshot.
func loadForChange(ctx context.Context, t Tx, id string) (*model.Annotation, any, error) {
	a, err := t.Annotation(ctx, id, true)
	if err != nil {
		return nil, nil, err
	}
	snap, err := t.Snapshot(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	return a, snap, nil
}
