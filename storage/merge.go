package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sort"

	"github.com/margin-app/margin/model"
)

// Merge copies a colleague's project into this one in one transaction.
// Documents are matched by SHA-256; annotations, relations and document
// labels are copied by id. The local user's own layer is never changed.
// A colleague annotation present in both files with different content is
// resolved in favour of the newer edit (updated_at) and reported. Labels
// the other schema has and this one lacks are added; a label defined
// differently is reported and this project's definition is kept. Merging
// the same file twice changes nothing the second time.
func (s *DB) Merge(ctx context.Context, other *DB, local string) (*model.MergeReport, error) {
	return s.MergeProgress(ctx, other, local, nil)
}

// MergeProgress is Merge calling progress(done, total) after each of the
// other file's documents (nil: no calls), for a progress bar.
func (s *DB) MergeProgress(ctx context.Context, other *DB, local string, progress func(done, total int)) (*model.MergeReport, error) {
	if sameFile(s.path, other.path) {
		return nil, fmt.Errorf("merge %s: %w", other.Path(), ErrSameProject)
	}
	rep := &model.MergeReport{Labels: []string{}, Conflicts: []string{}}
	otherSchema, err := other.Schema(ctx)
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", other.Path(), err)
	}
	otherDocs, err := other.Documents(ctx)
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", other.Path(), err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := schemaTx(ctx, tx)
		if err != nil {
			return err
		}
		if grown := mergeSchema(sc, otherSchema, rep); grown {
			text, err := sc.TOML()
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, string(text), s.stamp(), local); err != nil {
				return err
			}
		}
		grp := s.newGroup()
		st, err := s.prepareImport(ctx, tx)
		if err != nil {
			return err
		}
		defer st.close()
		for i, od := range otherDocs {
			if progress != nil && i > 0 {
				progress(i, len(otherDocs))
			}
			doc, err := other.Document(ctx, od.ID)
			if err != nil {
				return err
			}
			res, err := s.importOne(ctx, tx, st, grp, &model.DocumentImport{Doc: model.NewDocument{Name: doc.Name, Text: doc.Text, Source: doc.Source, Meta: doc.Meta}})
			if err != nil {
				return fmt.Errorf("document %q: %w", doc.Name, err)
			}
			if !res.Reused {
				rep.Documents++
			}
			if err := s.mergeLayers(ctx, tx, other, grp, od.ID, res.DocID, doc.Text, local, rep); err != nil {
				return fmt.Errorf("document %q: %w", doc.Name, err)
			}
		}
		if progress != nil {
			progress(len(otherDocs), len(otherDocs))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", other.Path(), err)
	}
	// Colleagues' statuses (the newer wins); local's own are never
	// changed, as their layer is not.
	if err := carryStatuses(ctx, s, other, otherDocs, TransferOptions{Keep: local}, rep); err != nil {
		return nil, fmt.Errorf("merge %s: the layers were merged, the documents' statuses not: %w", other.Path(), err)
	}
	return rep, nil
}

func (s *DB) mergeLayers(ctx context.Context, tx *sql.Tx, other *DB, grp string, otherDoc, doc int64, text, local string, rep *model.MergeReport) error {
	anns, err := other.Annotations(ctx, otherDoc, "")
	if err != nil {
		return err
	}
	ix := model.NewTextIndex(text)
	for i := range anns {
		a := anns[i]
		a.DocID = doc
		if a.Annotator == local {
			rep.SkippedOwnLayer++
			continue
		}
		mine, err := getAnnotation(ctx, tx, a.ID)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		if errors.Is(err, model.ErrNotFound) {
			mine = nil
		}
		switch act := decideAnnotation(mine, &a, doc); act {
		case mergeAdd:
			if err := s.insertAnnotation(ctx, tx, ix, &a); err != nil {
				return err
			}
			if err := s.record(ctx, tx, grp, a.Annotator, "create", entAnnotation, a.ID, doc, nil, &a); err != nil {
				return err
			}
			rep.Annotations++
		case mergeTakeTheirs:
			if err := a.Validate(ix); err != nil {
				return err
			}
			if err := s.writeAnnotation(ctx, tx, &a); err != nil {
				return err
			}
			if err := s.record(ctx, tx, grp, a.Annotator, "update", entAnnotation, a.ID, doc, mine, &a); err != nil {
				return err
			}
			rep.Updated++
			rep.Conflicts = append(rep.Conflicts, act.conflict(mine, &a, other.Path()))
		case mergeSame:
		default:
			rep.Conflicts = append(rep.Conflicts, act.conflict(mine, &a, other.Path()))
		}
	}
	rels, err := other.Relations(ctx, otherDoc)
	if err != nil {
		return err
	}
	for _, r := range rels {
		if r.Annotator == local {
			rep.SkippedOwnLayer++
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM relations WHERE id = ?`, r.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		r.DocID = doc
		if err := s.insertRelation(ctx, tx, &r); err != nil {
			return err
		}
		rep.Relations++
	}
	verdicts, err := other.Verdicts(ctx, otherDoc)
	if err != nil {
		return err
	}
	for i := range verdicts {
		v := verdicts[i]
		v.DocID = doc
		if err := s.insertVerdictIfNew(ctx, tx, &v); err != nil {
			return err
		}
	}
	labels, err := other.DocLabels(ctx, otherDoc)
	if err != nil {
		return err
	}
	for _, l := range labels {
		if l.Annotator == local {
			rep.SkippedOwnLayer++
			continue
		}
		if err := ensureAnnotator(ctx, tx, l.Annotator, s.stamp()); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`, doc, l.Annotator, l.Set, l.Value, s.stamp())
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n > 0 {
			rep.DocLabels++
		}
	}
	return s.mergeSuggestions(ctx, tx, other, otherDoc, doc, local, rep) // merge_suggestions.go
}

