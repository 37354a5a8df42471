package storage

import (
	"context"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// sqliteDialect is this store's annotations table SQL: rowid breaks
// ties, text sorts without ASCII case, and lower() folds ASCII only.
var sqliteDialect = storecore.Dialect{
	True:      "1",
	Contains:  "instr(lower(text), lower(?)) > 0",
	Start:     "start",
	Tie:       "rowid",
	TextKey:   "text COLLATE NOCASE",
	Cols:      annotationCols,
	CreatedAt: createdAtCol,
	Day:       func(col string) string { return "substr(" + col + ", 1, 10)" },
}

// QueryAnnotations is one page of the annotations table: the filters and
// the order are SQL, so a window shows a million spans a page at a time.
// The default order (document, annotator, position) is the order of the
// annotations_doc index, so a page is read without sorting; the others
// sort (SQLite keeps only offset+limit rows while it does). The text
// filter is a substring match; SQLite's lower() folds ASCII letters only.
func (s *DB) QueryAnnotations(ctx context.Context, q model.AnnotationQuery) (*model.AnnotationPage, error) {
	var memo timeMemo
	return storecore.QueryAnnotations(ctx, sqlQuerier{s.db}, sqliteDialect, q, func(row storecore.Row, r *model.AnnotationRow) (err error) {
		r.Annotation, err = scanAnnotationMemo(docNameScanner{row, &r.DocName}, &memo)
		return err
	})
}

// docNameScanner scans an annotation row followed by its document's name.
type docNameScanner struct {
	rows storecore.Row
	name *string
}

func (d docNameScanner) Scan(dest ...any) error { return d.rows.Scan(append(dest, d.name)...) }

// LabelCounts counts spans per document, annotator and label.
func (s *DB) LabelCounts(ctx context.Context) ([]model.LabelCount, error) {
	return storecore.LabelCounts(ctx, sqlQuerier{s.db})
}

// Progress counts spans by the day they were created (an imported span's
// day is its import's) and documents by the day they were marked done.
func (s *DB) Progress(ctx context.Context) ([]model.DayCount, error) {
	return storecore.Progress(ctx, sqlQuerier{s.db}, sqliteDialect)
}
