package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

const annotationCols = `id, doc_id, annotator, label, start_cp, end_cp, fragments, text, attributes, note, created_at, updated_at`

func scanAnnotation(row pgx.Row) (model.Annotation, error) {
	var a model.Annotation
	var start, end int
	var frags []byte
	var attrs []byte
	if err := row.Scan(&a.ID, &a.DocID, &a.Annotator, &a.Label, &start, &end, &frags, &a.Text, &attrs, &a.Note, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	var fragsJSON *string // NULL: one fragment
	if frags != nil {
		f := string(frags)
		fragsJSON = &f
	}
	err := storecore.DecodeJSONColumns(&a, start, end, fragsJSON, string(attrs), nil)
	return a, err
}

// fragmentsCol is NULL for one fragment (start and end say it all).
func fragmentsCol(fs []model.Fragment) any {
	if len(fs) == 1 {
		return nil
	}
	b, _ := json.Marshal(fs)
	return string(b)
}

func attrsCol(a *model.Annotation) (string, error) {
	if len(a.Attributes) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(a.Attributes)
	if err != nil {
		return "", fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
	}
	return string(b), nil
}

// Annotations of a document in text order; annotator "" means every layer.
func (s *DB) Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = $1 AND ($2 = '' OR annotator = $2) ORDER BY start_cp, end_cp, id`, docID, annotator)
	if err != nil {
		return nil, fmt.Errorf("annotations of document %d: %w", docID, err)
	}
	out, err := collectAnnotations(rows)
	if err != nil {
		return nil, fmt.Errorf("annotations of document %d: %w", docID, err)
	}
	return out, nil
}

func collectAnnotations(rows pgx.Rows) ([]model.Annotation, error) {
	out := []model.Annotation{}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Annotation loads one annotation by id.
func (s *DB) Annotation(ctx context.Context, id string) (*model.Annotation, error) {
	return getAnnotation(ctx, s.pool, id, false)
}

// getAnnotation loads one annotation; lock takes its row lock for the
// rest of the transaction, so that the check of its state and the write
// that follows see the same row (another client waits).
func getAnnotation(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, id string, lock bool) (*model.Annotation, error) {
	query := `SELECT ` + annotationCols + ` FROM annotations WHERE id = $1`
	if lock {
		query += ` FOR UPDATE`
	}
	a, err := scanAnnotation(q.QueryRow(ctx, query, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("annotation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("annotation %s: %w", id, err)
	}
	return &a, nil
}

// lockAnnotation is getAnnotation with the row lock, and the import row
// the annotation came from (hist).
func lockAnnotation(ctx context.Context, tx pgx.Tx, id string) (*model.Annotation, *int64, error) {
	var hist *int64
	a, err := scanAnnotation(histRow{tx.QueryRow(ctx, `SELECT `+annotationCols+`, hist FROM annotations WHERE id = $1 FOR UPDATE`, id), &hist})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fmt.Errorf("annotation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("annotation %s: %w", id, err)
	}
	return &a, hist, nil
}

// histRow is a row of annotationCols and hist, scanned as annotationCols.
type histRow struct {
	pgx.Row
	hist **int64
}

func (r histRow) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.hist)...) }

// prepAnnotation fills in id, covered text and timestamps (to the
// microsecond timestamptz keeps) and validates a against the document.
func prepAnnotation(ix *model.TextIndex, a *model.Annotation, now time.Time) error {
	if a.ID == "" {
		a.ID = newID()
	}
	if err := a.Validate(ix); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	a.CreatedAt = a.CreatedAt.UTC().Truncate(time.Microsecond)
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	a.UpdatedAt = a.UpdatedAt.UTC().Truncate(time.Microsecond)
	if a.Attributes == nil {
		a.Attributes = map[string]any{}
	}
	return nil
}

func (s *DB) insertAnnotation(ctx context.Context, tx pgx.Tx, ix *model.TextIndex, a *model.Annotation, hist int64) error {
	if err := prepAnnotation(ix, a, s.now()); err != nil {
		return err
	}
	if err := ensureAnnotator(ctx, tx, a.Annotator, s.now()); err != nil {
		return err
	}
	attrs, err := attrsCol(a)
	if err != nil {
		return err
	}
	var h any
	if hist != 0 {
		h = hist
	}
	_, err = tx.Exec(ctx, `INSERT INTO annotations (id, doc_id, annotator, label, start_cp, end_cp, fragments, text, attributes, note, created_at, updated_at, hist)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		a.ID, a.DocID, a.Annotator, a.Label, a.Start(), a.End(), fragmentsCol(a.Fragments), a.Text, attrs, a.Note, a.CreatedAt, a.UpdatedAt, h)
	if err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	return nil
}

