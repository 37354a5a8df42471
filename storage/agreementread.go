package storage

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/margin-app/margin/model"
)

// ReadForAgreement reads the project for agreement in a few queries: the
// annotations' annotator, label and extent (no covered text, attributes,
// notes or timestamps), the document labels and the texts, then hands fn
// the documents one by one. The annotations, most of the time, are read
// in two halves by document on two connections at once (WAL serves both),
// one also reading the document labels, the other the texts: SQLite
// spends most of the read ordering the rows, one query to a core. Names
// are shared strings and single fragments are cut from blocks, so 150,000
// spans do not cost 450,000 allocations.
func (s *DB) ReadForAgreement(ctx context.Context, fn func(*model.AgreementDoc) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	mid, err := s.agreementSplit(ctx)
	if err != nil {
		return fmt.Errorf("annotations for agreement: %w", err)
	}
	type docText struct {
		id   int64
		text string
	}
	var texts []docText
	var upper model.AgreementRows // spans of the documents from mid on
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- s.withRawConn(ctx, func(qc driver.QueryerContext) error {
			if err := agreementSpans(ctx, qc, &upper, `WHERE doc_id >= ?`, mid); err != nil {
				return fmt.Errorf("annotations for agreement: %w", err)
			}
			err := rawQuery(ctx, qc, `SELECT id, text FROM documents ORDER BY id`, nil, func(v []driver.Value) error {
				var d docText
				if err := assignValue(&d.id, v[0]); err != nil {
					return err
				}
				if err := assignValue(&d.text, v[1]); err != nil {
					return fmt.Errorf("document %d: text: %w", d.id, err)
				}
				texts = append(texts, d)
				return nil
			})
			if err != nil {
				return fmt.Errorf("documents for agreement: %w", err)
			}
			return nil
		})
	}()
	var rows model.AgreementRows // spans of the documents before mid, every document label
	err = s.withRawConn(ctx, func(qc driver.QueryerContext) error {
		if err := agreementSpans(ctx, qc, &rows, `WHERE doc_id < ?`, mid); err != nil {
			return fmt.Errorf("annotations for agreement: %w", err)
		}
		err := rawQuery(ctx, qc, `SELECT doc_id, annotator, set_name, value FROM doc_labels ORDER BY doc_id, annotator, set_name, value`, nil, func(v []driver.Value) error {
			var l model.DocLabel
			if err := assignValue(&l.DocID, v[0]); err != nil {
				return err
			}
			for i, to := range []*string{&l.Annotator, &l.Set, &l.Value} {
				if err := assignValue(to, v[i+1]); err != nil {
					return fmt.Errorf("document label of document %d: %w", l.DocID, err)
				}
			}
			rows.Label(l)
			return nil
		})
		if err != nil {
			return fmt.Errorf("document labels for agreement: %w", err)
		}
		return nil
	})
	if err != nil {
		cancel()
		<-secondDone
		return err
	}
	if err := <-secondDone; err != nil {
		return err
	}
	for _, d := range texts {
		doc := rows.Doc(d.id, d.text)
		if d.id >= mid {
			doc.Spans = upper.Doc(d.id, d.text).Spans
		}
		if err := fn(doc); err != nil {
			return err
		}
	}
	return nil
}

// agreementSplit is the document id halfway between the first and the
// last annotated document: the two halves of the annotations are read at
// once. Where the annotations gather in a few documents the halves are
// uneven, and the read slower, not different.
func (s *DB) agreementSplit(ctx context.Context) (int64, error) {
	var lo, hi *int64
	if err := s.db.QueryRowContext(ctx, `SELECT min(doc_id), max(doc_id) FROM annotations`).Scan(&lo, &hi); err != nil {
		return 0, err
	}
	if lo == nil || hi == nil {
		return 0, nil
	}
	return *lo + (*hi-*lo)/2 + 1, nil
}

// agreementSpans adds to rows the annotations that where (a condition on
// doc_id with one parameter, arg) selects, in the order Annotations gives
// them.
func agreementSpans(ctx context.Context, qc driver.QueryerContext, rows *model.AgreementRows, where string, arg int64) error {
	var block fragBlock
	q := `SELECT doc_id, annotator, label, start, end, fragments FROM annotations ` + where + ` ORDER BY doc_id, start, end, id`
	return rawQuery(ctx, qc, q, []driver.Value{arg}, func(v []driver.Value) error {
		doc, ok1 := v[0].(int64)
		start, ok2 := v[3].(int64)
		end, ok3 := v[4].(int64)
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("doc_id, start, end: %T, %T, %T where integers belong", v[0], v[3], v[4])
		}
		who, err := textCol(rows, v[1])
		if err != nil {
			return fmt.Errorf("annotation of document %d: annotator: %w", doc, err)
		}
		label, err := textCol(rows, v[2])
		if err != nil {
			return fmt.Errorf("annotation of document %d: label: %w", doc, err)
		}
		frags := block.one(int(start), int(end))
		if v[5] != nil {
			var col string
			if err := assignValue(&col, v[5]); err != nil {
				return fmt.Errorf("annotation of document %d: fragments: %w", doc, err)
			}
			if err := unmarshalFragments(col, &frags); err != nil {
				return fmt.Errorf("annotation of document %d: fragments: %w", doc, err)
			}
		}
		rows.Span(doc, who, label, frags)
		return nil
	})
}

// textCol is a text column's value, shared with rows' names.
func textCol(rows *model.AgreementRows, v driver.Value) (string, error) {
	switch v := v.(type) {
	case string:
		return rows.Name(v), nil
	case []byte:
		return rows.NameBytes(v), nil
	}
	return "", fmt.Errorf("%T where text belongs", v)
}
