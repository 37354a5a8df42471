package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// ReadForAgreement reads the project for agreement in three queries in one
// read-only snapshot: the annotations' annotator, label and extent (no
// covered text, attributes, notes or timestamps), the document labels,
// then the texts, handed to fn document by document. Three queries
// instead of three per document: on a server each one is a round trip.
func (s *DB) ReadForAgreement(ctx context.Context, fn func(*model.AgreementDoc) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var got model.AgreementRows
		rows, err := tx.Query(ctx, `SELECT doc_id, annotator, label, start_cp, end_cp, fragments FROM annotations ORDER BY doc_id, start_cp, end_cp, id`)
		if err != nil {
			return fmt.Errorf("annotations for agreement: %w", err)
		}
		var doc int64
		var who, label string
		var start, end int
		var fragsCol []byte
		_, err = pgx.ForEachRow(rows, []any{&doc, &who, &label, &start, &end, &fragsCol}, func() error {
			frags := []model.Fragment{{Start: start, End: end}}
			if fragsCol != nil {
				if err := json.Unmarshal(fragsCol, &frags); err != nil {
					return fmt.Errorf("annotation of document %d: fragments: %w", doc, err)
				}
			}
			got.Span(doc, who, label, frags)
			return nil
		})
		if err != nil {
			return fmt.Errorf("annotations for agreement: %w", err)
		}
		rows, err = tx.Query(ctx, `SELECT doc_id, annotator, set_name, value FROM doc_labels ORDER BY doc_id, annotator, set_name, value`)
		if err != nil {
			return fmt.Errorf("document labels for agreement: %w", err)
		}
		var l model.DocLabel
		if _, err = pgx.ForEachRow(rows, []any{&l.DocID, &l.Annotator, &l.Set, &l.Value}, func() error { got.Label(l); return nil }); err != nil {
			return fmt.Errorf("document labels for agreement: %w", err)
		}
		rows, err = tx.Query(ctx, `SELECT id, text FROM documents ORDER BY id`)
		if err != nil {
			return fmt.Errorf("documents for agreement: %w", err)
		}
		var id int64
		var text string
		if _, err = pgx.ForEachRow(rows, []any{&id, &text}, func() error { return fn(got.Doc(id, text)) }); err != nil {
			return fmt.Errorf("documents for agreement: %w", err)
		}
		return nil
	})
}
