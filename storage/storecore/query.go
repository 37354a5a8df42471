package storecore

import (
	"context"
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// Dialect is how a store's SQL differs where the annotations table's
// query is built.
type Dialect struct {
	// True is the always-true condition the filters are appended to.
	True string
	// Contains is the substring test of the text column against the ?
	// placeholder of the needle.
	Contains string
	// Start is the start offset column, Tie the column that orders rows
	// equal in everything else, TextKey the text column's sort key.
	Start, Tie, TextKey string
	// Cols is the annotation columns a store's row scanner reads.
	Cols string
	// CreatedAt is an annotation's creation time column (SQLite's takes
	// an imported span's from its import), Day the expression of a time
	// column's UTC day as YYYY-MM-DD.
	CreatedAt string
	Day       func(col string) string
}

// AnnotationPageSQL is the SQL of one page of the annotations table
// (model.AnnotationQuery): count counts the rows that match (with
// countArgs), page reads one page of them followed by each one's
// document name (with pageArgs). Only the filters in use go into the
// WHERE clause: "(? = 0 OR doc_id = ?)" would keep SQLite from using the
// index (0.8 s instead of milliseconds for one document of a
// million-span project), and PostgreSQL's planner from seeing which
// index fits. The default order (document, annotator, position) is the
// order of the annotations' document index, so a page is read without
// sorting.
func AnnotationPageSQL(d Dialect, q model.AnnotationQuery) (count string, countArgs []any, page string, pageArgs []any) {
	where := ` WHERE ` + d.True
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where += ` AND ` + cond
	}
	if q.Label != "" {
		add(`label = ?`, q.Label)
	}
	if q.Annotator != "" {
		add(`annotator = ?`, q.Annotator)
	}
	if q.DocID != 0 {
		add(`doc_id = ?`, q.DocID)
	}
	if q.Text != "" {
		add(d.Contains, q.Text)
	}
	count = `SELECT count(*) FROM annotations` + where
	countArgs = append([]any(nil), args...)
	var keys []string
	switch q.Sort {
	case model.SortLabel:
		keys = []string{"label", "doc_id", d.Start, d.Tie}
	case model.SortAnnotator:
		keys = []string{"annotator", "doc_id", d.Start, d.Tie}
	case model.SortText:
		keys = []string{d.TextKey, "doc_id", d.Start, d.Tie}
	default:
		keys = []string{"doc_id", "annotator", d.Start, d.Tie}
	}
	if q.Desc {
		for i := range keys {
			keys[i] += " DESC"
		}
	}
	args = append(args, q.PageLimit(), max(q.Offset, 0))
	page = `SELECT ` + d.Cols + `, (SELECT d.name FROM documents d WHERE d.id = annotations.doc_id) FROM annotations` + where +
		` ORDER BY ` + strings.Join(keys, ", ") + ` LIMIT ? OFFSET ?`
	return count, countArgs, page, args
}

// QueryAnnotations is one page of the annotations table, read through q:
// scan reads one row of d.Cols followed by the document's name.
func QueryAnnotations(ctx context.Context, q Querier, d Dialect, aq model.AnnotationQuery, scan func(Row, *model.AnnotationRow) error) (*model.AnnotationPage, error) {
	count, countArgs, query, args := AnnotationPageSQL(d, aq)
	page := &model.AnnotationPage{Rows: []model.AnnotationRow{}, Total: -1}
	if aq.Count {
		if err := q.QueryRow(ctx, count, countArgs...).Scan(&page.Total); err != nil {
			return nil, fmt.Errorf("annotations table: count: %w", err)
		}
	}
	err := q.QueryEach(ctx, query, args, func(row Row) error {
		var r model.AnnotationRow
		err := scan(row, &r)
		page.Rows = append(page.Rows, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("annotations table: %w", err)
	}
	return page, nil
}

// LabelCounts counts spans per document, annotator and label.
func LabelCounts(ctx context.Context, q Querier) ([]model.LabelCount, error) {
	out := []model.LabelCount{}
	err := q.QueryEach(ctx, `SELECT doc_id, annotator, label, count(*) FROM annotations GROUP BY doc_id, annotator, label ORDER BY doc_id, annotator, label`, nil, func(row Row) error {
		var c model.LabelCount
		err := row.Scan(&c.DocID, &c.Annotator, &c.Label, &c.Count)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("label counts: %w", err)
	}
	return out, nil
}

// Progress counts spans by the day (UTC) they were created and documents
// by the day they were marked done.
func Progress(ctx context.Context, q Querier, d Dialect) ([]model.DayCount, error) {
	days := model.DayCounter{}
	count := func(spans bool) func(Row) error {
		return func(row Row) error {
			var day, who string
			var n int
			if err := row.Scan(&day, &who, &n); err != nil {
				return err
			}
			if spans {
				days.Add(day, who, n, 0)
			} else {
				days.Add(day, who, 0, n)
			}
			return nil
		}
	}
	if err := q.QueryEach(ctx, `SELECT `+d.Day(d.CreatedAt)+` AS day, annotator, count(*) FROM annotations GROUP BY day, annotator`, nil, count(true)); err != nil {
		return nil, fmt.Errorf("progress: annotations: %w", err)
	}
	if err := q.QueryEach(ctx, `SELECT `+d.Day("updated_at")+` AS day, annotator, count(*) FROM doc_status WHERE status = 'done' GROUP BY day, annotator`, nil, count(false)); err != nil {
		return nil, fmt.Errorf("progress: statuses: %w", err)
	}
	return days.Days(), nil
}
