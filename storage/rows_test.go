package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
)

// TestEachRowReportsAFailureAfterTheFirstRows: SQLite can fail on any
// step, not only the first; a loop that stops there must return the error
// rather than the rows read so far.
func TestEachRowReportsAFailureAfterTheFirstRows(t *testing.T) {
	db, _ := newProject(t)
	var got []int64
	// abs() of the smallest integer fails with "integer overflow" when
	// the third row is stepped to.
	err := eachRow(context.Background(), db.db, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5)
		SELECT CASE WHEN x = 3 THEN abs(-9223372036854775807 - 1) ELSE x END FROM c`, nil, func(rows *sql.Rows) error {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return err
		}
		got = append(got, v)
		return nil
	})
	if err == nil {
		t.Fatalf("eachRow returned no error after reading %v", got)
	}
	if len(got) != 2 {
		t.Fatalf("read %v before the failure, want the two rows before it", got)
	}
}

// TestCheckFailsWhenTheForeignKeyCheckFailsPartWay: the foreign-key check
// finds a dangling relation (its document, annotator and annotations are
// missing) and then, looking its annotator up, reads a damaged page of the
// annotators' key index. Check used to stop there without looking at
// rows.Err, so 'margin check' listed two of the four problems as if the
// check had been complete.
func TestCheckFailsWhenTheForeignKeyCheckFailsPartWay(t *testing.T) {
	db, path := newProject(t)
	importDoc(t, db, article)
	ctx := context.Background()
	conn, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES ('r1', 999, 'nobody', 'T', 'a', 'b', '')`,
		`PRAGMA foreign_keys = ON`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	var root, pageSize int64
	if err := db.db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_annotators_1'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	db.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	if _, err := db.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// An invalid b-tree page type on the index's root page.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff}, (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	problems, err := db2.Check(ctx)
	if err == nil {
		t.Fatalf("Check returned no error, problems %q", problems)
	}
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("Check: %v, want ErrDamaged", err)
	}
}
