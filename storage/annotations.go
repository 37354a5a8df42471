package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

const annotationCols = `id, doc_id, annotator, label, start, end, fragments, text, attributes, note, ` + createdAtCol + `, updated_at`

// importedAt is the created_at of an annotation that a bulk import made
// at the time of its history row (hist): the empty string, which takes no
// bytes in the row, where the timestamp took 30. A million-span import
// writes 30 MB less (BENCHMARKS.md). createdAtCol reads it back as that
// row's time; it reads as the zero time only if the history row is gone, which Margin never
// does to a row that created annotations.
const importedAt = ""

const createdAtCol = `CASE created_at WHEN '' THEN COALESCE((SELECT h.at FROM history h WHERE h.seq = annotations.hist), '') ELSE created_at END`

// timeMemo remembers the last timestamp parsed: the annotations of one
// document usually share created_at (an import), so a scan parses once.
type timeMemo struct {
	s string
	t time.Time
}

func (m *timeMemo) parse(v string) time.Time {
	if m == nil {
		return parseTime(v)
	}
	if v != m.s || v == "" {
		m.s, m.t = v, parseTime(v)
	}
	return m.t
}

func scanAnnotation(sc interface{ Scan(...any) error }) (model.Annotation, error) {
	return scanAnnotationMemo(sc, nil)
}

func scanAnnotationMemo(sc interface{ Scan(...any) error }, memo *timeMemo) (model.Annotation, error) {
	var a model.Annotation
	var start, end int
	var frags, updated sql.NullString
	var attrs, created string
	if err := sc.Scan(scanID{&a.ID}, &a.DocID, &a.Annotator, &a.Label, &start, &end, &frags, &a.Text, &attrs, &a.Note, &created, &updated); err != nil {
		return a, err
	}
	err := completeAnnotation(&a, start, end, frags, attrs, created, updated, memo, nil)
	return a, err
}

// completeAnnotation fills in what scanAnnotationMemo reads from the
// fragments, attributes and timestamp columns; a single fragment is cut
// from one (nil: allocated on its own).
func completeAnnotation(a *model.Annotation, start, end int, frags sql.NullString, attrs, created string, updated sql.NullString, memo *timeMemo, one *fragBlock) error {
	var fragsJSON *string // NULL: one fragment
	var mk func(start, end int) []model.Fragment
	if frags.Valid {
		fragsJSON = &frags.String
	}
	if one != nil {
		mk = one.one
	}
	if err := storecore.DecodeJSONColumns(a, start, end, fragsJSON, attrs, mk); err != nil {
		return err
	}
	a.CreatedAt = memo.parse(created)
	a.UpdatedAt = a.CreatedAt
	if updated.Valid && updated.String != created {
		a.UpdatedAt = parseTime(updated.String)
	}
	return nil
}

// unmarshalFragments reads the fragments column's JSON list.
func unmarshalFragments(col string, to *[]model.Fragment) error {
	return json.Unmarshal([]byte(col), to)
}

// unmarshalAttributes reads the attributes column's JSON object.
func unmarshalAttributes(col string, to *map[string]any) error {
	return json.Unmarshal([]byte(col), to)
}

// fragmentsCol is the fragments column: NULL for one fragment (start and
// end say it all), else the JSON list.
func fragmentsCol(fs []model.Fragment) any {
	if len(fs) == 1 {
		return nil
	}
	return fragmentsJSON(fs)
}

// updatedCol is the updated_at column: NULL while it equals created_at.
func updatedCol(a *model.Annotation) any {
	if a.UpdatedAt.Equal(a.CreatedAt) {
		return nil
	}
	return a.UpdatedAt.Format(time.RFC3339Nano)
}

// Annotations of a document in text order; annotator "" means every layer.
func (s *DB) Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error) {
	q := `SELECT ` + annotationCols + ` FROM annotations WHERE doc_id = ?`
	args := []any{docID}
	if annotator != "" {
		q += ` AND annotator = ?`
		args = append(args, annotator)
	}
	q += ` ORDER BY start, end, id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("annotations of document %d: %w", docID, err)
	}
	out := []model.Annotation{}
	var memo timeMemo
	err = scanRows(rows, func(rows *sql.Rows) error {
		a, err := scanAnnotationMemo(rows, &memo)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("annotations of document %d: %w", docID, err)
	}
	return out, nil
}

// Annotation loads one annotation by id.
func (s *DB) Annotation(ctx context.Context, id string) (*model.Annotation, error) {
	return getAnnotation(ctx, s.db, id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getAnnotation(ctx context.Context, q queryer, id string) (*model.Annotation, error) {
	// Both stored forms: a colleague's format-2 file, read for a merge
	// without migrating it (readableAsIs), still has ids as text.
	a, err := scanAnnotation(q.QueryRowContext(ctx, `SELECT `+annotationCols+` FROM annotations WHERE id IN (?, ?)`, idKey(id), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("annotation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("annotation %s: %w", id, err)
	}
	return &a, nil
}

// insertAnnotation validates a against the document and inserts it, filling
// in id, covered text and timestamps when they are empty.
func (s *DB) insertAnnotation(ctx context.Context, tx *sql.Tx, ix *model.TextIndex, a *model.Annotation) error {
	if a.ID == "" {
		a.ID = newID()
	}
	if err := a.Validate(ix); err != nil {
		return err
	}
	now := s.now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	if a.Attributes == nil {
		a.Attributes = map[string]any{}
	}
	if err := ensureAnnotator(ctx, tx, a.Annotator, s.stamp()); err != nil {
		return err
	}
	attrs, err := json.Marshal(a.Attributes)
	if err != nil {
		return fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO annotations (id, doc_id, annotator, label, start, end, fragments, text, attributes, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		idKey(a.ID), a.DocID, a.Annotator, a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, string(attrs), a.Note,
		a.CreatedAt.Format(time.RFC3339Nano), updatedCol(a))
	if err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	return nil
}

func (s *DB) writeAnnotation(ctx context.Context, tx *sql.Tx, a *model.Annotation) error {
	attrs, err := json.Marshal(a.Attributes)
	if err != nil {
		return fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE annotations SET label = ?, start = ?, end = ?, fragments = ?, text = ?, attributes = ?, note = ?, updated_at = ? WHERE id = ?`,
		a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, string(attrs), a.Note, a.UpdatedAt.Format(time.RFC3339Nano), idKey(a.ID))
	return err
}

