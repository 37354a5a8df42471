package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// pgDialect is this store's annotations table SQL: numbered
// placeholders, id breaks ties, and lower() knows every script.
var pgDialect = storecore.Dialect{
	True:      "true",
	Contains:  "strpos(lower(text), lower(?)) > 0",
	Start:     "start_cp",
	Tie:       "id",
	TextKey:   "lower(text)",
	Cols:      annotationCols,
	CreatedAt: "created_at",
	Day:       func(col string) string { return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')" },
}

// QueryAnnotations is one page of the annotations table (see the SQLite
// store); the text filter folds case with PostgreSQL's lower(), which
// knows every script.
func (s *DB) QueryAnnotations(ctx context.Context, q model.AnnotationQuery) (*model.AnnotationPage, error) {
	return storecore.QueryAnnotations(ctx, pgQuerier{s.pool}, pgDialect, q, func(row storecore.Row, r *model.AnnotationRow) (err error) {
		r.Annotation, err = scanAnnotation(docNameRow{row, &r.DocName})
		return err
	})
}

// docNameRow scans an annotation row followed by its document's name.
type docNameRow struct {
	rows storecore.Row
	name *string
}

func (d docNameRow) Scan(dest ...any) error { return d.rows.Scan(append(dest, d.name)...) }

// SearchDocuments finds the documents holding text as whole words (see
// the SQLite store): strpos over lower() picks the candidates, FindWords
// the occurrences.
func (s *DB) SearchDocuments(ctx context.Context, text string, limit int) ([]model.SearchHit, error) {
	out := []model.SearchHit{}
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT id, name, text FROM documents WHERE strpos(lower(text), lower($1)) > 0 ORDER BY id`, text)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, body string
		if err := rows.Scan(&id, &name, &body); err != nil {
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		if h := model.NewSearchHit(id, name, body, text); h != nil {
			out = append(out, *h)
			if limit > 0 && len(out) >= limit {
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	return out, nil
}

// LabelCounts counts spans per document, annotator and label.
func (s *DB) LabelCounts(ctx context.Context) ([]model.LabelCount, error) {
	return storecore.LabelCounts(ctx, pgQuerier{s.pool})
}

// Progress counts spans by the day (UTC) they were created and documents
// by the day they were marked done.
func (s *DB) Progress(ctx context.Context) ([]model.DayCount, error) {
	return storecore.Progress(ctx, pgQuerier{s.pool}, pgDialect)
}
