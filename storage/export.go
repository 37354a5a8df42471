package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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
	return unlocked(func() error { return s.eachDocument(ctx, annotator, withVerdicts, false, fn) })
}

// EachDocumentLean is EachDocument for an exporter that reads of each
// annotation only its ID, DocID, Annotator, Label, Fragments, Attributes
// and Note (formats.LeanExporter): Text stays empty, CreatedAt and
// UpdatedAt zero, and Attributes nil when there are none. Not reading the
// covered text and the timestamps (nor the import history rows the
// latter need) is a third of the annotation reader's work (issue 14).
func (s *DB) EachDocumentLean(ctx context.Context, annotator string, withVerdicts bool,
	fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error {
	return unlocked(func() error { return s.eachDocument(ctx, annotator, withVerdicts, true, fn) })
}

func (s *DB) eachDocument(ctx context.Context, annotator string, withVerdicts, lean bool,
	fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs, err := s.db.QueryContext(ctx, `SELECT id, name, text, sha256, source, meta, created_at FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	defer docs.Close() // scanRows closes it too; this covers the returns before it
	anns, err := s.readAnnotations(ctx, annotator, lean)
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