// CreateAnnotations stores new annotations as one transaction and one undo
// step. Each is validated against its document's text.
func (s *DB) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		grp := s.newGroup()
		indexes := map[int64]*model.TextIndex{}
		for _, a := range as {
			ix, ok := indexes[a.DocID]
			if !ok {
				var err error
				if ix, err = s.docIndex(ctx, tx, a.DocID); err != nil {
					return err
				}
				indexes[a.DocID] = ix
			}
			if err := s.insertAnnotation(ctx, tx, ix, a); err != nil {
				return err
			}
			if err := s.dropRedo(ctx, tx, a.Annotator); err != nil {
				return err
			}
			if err := s.record(ctx, tx, grp, a.Annotator, "create", entAnnotation, a.ID, a.DocID, nil, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateAnnotation changes an annotation's label, fragments, attributes or
// note. Only its own annotator may change it.
func (s *DB) UpdateAnnotation(ctx context.Context, a *model.Annotation) error {
	return s.UpdateAnnotationAs(ctx, a, a.Annotator)
}

// UpdateAnnotationAs is UpdateAnnotation done by a named person: the
// layer's owner, or any curator for the gold layer. The history (and so
// undo) is theirs.
func (s *DB) UpdateAnnotationAs(ctx context.Context, a *model.Annotation, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := getAnnotation(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if !storecore.MayEdit(before.Annotator, by) || a.Annotator != before.Annotator {
			return fmt.Errorf("annotation %s belongs to %s's layer; %s cannot change it", a.ID, before.Annotator, by)
		}
		// a is the caller's copy, read at a.UpdatedAt: if the stored one
		// is newer, another window or command changed it meanwhile and
		// writing the whole copy would revert that. (A zero UpdatedAt is
		// a copy not read from the project: nothing to compare.)
		if !a.UpdatedAt.IsZero() && !a.UpdatedAt.Equal(before.UpdatedAt) {
			return fmt.Errorf("annotation %s (%s): %w; reload to see the current version", a.ID, before.Label, model.ErrStale)
		}
		a.DocID = before.DocID
		a.CreatedAt = before.CreatedAt
		ix, err := s.docIndex(ctx, tx, a.DocID)
		if err != nil {
			return err
		}
		a.Text = "" // recomputed from the (possibly moved) fragments
		if err := a.Validate(ix); err != nil {
			return err
		}
		if a.Attributes == nil {
			a.Attributes = map[string]any{}
		}
		a.UpdatedAt = s.nextStamp(before.UpdatedAt)
		if err := s.writeAnnotation(ctx, tx, a); err != nil {
			return fmt.Errorf("update annotation %s: %w", a.ID, err)
		}
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		return s.record(ctx, tx, s.newGroup(), by, "update", entAnnotation, a.ID, a.DocID, before, a)
	})
}

// withHist returns a as a history row should keep it: a
// storecore.AnnotationRecord when a bulk import made it, else a itself.
func withHist(ctx context.Context, tx *sql.Tx, a *model.Annotation) (any, error) {
	var hist sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT hist FROM annotations WHERE id = ?`, idKey(a.ID)).Scan(&hist); err != nil {
		return nil, fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if !hist.Valid {
		return a, nil
	}
	return storecore.AnnotationRecord{Annotation: *a, Hist: hist.Int64}, nil
}

// DeleteAnnotation removes an annotation from by's own layer.
func (s *DB) DeleteAnnotation(ctx context.Context, id, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := getAnnotation(ctx, tx, id)
		if err != nil {
			return err
		}
		if !storecore.MayEdit(before.Annotator, by) {
			return fmt.Errorf("annotation %s belongs to %s's layer; %s cannot delete it", id, before.Annotator, by)
		}
		grp := s.newGroup()
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		if err := s.deleteRelationsOf(ctx, tx, grp, by, id); err != nil {
			return err
		}
		snap, err := withHist(ctx, tx, before)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, idKey(id)); err != nil {
			return fmt.Errorf("delete annotation %s: %w", id, err)
		}
		return s.record(ctx, tx, grp, by, "delete", entAnnotation, id, before.DocID, snap, nil)
	})
}

// nextStamp is the updated_at of a change to an annotation last changed
// at prev (storecore.NextStamp).
func (s *DB) nextStamp(prev time.Time) time.Time { return storecore.NextStamp(s.now(), prev) }
