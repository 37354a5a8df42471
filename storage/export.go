package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/margin-app/margin/model"
)

// EachDocument calls fn for every document in id order with its
// annotations (annotator's layer; "" every layer) in text order, its
// relations and document labels (every layer) and, when withVerdicts, its
// verdicts: the same values and order as Document, Annotations, Relations,
// DocLabels and Verdicts give, read with one query per table walked side
// by side instead of five queries per document (an export of a million
// spans spent a third of its time preparing those). Each query reads its
// own snapshot, as the per-document calls did; rows of a document that is
// not (yet) in the documents query are skipped.
func (s *DB) EachDocument(ctx context.Context, annotator string, withVerdicts bool,
	fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs, err := s.db.QueryContext(ctx, `SELECT id, name, text, sha256, source, meta, created_at FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	defer docs.Close() // scanRows closes it too; this covers the returns before it
	anns, err := s.readAnnotations(ctx, annotator)
	if err != nil {
		return fmt.Errorf("annotations: %w", err)
	}
	defer anns.close()
	rels, err := openCursor(ctx, s.db, `SELECT id, doc_id, annotator, type, from_id, to_id, created_at FROM relations ORDER BY doc_id, created_at, id`, nil,
		func(rows *sql.Rows) (int64, model.Relation, error) {
			var r model.Relation
			var at string
			err := rows.Scan(&r.ID, &r.DocID, &r.Annotator, &r.Type, scanID{&r.From}, scanID{&r.To}, &at)
			r.CreatedAt = parseTime(at)
			return r.DocID, r, err
		})
	if err != nil {
		return fmt.Errorf("relations: %w", err)
	}
	defer rels.close()
	labels, err := openCursor(ctx, s.db, `SELECT doc_id, annotator, set_name, value FROM doc_labels ORDER BY doc_id, annotator, set_name, value`, nil,
		func(rows *sql.Rows) (int64, model.DocLabel, error) {
			var l model.DocLabel
			err := rows.Scan(&l.DocID, &l.Annotator, &l.Set, &l.Value)
			return l.DocID, l, err
		})
	if err != nil {
		return fmt.Errorf("document labels: %w", err)
	}
	defer labels.close()
	var verdicts *cursor[model.Verdict]
	if withVerdicts {
		verdicts, err = openCursor(ctx, s.db, `SELECT id, doc_id, verdict, COALESCE(gold_id, ''), sources, curator, created_at FROM verdicts ORDER BY doc_id, created_at, id`, nil,
			func(rows *sql.Rows) (int64, model.Verdict, error) {
				var v model.Verdict
				var verdict, src, at string
				if err := rows.Scan(&v.ID, &v.DocID, &verdict, &v.GoldID, &src, &v.Curator, &at); err != nil {
					return 0, v, err
				}
				v.Verdict = model.VerdictKind(verdict)
				if err := json.Unmarshal([]byte(src), &v.Sources); err != nil {
					return 0, v, fmt.Errorf("verdict %s: %w", v.ID, err)
				}
				v.CreatedAt = parseTime(at)
				return v.DocID, v, nil
			})
		if err != nil {
			return fmt.Errorf("verdicts: %w", err)
		}
		defer verdicts.close()
	}
	return scanRows(docs, func(docs *sql.Rows) error {
		var d model.Document
		var meta sql.NullString
		var created string
		if err := docs.Scan(&d.ID, &d.Name, &d.Text, &d.SHA256, &d.Source, &meta, &created); err != nil {
			return fmt.Errorf("documents: %w", err)
		}
		if meta.Valid {
			d.Meta = []byte(meta.String)
		}
		d.CreatedAt = parseTime(created)
		a, err := anns.take(d.ID)
		if err != nil {
			return fmt.Errorf("annotations of document %d: %w", d.ID, err)
		}
		r, err := rels.take(d.ID)
		if err != nil {
			return fmt.Errorf("relations of document %d: %w", d.ID, err)
		}
		l, err := labels.take(d.ID)
		if err != nil {
			return fmt.Errorf("document labels of %d: %w", d.ID, err)
		}
		var v []model.Verdict
		if verdicts != nil {
			if v, err = verdicts.take(d.ID); err != nil {
				return fmt.Errorf("verdicts of document %d: %w", d.ID, err)
			}
		}
		if err := fn(&d, a, r, l, v); err != nil {
			return err
		}
		return nil
	})
}

// cursor walks rows ordered by document id, one document's rows at a time.
type cursor[T any] struct {
	rows    *sql.Rows
	scan    func(*sql.Rows) (int64, T, error)
	pending bool // next holds a row not yet taken
	nextDoc int64
	next    T
	done    bool
}

func openCursor[T any](ctx context.Context, db *sql.DB, q string, args []any, scan func(*sql.Rows) (int64, T, error)) (*cursor[T], error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return &cursor[T]{rows: rows, scan: scan}, nil
}

// take returns the rows of document doc (a non-nil slice, as the
// per-document methods return), skipping rows of smaller document ids.
func (c *cursor[T]) take(doc int64) ([]T, error) {
	out := []T{}
	for {
		if !c.pending {
			if c.done || !c.rows.Next() {
				c.done = true
				return out, c.rows.Err()
			}
			id, v, err := c.scan(c.rows)
			if err != nil {
				return out, err
			}
			c.nextDoc, c.next, c.pending = id, v, true
		}
		switch {
		case c.nextDoc < doc: // a document the documents query does not have
			c.pending = false
		case c.nextDoc == doc:
			out = append(out, c.next)
			c.pending = false
		default:
			return out, nil
		}
	}
}

func (c *cursor[T]) close() { c.rows.Close() }

// annotationGroup is one document's annotations.
type annotationGroup struct {
	doc  int64
	anns []model.Annotation
	err  error
}

// annotationReader reads the annotations on two connections at once,
// documents with even ids on one and odd ids on the other (reading rows
// is most of an export's work), each a stream of per-document groups.
type annotationReader struct {
	halves  [2]chan annotationGroup
	pending [2]*annotationGroup
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

func (s *DB) readAnnotations(ctx context.Context, annotator string) (*annotationReader, error) {
	ctx, cancel := context.WithCancel(ctx)
	r := &annotationReader{cancel: cancel}
	for half := 0; half < 2; half++ {
		q := `SELECT ` + annotationCols + ` FROM annotations WHERE (doc_id & 1) = ? ORDER BY doc_id, start, end, id`
		args := []any{half}
		if annotator != "" {
			q = `SELECT ` + annotationCols + ` FROM annotations WHERE annotator = ? AND (doc_id & 1) = ? ORDER BY doc_id, start, end, id`
			args = []any{annotator, half}
		}
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			r.close()
			return nil, err
		}
		ch := make(chan annotationGroup, 4)
		r.halves[half] = ch
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer close(ch)
			defer rows.Close()
			var memo timeMemo
			g := annotationGroup{doc: -1}
			send := func(g annotationGroup) bool {
				select {
				case ch <- g:
					return true
				case <-ctx.Done():
					return false
				}
			}
			for rows.Next() {
				a, err := scanAnnotationMemo(rows, &memo)
				if err != nil {
					send(annotationGroup{err: err})
					return
				}
				if a.DocID != g.doc {
					if g.doc >= 0 && !send(g) {
						return
					}
					g = annotationGroup{doc: a.DocID}
				}
				g.anns = append(g.anns, a)
			}
			if err := rows.Err(); err != nil {
				send(annotationGroup{err: err})
				return
			}
			if g.doc >= 0 {
				send(g)
			}
		}()
	}
	return r, nil
}

// take returns document doc's annotations (non-nil, as Annotations).
func (r *annotationReader) take(doc int64) ([]model.Annotation, error) {
	half := doc & 1
	for {
		if r.pending[half] == nil {
			g, ok := <-r.halves[half]
			if !ok {
				return []model.Annotation{}, nil
			}
			if g.err != nil {
				return nil, g.err
			}
			r.pending[half] = &g
		}
		g := r.pending[half]
		switch {
		case g.doc < doc: // a document the documents query does not have
			r.pending[half] = nil
		case g.doc == doc:
			r.pending[half] = nil
			return g.anns, nil
		default:
			return []model.Annotation{}, nil
		}
	}
}

func (r *annotationReader) close() {
	r.cancel()
	for _, ch := range r.halves {
		if ch != nil {
			for range ch { // let the readers see the cancel and finish
			}
		}
	}
	r.wg.Wait()
}
