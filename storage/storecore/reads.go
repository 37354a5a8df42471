package storecore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/margin-app/margin/model"
)

// LoadSchema is the schema in force (the newest version); a project
// without one has an empty schema, which allows overlaps.
func LoadSchema(ctx context.Context, q Querier) (*model.Schema, error) {
	text, found, err := schemaText(ctx, q)
	return SchemaFromText(text, found, err)
}

func schemaText(ctx context.Context, q Querier) (string, bool, error) {
	var text string
	err := q.QueryRow(ctx, `SELECT toml FROM schemas ORDER BY version DESC LIMIT 1`).Scan(&text)
	if errors.Is(err, ErrNoRows) {
		return "", false, nil
	}
	return text, err == nil, err
}

// Relations of a document, every layer, oldest first.
func Relations(ctx context.Context, q Querier, docID int64) ([]model.Relation, error) {
	out := []model.Relation{}
	err := q.QueryEach(ctx, `SELECT `+relationCols+` FROM relations WHERE doc_id = ? ORDER BY created_at, id`, []any{docID}, func(row Row) error {
		r, err := scanRelation(q, row)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("relations of document %d: %w", docID, err)
	}
	return out, nil
}

// Relation loads (and, in a transaction, locks) one relation.
func Relation(ctx context.Context, q Querier, id string) (*model.Relation, error) {
	r, err := scanRelation(q, q.QueryRow(ctx, `SELECT `+relationCols+` FROM relations WHERE id = ?`+q.ForUpdate(), id))
	if errors.Is(err, ErrNoRows) {
		return nil, fmt.Errorf("relation %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

const relationCols = `id, doc_id, annotator, type, from_id, to_id, created_at`

func scanRelation(q Querier, row Row) (model.Relation, error) {
	var r model.Relation
	err := row.Scan(&r.ID, &r.DocID, &r.Annotator, &r.Type, q.Key(&r.From), q.Key(&r.To), q.Time(&r.CreatedAt))
	return r, err
}

// DocLabels of a document, every layer.
func DocLabels(ctx context.Context, q Querier, docID int64) ([]model.DocLabel, error) {
	out := []model.DocLabel{}
	err := q.QueryEach(ctx, `SELECT doc_id, annotator, set_name, value FROM doc_labels WHERE doc_id = ? ORDER BY annotator, set_name, value`, []any{docID}, func(row Row) error {
		var l model.DocLabel
		err := row.Scan(&l.DocID, &l.Annotator, &l.Set, &l.Value)
		out = append(out, l)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("document labels of %d: %w", docID, err)
	}
	return out, nil
}

// Verdicts of a document, oldest first.
func Verdicts(ctx context.Context, q Querier, docID int64) ([]model.Verdict, error) {
	out := []model.Verdict{}
	query := `SELECT id, doc_id, verdict, COALESCE(gold_id, ''), ` + q.JSONText("sources") + `, curator, created_at FROM verdicts WHERE doc_id = ? ORDER BY created_at, id`
	err := q.QueryEach(ctx, query, []any{docID}, func(row Row) error {
		var v model.Verdict
		var verdict, src string
		if err := row.Scan(&v.ID, &v.DocID, &verdict, &v.GoldID, &src, &v.Curator, q.Time(&v.CreatedAt)); err != nil {
			return err
		}
		v.Verdict = model.VerdictKind(verdict)
		if err := json.Unmarshal([]byte(src), &v.Sources); err != nil {
			return fmt.Errorf("verdict %s: %w", v.ID, err)
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verdicts of document %d: %w", docID, err)
	}
	return out, nil
}

// HistoryGroup is actor's rows of history group grp, in the order a step
// applies them: newest first for undo, oldest first for redo. A group can
// hold several people's rows (an import or merge brings every layer of
// its input, each row recorded as the layer's owner): undo and redo are
// per person, so one annotator's undo never takes back a colleague's or
// the gold layer's part of the same import (issue 12, item 4).
func HistoryGroup(ctx context.Context, q Querier, grp, actor string, undo bool) ([]HistoryRow, error) {
	order := "ASC"
	if undo {
		order = "DESC"
	}
	query := `SELECT seq, action, entity, entity_id, doc_id, ` + q.JSONText("before") + `, ` + q.JSONText("after") + ` FROM history WHERE grp = ? AND annotator = ? ORDER BY seq ` + order
	var out []HistoryRow
	err := q.QueryEach(ctx, query, []any{grp, actor}, func(row Row) error {
		var r HistoryRow
		if err := row.Scan(&r.Seq, &r.Action, &r.Entity, &r.ID, &r.DocID, &r.Before, &r.After); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// CountImportedNow counts into c, by label, the annotations an import
// row created that are in the project now (what its undo removes).
func CountImportedNow(ctx context.Context, q Querier, c *model.HistoryCounter, r HistoryRow) error {
	return q.QueryEach(ctx, `SELECT label, count(*) FROM annotations WHERE doc_id = ? AND hist = ? GROUP BY label`, []any{r.DocID, r.Seq}, func(row Row) error {
		var label string
		var n int
		if err := row.Scan(&label, &n); err != nil {
			return err
		}
		c.Add(r.DocID, "annotation", label, n, 0, 0)
		return nil
	})
}

// DocumentName is a document's name, "" when it is gone.
func DocumentName(ctx context.Context, q Querier, id int64) (string, error) {
	var name string
	err := q.QueryRow(ctx, `SELECT name FROM documents WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, ErrNoRows) {
		err = nil
	}
	return name, err
}

// Documents lists the project's documents in import order, each with its
// number of annotations.
func Documents(ctx context.Context, q Querier) ([]model.DocumentSummary, error) {
	out := []model.DocumentSummary{}
	err := q.QueryEach(ctx, `SELECT d.id, d.name, d.sha256, d.length, d.source,
		(SELECT count(*) FROM annotations a WHERE a.doc_id = d.id) FROM documents d ORDER BY d.id`, nil, func(row Row) error {
		var d model.DocumentSummary
		err := row.Scan(&d.ID, &d.Name, &d.SHA256, &d.Length, &d.Source, &d.Annotations)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return out, nil
}

// Document loads one document with its text.
func Document(ctx context.Context, q Querier, id int64) (*model.Document, error) {
	var d model.Document
	var meta []byte // NULL: none
	err := q.QueryRow(ctx, `SELECT id, name, text, sha256, source, meta, created_at FROM documents WHERE id = ?`, id).
		Scan(&d.ID, &d.Name, &d.Text, &d.SHA256, &d.Source, &meta, q.Time(&d.CreatedAt))
	if errors.Is(err, ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	if meta != nil {
		d.Meta = meta
	}
	return &d, nil
}

// Statuses: document -> annotator -> status; no row means todo.
func Statuses(ctx context.Context, q Querier) (map[int64]map[string]model.Status, error) {
	out := map[int64]map[string]model.Status{}
	err := q.QueryEach(ctx, `SELECT doc_id, annotator, status FROM doc_status`, nil, func(row Row) error {
		var id int64
		var who, st string
		if err := row.Scan(&id, &who, &st); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[string]model.Status{}
		}
		out[id][who] = model.Status(st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}

// StatusStamps are every status with the time it was set.
func StatusStamps(ctx context.Context, q Querier) ([]model.StatusStamp, error) {
	var out []model.StatusStamp
	err := q.QueryEach(ctx, `SELECT doc_id, annotator, status, updated_at FROM doc_status ORDER BY doc_id, annotator`, nil, func(row Row) error {
		var st model.StatusStamp
		var s string
		if err := row.Scan(&st.DocID, &st.Annotator, &s, q.Time(&st.At)); err != nil {
			return err
		}
		st.Status = model.Status(s)
		out = append(out, st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}
