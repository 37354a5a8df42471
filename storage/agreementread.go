package storage

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/margin-app/margin/model"
)

// ReadForAgreement reads the project for agreement in three queries: the
// annotations' annotator, label and extent (no covered text, attributes,
// notes or timestamps) and the document labels on one connection, the
// texts at the same time on another (WAL serves both), then hands fn the
// documents one by one. Names are shared strings and single fragments are
// cut from blocks, so 150,000 spans do not cost 450,000 allocations.
func (s *DB) ReadForAgreement(ctx context.Context, fn func(*model.AgreementDoc) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type docText struct {
		id   int64
		text string
	}
	var texts []docText
	textsRead := make(chan error, 1)
	go func() {
		textsRead <- s.withRawConn(ctx, func(qc driver.QueryerContext) error {
			return rawQuery(ctx, qc, `SELECT id, text FROM documents ORDER BY id`, nil, func(v []driver.Value) error {
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
		})
	}()
	var rows model.AgreementRows
	err := s.withRawConn(ctx, func(qc driver.QueryerContext) error {
		var block fragBlock
		err := rawQuery(ctx, qc, `SELECT doc_id, annotator, label, start, end, fragments FROM annotations ORDER BY doc_id, start, end, id`, nil, func(v []driver.Value) error {
			doc, ok1 := v[0].(int64)
			start, ok2 := v[3].(int64)
			end, ok3 := v[4].(int64)
			if !ok1 || !ok2 || !ok3 {
				return fmt.Errorf("doc_id, start, end: %T, %T, %T where integers belong", v[0], v[3], v[4])
			}
			who, err := textCol(&rows, v[1])
			if err != nil {
				return fmt.Errorf("annotation of document %d: annotator: %w", doc, err)
			}
			label, err := textCol(&rows, v[2])
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
		if err != nil {
			return fmt.Errorf("annotations for agreement: %w", err)
		}
		err = rawQuery(ctx, qc, `SELECT doc_id, annotator, set_name, value FROM doc_labels ORDER BY doc_id, annotator, set_name, value`, nil, func(v []driver.Value) error {
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
		<-textsRead
		return err
	}
	if err := <-textsRead; err != nil {
		return fmt.Errorf("documents for agreement: %w", err)
	}
	for _, d := range texts {
		if err := fn(rows.Doc(d.id, d.text)); err != nil {
			return err
		}
	}
	return nil
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