func writeAnnotation(ctx context.Context, tx pgx.Tx, a *model.Annotation) error {
	var p pipeline
	p.writeAnnotation(a)
	if err := p.send(ctx, tx); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	return nil
}

var errEmptyAnnotator = errors.New("annotator name is empty")

func ensureAnnotator(ctx context.Context, tx pgx.Tx, name string, at time.Time) error {
	if name == "" {
		return errEmptyAnnotator
	}
	_, err := tx.Exec(ctx, `INSERT INTO annotators (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, at)
	return err
}

// CreateAnnotations stores new annotations as one transaction and one undo
// step per annotator. Each is validated against its document's text.
func (s *DB) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	// The text indexes first, outside the transaction (a document's text
	// never changes; usually the person is editing it and it is cached):
	// then the whole create is one round trip (sendOneTrip).
	for _, a := range as {
		if _, err := s.docIndex(ctx, s.pool, a.DocID); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return err
			}
			return s.wrap(fmt.Errorf("create annotations: document %d: %w", a.DocID, err))
		}
	}
	p, ok := s.createPipeline(as, func(id int64) *model.TextIndex { return s.ixCache.get(id) })
	if !ok {
		// More documents than the cache keeps: the long way, each
		// index read in the transaction.
		return s.tx(ctx, func(tx pgx.Tx) error {
			var ixErr error
			p, _ := s.createPipeline(as, func(id int64) *model.TextIndex {
				ix, err := s.docIndex(ctx, tx, id)
				if err != nil && ixErr == nil {
					ixErr = err
				}
				return ix
			})
			if ixErr != nil {
				return ixErr
			}
			if err := p.send(ctx, tx); err != nil {
				return fmt.Errorf("create annotations: %w", err)
			}
			return nil
		})
	}
	if p.err != nil {
		return p.err
	}
	if err := s.sendOneTrip(ctx, p); err != nil {
		return editErr("create annotations", err)
	}
	for _, a := range as {
		s.states.put(a, nil)
		s.annotators.Store(a.Annotator, true)
	}
	return nil
}

// createPipeline prepares as (validated against the index index gives,
// nil when it has none: then ok is false) and queues their rows, the
// people's redo drops and the history rows of one undo step.
func (s *DB) createPipeline(as []*model.Annotation, index func(docID int64) *model.TextIndex) (p *pipeline, ok bool) {
	p = &pipeline{}
	grp := newGroup()
	now := s.now()
	people := map[string]bool{}
	for _, a := range as {
		ix := index(a.DocID)
		if ix == nil {
			return p, false
		}
		if err := prepAnnotation(ix, a, now); err != nil {
			p.err = err
			return p, true
		}
		first := !people[a.Annotator]
		if first {
			people[a.Annotator] = true
			s.ensureKnown(p, a.Annotator, now)
			p.exec(lockPersonSQL, s.actor(a.Annotator))
		}
		p.insertAnnotation(a)
		if first {
			// The person's redo steps dropped by their first history row's
			// statement: one statement less per create.
			p.recordDroppingRedo(now, grp, s.actor(a.Annotator), "create", entAnnotation, a.ID, a.DocID, nil, a)
		} else {
			p.record(now, grp, s.actor(a.Annotator), "create", entAnnotation, a.ID, a.DocID, nil, a)
		}
	}
	return p, true
}

// UpdateAnnotation changes an annotation in its own annotator's name.
func (s *DB) UpdateAnnotation(ctx context.Context, a *model.Annotation) error {
	return s.UpdateAnnotationAs(ctx, a, a.Annotator)
}

// UpdateAnnotationAs is UpdateAnnotation done by by: the layer's owner,
// or a curator for the gold layer. The history and undo are theirs.
func (s *DB) UpdateAnnotationAs(ctx context.Context, a *model.Annotation, by string) error {
	if err := s.updateOneTrip(ctx, a, by); !errors.Is(err, errLongWay) {
		return err
	}
	var hist *int64
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var before *model.Annotation
		var err error
		before, hist, err = lockAnnotation(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if !mayEdit(before.Annotator, by) || a.Annotator != before.Annotator {
			return fmt.Errorf("annotation %s belongs to %s's layer; %s cannot change it", a.ID, before.Annotator, by)
		}
		// The caller's copy was read at a.UpdatedAt; a newer stored one
		// was changed meanwhile, and writing the copy would revert that.
		if !a.UpdatedAt.IsZero() && !a.UpdatedAt.Equal(before.UpdatedAt) {
			return fmt.Errorf("annotation %s (%s): %w; reload to see the current version", a.ID, before.Label, model.ErrStale)
		}
		a.DocID = before.DocID
		a.CreatedAt = before.CreatedAt
		ix, err := s.docIndex(ctx, tx, a.DocID)
		if err != nil {
			return err
		}
		a.Text = ""
		if err := a.Validate(ix); err != nil {
			return err
		}
		if a.Attributes == nil {
			a.Attributes = map[string]any{}
		}
		a.UpdatedAt = s.nextStamp(before.UpdatedAt)
		var p pipeline
		p.writeAnnotation(a)
		p.dropRedo(s.actor(by), s.now())
		p.record(s.now(), newGroup(), s.actor(by), "update", entAnnotation, a.ID, a.DocID, before, a)
		if err := p.send(ctx, tx); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		return nil
	})
	if err != nil {
		s.states.forget(a.ID)
		return err
	}
	s.states.put(a, hist)
	return nil
}

// updateOneTrip is UpdateAnnotationAs in one round trip, from the stored
// state this handle last wrote (anncache.go); errLongWay when it has none
// or it no longer holds, and nothing was written.
func (s *DB) updateOneTrip(ctx context.Context, a *model.Annotation, by string) error {
	st, ok := s.states.get(a.ID)
	if !ok {
		return errLongWay
	}
	before := st.a
	// A refusal or a stale copy is the long way's to tell.
	if !mayEdit(before.Annotator, by) || a.Annotator != before.Annotator ||
		(!a.UpdatedAt.IsZero() && !a.UpdatedAt.Equal(before.UpdatedAt)) {
		return errLongWay
	}
	ix, err := s.docIndex(ctx, s.pool, before.DocID)
	if err != nil {
		return errLongWay
	}
	// A copy: the caller's a changes only once the edit is written (the
	// long way checks a.UpdatedAt as the caller gave it).
	next := *a
	next.DocID, next.CreatedAt, next.Text = before.DocID, before.CreatedAt, ""
	if err := next.Validate(ix); err != nil {
		return err
	}
	if next.Attributes == nil {
		next.Attributes = map[string]any{}
	}
	next.UpdatedAt = s.nextStamp(before.UpdatedAt)
	attrs, err := attrsCol(&next)
	if err != nil {
		return err
	}
	cond, condArgs, err := st.rowIs(9)
	if err != nil {
		return errLongWay
	}
	now := s.now()
	var p pipeline
	p.exec(lockPersonSQL, s.actor(by))
	p.exec(`WITH u AS (UPDATE annotations SET label = $1, start_cp = $2, end_cp = $3, fragments = $4, text = $5, attributes = $6, note = $7, updated_at = $8
			WHERE `+cond+` RETURNING 1)
		SELECT margin_expect_one((SELECT count(*) FROM u), 'annotation ' || $9)`,
		append([]any{next.Label, next.Start(), next.End(), fragmentsCol(next.Fragments), next.Text, attrs, next.Note, next.UpdatedAt}, condArgs...)...)
	p.recordDroppingRedo(now, newGroup(), s.actor(by), "update", entAnnotation, next.ID, next.DocID, &before, &next)
	if err := s.sendOneTrip(ctx, &p); err != nil {
		if !errors.Is(err, errLongWay) {
			s.states.forget(a.ID) // written or not: unknown
		}
		return err
	}
	*a = next
	s.states.put(a, st.hist)
	return nil
}

// annotationRecord is an annotation as a history row keeps it before its
// deletion, with the import row it came from.
type annotationRecord = storecore.AnnotationRecord

func withHist(ctx context.Context, tx pgx.Tx, a *model.Annotation) (any, error) {
	var hist *int64
	if err := tx.QueryRow(ctx, `SELECT hist FROM annotations WHERE id = $1`, a.ID).Scan(&hist); err != nil {
		return nil, fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if hist == nil {
		return a, nil
	}
	return annotationRecord{Annotation: *a, Hist: *hist}, nil
}

// DeleteAnnotation removes an annotation from by's own layer (or gold).
func (s *DB) DeleteAnnotation(ctx context.Context, id, by string) error {
	err := s.deleteOneTrip(ctx, id, by)
	if !errors.Is(err, errLongWay) {
		return err
	}
	s.states.forget(id)
	return s.tx(ctx, func(tx pgx.Tx) error {
		before, err := getAnnotation(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !mayEdit(before.Annotator, by) {
			return fmt.Errorf("annotation %s belongs to %s's layer; %s cannot delete it", id, before.Annotator, by)
		}
		grp := newGroup()
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
		var p pipeline
		p.exec(`DELETE FROM annotations WHERE id = $1`, id)
		p.record(s.now(), grp, s.actor(by), "delete", entAnnotation, id, before.DocID, snap, nil)
		if err := p.send(ctx, tx); err != nil {
			return fmt.Errorf("delete annotation %s: %w", id, err)
		}
		return nil
	})
}

// deleteOneTrip is DeleteAnnotation in one round trip, for an annotation
// whose stored state this handle knows; errLongWay otherwise, and nothing
// was written. The relations touching it go first, in the same step,
// each with its history row, which the server writes from the row it
// deletes (deleteRelationsOfSQL), as the long way does from the row it
// reads.
func (s *DB) deleteOneTrip(ctx context.Context, id, by string) error {
	st, ok := s.states.get(id)
	if !ok || !mayEdit(st.a.Annotator, by) {
		return errLongWay
	}
	cond, condArgs, err := st.rowIs(1)
	if err != nil {
		return errLongWay
	}
	now := s.now()
	grp := newGroup()
	var p pipeline
	p.exec(lockPersonSQL, s.actor(by))
	p.exec(deleteRelationsOfSQL, id, grp, now, s.actor(by), storecore.EntRelation)
	p.exec(`WITH d AS (DELETE FROM annotations WHERE `+cond+` RETURNING 1)
		SELECT margin_expect_one((SELECT count(*) FROM d), 'annotation ' || $1)`, condArgs...)
	p.recordDroppingRedo(now, grp, s.actor(by), "delete", entAnnotation, id, st.a.DocID, st.snapshot(), nil)
	err = s.sendOneTrip(ctx, &p)
	if !errors.Is(err, errLongWay) {
		s.states.forget(id)
	}
	return err
}

// nextStamp is now, but always later than prev (storecore.NextStamp).
func (s *DB) nextStamp(prev time.Time) time.Time { return storecore.NextStamp(s.now(), prev) }

// mayEdit: one's own layer, or the gold layer, which curators share
// (storecore.MayEdit). The server enforces the same with roles (see
// migrations/002).
func mayEdit(layer, by string) bool { return storecore.MayEdit(layer, by) }

// newID makes a time-ordered UUID (v7), as the SQLite store does.
func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// newGroup names one user action's history rows.
func newGroup() string { return newID() }
