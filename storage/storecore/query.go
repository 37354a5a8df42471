package storecore

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// Dialect is how a store's SQL differs where the annotations table's
// query is built.
type Dialect struct {
	// True is the always-true condition the filters are appended to.
	True string
	// Param is the placeholder of the nth argument (1-based).
	Param func(n int) string
	// Contains is the substring test of the text column, %s the
	// placeholder of the (lower-cased by SQL) needle.
	Contains string
	// Start is the start offset column, Tie the column that orders rows
	// equal in everything else, TextKey the text column's sort key.
	Start, Tie, TextKey string
	// Cols is the annotation columns a store's row scanner reads.
	Cols string
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
		where += ` AND ` + fmt.Sprintf(cond, d.Param(len(args)))
	}
	if q.Label != "" {
		add(`label = %s`, q.Label)
	}
	if q.Annotator != "" {
		add(`annotator = %s`, q.Annotator)
	}
	if q.DocID != 0 {
		add(`doc_id = %s`, q.DocID)
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
		` ORDER BY ` + strings.Join(keys, ", ") + ` LIMIT ` + d.Param(len(args)-1) + ` OFFSET ` + d.Param(len(args))
	return count, countArgs, page, args
}
