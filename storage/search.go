package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/margin-app/margin/model"
)

// Full-text search across documents (issue 15) uses an SQLite FTS5 index,
// doc_search, over documents.text (external content: the text is stored
// once, in documents). FTS5 is compiled into go-sqlite3 only with the
// build tag sqlite_fts5, which the Makefile, .ci and the test harness pass.
//
// The index is the store's to keep: it is built the first time someone
// searches (one transaction), and from then on every document the store
// writes is indexed in the same transaction as the document itself. A
// project that is never searched pays nothing at import. A build without
// FTS5 can neither search nor update the index; when such a build adds a
// document to a project that has one, it marks the index stale in the
// same transaction (project key search_index), and the next search by a
// build with FTS5 rebuilds it. Without FTS5, or on a read-only project
// without an index, search reads every document instead: slower, same
// results.

const searchStaleKey = "search_index"

var (
	fts5Once sync.Once
	fts5On   bool
)

// fts5Available reports whether this build's SQLite has FTS5.
func (s *DB) fts5Available(ctx context.Context) bool {
	fts5Once.Do(func() {
		var on int
		if err := s.db.QueryRowContext(context.Background(), `SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&on); err == nil {
			fts5On = on == 1
		}
	})
	return fts5On
}

// SearchIndexed reports whether searches use the FTS5 index (false: this
// build has no FTS5, or the project is read-only without an index).
func (s *DB) SearchIndexed(ctx context.Context) bool {
	ok, _ := s.searchIndexReady(ctx)
	return ok
}

type execQueryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func hasSearchIndex(ctx context.Context, q execQueryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'doc_search'`).Scan(&n)
	return n > 0, err
}

func searchIndexStale(ctx context.Context, q execQueryer) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM project WHERE key = ?`, searchStaleKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return v == "stale", err
}

// searchIndexReady makes sure the index exists and is current, building
// or rebuilding it in one transaction when the project can be written;
// false when searches must read the documents instead.
func (s *DB) searchIndexReady(ctx context.Context) (bool, error) {
	if !s.fts5Available(ctx) {
		return false, nil
	}
	has, err := hasSearchIndex(ctx, s.db)
	if err != nil {
		return false, err
	}
	stale := false
	if has {
		if stale, err = searchIndexStale(ctx, s.db); err != nil {
			return false, err
		}
	}
	if has && !stale {
		return true, nil
	}
	if s.readOnly {
		return false, nil
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// Again inside the write transaction: another window may have
		// built it meanwhile.
		has, err := hasSearchIndex(ctx, tx)
		if err != nil {
			return err
		}
		if !has {
			if _, err := tx.ExecContext(ctx, `CREATE VIRTUAL TABLE doc_search USING fts5(text, content='documents', content_rowid='id', tokenize='unicode61')`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_search(doc_search) VALUES ('rebuild')`); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM project WHERE key = ?`, searchStaleKey)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("build the search index of %s: %w", s.path, err)
	}
	return true, nil
}

// indexDocument keeps the search index (if the project has one) in step
// with a document just inserted, in the inserting transaction. known
// caches, per transaction, whether the index exists (0 unknown, 1 yes,
// 2 no).
func (s *DB) indexDocument(ctx context.Context, tx *sql.Tx, known *int, id int64, text string) error {
	if *known == 0 {
		has, err := hasSearchIndex(ctx, tx)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		*known = 2
		if has {
			*known = 1
		}
	}
	if *known == 2 {
		return nil
	}
	if !s.fts5Available(ctx) {
		_, err := tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES (?, 'stale') ON CONFLICT(key) DO UPDATE SET value = 'stale'`, searchStaleKey)
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO doc_search (rowid, text) VALUES (?, ?)`, id, text); err != nil {
		return fmt.Errorf("search index: document %d: %w", id, err)
	}
	return nil
}

// ftsPhrase is text as one FTS5 phrase (double quotes doubled), or ""
// when it holds no letter or digit for the tokenizer to find.
func ftsPhrase(text string) string {
	if strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return ""
	}
	return `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
}

// SearchDocuments finds the documents holding text as whole words (any
// case), at most limit of them (0: no limit), in import order, with every
// occurrence. The FTS5 index picks the candidate documents; FindWords
// then finds the occurrences in each one's text, so both paths (index or
// reading every document) give the same hits.
func (s *DB) SearchDocuments(ctx context.Context, text string, limit int) ([]model.SearchHit, error) {
	out := []model.SearchHit{}
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	indexed, err := s.searchIndexReady(ctx)
	if err != nil {
		return nil, err
	}
	query := `SELECT id, name, text FROM documents ORDER BY id`
	var args []any
	if phrase := ftsPhrase(text); indexed && phrase != "" {
		query = `SELECT d.id, d.name, d.text FROM doc_search JOIN documents d ON d.id = doc_search.rowid WHERE doc_search MATCH ? ORDER BY d.id`
		args = []any{phrase}
	}
	errEnough := errors.New("enough")
	err = eachRow(ctx, s.db, query, args, func(rows *sql.Rows) error {
		var h model.SearchHit
		var body string
		if err := rows.Scan(&h.DocID, &h.DocName, &body); err != nil {
			return err
		}
		if h.Matches = model.FindWords(body, text); len(h.Matches) == 0 {
			return nil
		}
		out = append(out, h)
		if limit > 0 && len(out) >= limit {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	return out, nil
}
