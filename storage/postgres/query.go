package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// pgDialect is this store's annotations table SQL: numbered
// placeholders, id breaks ties, and lower() knows every script.
var pgDialect = storecore.Dialect{
	True:     "true",
	Contains: "strpos(lower(text), lower(?)) > 0",
	Start:    "start_cp",
	Tie:      "id",
	TextKey:  "lower(text)",
	Cols:     annotationCols,
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
	rows, err := s.pool.Query(ctx, `SELECT doc_id, annotator, label, count(*) FROM annotations GROUP BY doc_id, annotator, label ORDER BY doc_id, annotator, label`)
	if err != nil {
		return nil, fmt.Errorf("label counts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (model.LabelCount, error) {
		var c model.LabelCount
		err := row.Scan(&c.DocID, &c.Annotator, &c.Label, &c.Count)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("label counts: %w", err)
	}
	if out == nil {
		out = []model.LabelCount{}
	}
	return out, nil
}

// Progress counts spans by the day (UTC) they were created and documents
// by the day they were marked done.
func (s *DB) Progress(ctx context.Context) ([]model.DayCount, error) {
	days := model.DayCounter{}
	count := func(rows pgx.Rows, spans bool) error {
		defer rows.Close()
		for rows.Next() {
			var day, who string
			var n int
			if err := rows.Scan(&day, &who, &n); err != nil {
				return err
			}
			if spans {
				days.Add(day, who, n, 0)
			} else {
				days.Add(day, who, 0, n)
			}
		}
		return rows.Err()
	}
	rows, err := s.pool.Query(ctx, `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, annotator, count(*) FROM annotations GROUP BY day, annotator`)
	if err == nil {
		err = count(rows, true)
	}
	if err != nil {
		return nil, fmt.Errorf("progress: annotations: %w", err)
	}
	rows, err = s.pool.Query(ctx, `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, annotator, count(*) FROM doc_status WHERE status = 'done' GROUP BY day, annotator`)
	if err == nil {
		err = count(rows, false)
	}
	if err != nil {
		return nil, fmt.Errorf("progress: statuses: %w", err)
	}
	return days.Days(), nil
}