// mergeAction is what a merge (Merge, Transfer) does with a colleague's
// annotation: one decision for both, so that a push or pull resolves
// exactly as a merge of files does.
type mergeAction int

const (
	mergeAdd        mergeAction = iota // not here: copy it
	mergeSame                          // here with the same content
	mergeTakeTheirs                    // theirs is the newer edit
	mergeKeepOurs                      // ours is the newer edit
	mergeNotOurs                       // the id is another layer's or document's here
)

// decideAnnotation compares theirs with mine, the annotation with its id
// here (nil: none), for document doc here.
func decideAnnotation(mine, theirs *model.Annotation, doc int64) mergeAction {
	switch {
	case mine == nil:
		return mergeAdd
	case mine.Annotator != theirs.Annotator || mine.DocID != doc:
		return mergeNotOurs
	case sameAnnotation(mine, theirs):
		return mergeSame
	case theirs.UpdatedAt.After(mine.UpdatedAt):
		return mergeTakeTheirs
	default:
		return mergeKeepOurs
	}
}

// conflict is the report's line for a decision that kept or replaced
// something (from names where theirs came from).
func (act mergeAction) conflict(mine, theirs *model.Annotation, from string) string {
	switch act {
	case mergeNotOurs:
		return fmt.Sprintf("annotation %s belongs to %s here and to %s there; kept ours", theirs.ID, mine.Annotator, theirs.Annotator)
	case mergeTakeTheirs:
		return fmt.Sprintf("%s's annotation %s (%s %q) differed; took the newer edit from %s", theirs.Annotator, theirs.ID, theirs.Label, theirs.Text, from)
	case mergeKeepOurs:
		return fmt.Sprintf("%s's annotation %s (%s %q) differed; kept ours, which is newer", theirs.Annotator, theirs.ID, mine.Label, mine.Text)
	}
	return ""
}

func sameAnnotation(a, b *model.Annotation) bool {
	return a.Label == b.Label && a.Note == b.Note && a.Text == b.Text &&
		reflect.DeepEqual(a.Fragments, b.Fragments) && reflect.DeepEqual(normAttrs(a.Attributes), normAttrs(b.Attributes))
}

func normAttrs(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// mergeSchema adds other's labels, relation types and document label sets
// that sc lacks; it reports a label defined differently on both sides.
func mergeSchema(sc, other *model.Schema, rep *model.MergeReport) bool {
	grown := false
	hotkeys := map[string]bool{}
	for _, l := range sc.Labels {
		hotkeys[l.Hotkey] = true
	}
	for _, l := range other.Labels {
		mine, ok := sc.Label(l.Name)
		if !ok {
			if l.Hotkey != "" && hotkeys[l.Hotkey] {
				l.Hotkey = "" // the hotkey is taken here
			}
			hotkeys[l.Hotkey] = true
			sc.Labels = append(sc.Labels, l)
			rep.Labels = append(rep.Labels, l.Name)
			grown = true
			continue
		}
		if !reflect.DeepEqual(mine.Attributes, l.Attributes) {
			rep.Conflicts = append(rep.Conflicts, fmt.Sprintf("label %s has different attributes in the other schema; kept ours", l.Name))
		}
	}
	for _, r := range other.Relations {
		found := false
		for _, m := range sc.Relations {
			found = found || m.Name == r.Name
		}
		if !found {
			sc.Relations = append(sc.Relations, r)
			grown = true
		}
	}
	for _, d := range other.DocLabelSets {
		found := false
		for _, m := range sc.DocLabelSets {
			found = found || m.Name == d.Name
		}
		if !found {
			sc.DocLabelSets = append(sc.DocLabelSets, d)
			grown = true
		}
	}
	sort.Strings(rep.Labels)
	return grown
}
