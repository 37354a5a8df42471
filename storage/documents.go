package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// ImportDocuments stores documents with their layers in one transaction: a
// failure anywhere leaves the project exactly as it was. A document whose
// SHA-256 is already present is reused, so colleagues' layers meet on the
// same text; annotations whose id is already present are skipped.
func (s *DB) ImportDocuments(ctx context.Context, docs []model.DocumentImport) ([]model.ImportResult, error) {
	return s.Import(ctx, docs, nil, "")
}

// Import is ImportDocuments that also grows the schema (when grow is not
// nil) in the same transaction, so labels an import adds to the schema and
// the annotations using them land together or not at all. grow is given
// the schema in force inside that transaction, never a copy read before.
func (s *DB) Import(ctx context.Context, docs []model.DocumentImport, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	results := make([]model.ImportResult, 0, len(docs))
	err := s.bulkTxOn(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		if err := s.growSchemaTx(ctx, tx, grow, by); err != nil {
			return err
		}
		grp := s.newGroup()
		st, err := s.prepareImportOn(ctx, tx, conn, s.now())
		if err != nil {
			return err
		}
		defer st.close()
		for i := range docs {
			res, err := s.importOne(ctx, tx, st, grp, &docs[i])
			if err != nil {
				name := docs[i].Doc.Name
				return fmt.Errorf("document %q: %w", name, err)
			}
			results = append(results, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

func (s *DB) importOne(ctx context.Context, tx *sql.Tx, st *importStmts, grp string, in *model.DocumentImport) (model.ImportResult, error) {
	p, err := prepDoc(in, st.nowT)
	if err != nil {
		return model.ImportResult{}, err
	}
	return s.storeDoc(ctx, tx, st, grp, p)
}

// storeDoc writes a document checked by prepDoc, with its layers.
func (s *DB) storeDoc(ctx context.Context, tx *sql.Tx, st *importStmts, grp string, p *preppedDoc) (model.ImportResult, error) {
	var res model.ImportResult
	in := p.in
	id, found, err := st.docBySum(ctx, p.sum)
	switch {
	case err != nil:
		return res, err
	case found:
		res.DocID, res.Reused = id, true
	default:
		var meta any
		if len(in.Doc.Meta) > 0 {
			meta = string(in.Doc.Meta)
		}
		if res.DocID, err = st.insertDoc(ctx, in.Doc.Name, in.Doc.Text, p.sum, int64(p.ix.Len()), in.Doc.Source, meta, s.stamp()); err != nil {
			return res, err
		}
		if err := s.indexDocument(ctx, tx, &st.searchIndex, res.DocID, in.Doc.Text); err != nil {
			return res, err
		}
	}
	for i := range in.Annotations {
		in.Annotations[i].DocID = res.DocID
	}
	if err := s.importAnnotations(ctx, tx, st, grp, res.DocID, in.Annotations, p.keys, &res); err != nil {
		return res, err
	}
	if err := s.applyUpdates(ctx, tx, grp, res.DocID, p.ix, in.Updates); err != nil {
		return res, err
	}
	for i := range in.Relations {
		r := &in.Relations[i]
		r.DocID = res.DocID
		if err := s.insertRelation(ctx, tx, r); err != nil {
			return res, err
		}
	}
	for i := range in.Verdicts {
		v := in.Verdicts[i]
		v.DocID = res.DocID
		if v.ID == "" || v.Curator == "" {
			return res, fmt.Errorf("verdict without id or curator")
		}
		if err := s.insertVerdictIfNew(ctx, tx, &v); err != nil {
			return res, err
		}
	}
	if err := s.insertImportedSuggestions(ctx, tx, res.DocID, p.ix, in.Suggestions); err != nil {
		return res, err
	}
	for _, l := range in.DocLabels {
		if err := ensureAnnotator(ctx, tx, l.Annotator, s.stamp()); err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`,
			res.DocID, l.Annotator, l.Set, l.Value, s.stamp()); err != nil {
			return res, err
		}
	}
	return res, nil
}

// Documents lists the project's documents in import order.
func (s *DB) Documents(ctx context.Context) ([]model.DocumentSummary, error) {
	return storecore.Documents(ctx, sqlQuerier{s.db})
}

// DocumentCount is the number of documents in the project (from the
// small sha256 index, not the rows with their texts).
func (s *DB) DocumentCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// Document loads one document with its text.
func (s *DB) Document(ctx context.Context, id int64) (*model.Document, error) {
	return storecore.Document(ctx, sqlQuerier{s.db}, id)
}

// growSchemaTx stores grow's schema, computed from the schema in force in
// tx, as the new schema version (storecore.GrowSchema).
func (s *DB) growSchemaTx(ctx context.Context, tx *sql.Tx, grow model.SchemaGrowth, by string) error {
	return storecore.GrowSchema(ctx, s.core(tx), grow, by)
}

func ensureAnnotator(ctx context.Context, tx *sql.Tx, name, at string) error {
	if name == "" {
		return fmt.Errorf("annotator name is empty")
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)`, name, at)
	return err
}

// Relations of a document, every layer.
func (s *DB) Relations(ctx context.Context, docID int64) ([]model.Relation, error) {
	return relationsOfDoc(ctx, s.db, docID)
}

// relationsOfDoc reads a document's relations through q (the database, or
// a transaction that must see its own writes).
func relationsOfDoc(ctx context.Context, q sqlHandle, docID int64) ([]model.Relation, error) {
	return storecore.Relations(ctx, sqlQuerier{q}, docID)
}

// DocLabels of a document, every layer.
func (s *DB) DocLabels(ctx context.Context, docID int64) ([]model.DocLabel, error) {
	return storecore.DocLabels(ctx, sqlQuerier{s.db}, docID)
}

func (s *DB) insertRelation(ctx context.Context, tx *sql.Tx, r *model.Relation) error {
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	if err := ensureAnnotator(ctx, tx, r.Annotator, s.stamp()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.DocID, r.Annotator, r.Type, idKey(r.From), idKey(r.To), r.CreatedAt.Format("2006-01-02T15:04:05.999999999Z07:00"))
	if err != nil {
		return fmt.Errorf("relation %s: %w", r.ID, err)
	}
	return nil
}
