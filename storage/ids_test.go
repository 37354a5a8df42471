package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
)

func TestIDKeyRoundTripsExactly(t *testing.T) {
	for i := 0; i < 1000; i++ {
		id := newID()
		b, ok := idKey(id).([]byte)
		if !ok || len(b) != 16 {
			t.Fatalf("%s: stored as %T", id, idKey(id))
		}
		var back string
		if err := (scanID{&back}).Scan(b); err != nil || back != id {
			t.Fatalf("%s came back as %q (%v)", id, back, err)
		}
	}
	// Anything that would not come back byte for byte stays text.
	for _, id := range []string{"", "T1", "d0-a000", "01A21AEF-B983-74DE-802A-77F594DF4E63", "{01a21aef-b983-74de-802a-77f594df4e63}",
		"01a21aefb98374de802a77f594df4e63", "01a21aef-b983-74de-802a-77f594df4e6g", "01a21aef+b983-74de-802a-77f594df4e63", "01a21aef-b983-74de-802a-77f594df4é3"} {
		if s, ok := idKey(id).(string); !ok || s != id {
			t.Errorf("%q stored as %#v, want the text", id, idKey(id))
		}
	}
	var got string
	if err := (scanID{&got}).Scan([]byte{1, 2, 3}); err == nil {
		t.Error("a 3-byte id was read without complaint")
	}
}

// makeFormat2 writes a project of file format 2 (annotation ids as text)
// at path, as the Margin before migration 003 did: a document, annotations
// a and b (canonical UUIDs), "T1" and an upper-case UUID, and relations
// b -> a and T1 -> a.
func makeFormat2(t *testing.T, path string) (a, b, upper string) {
	t.Helper()
	ctx := context.Background()
	v2 := fstest.MapFS{}
	for _, name := range []string{"001_init.sql", "002_verdicts.sql"} {
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		v2["migrations/"+name] = &fstest.MapFile{Data: b}
	}
	current := migrations
	migrations = v2
	defer func() { migrations = current }()

	old, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	a, b, upper = uuid.NewString(), uuid.NewString(), "01A21AEF-B983-74DE-802A-77F594DF4E63"
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO documents (id, name, text, sha256, length, created_at) VALUES (1, 'd', 'Kyiv said a ceasefire', ?, 21, '2026-01-01T00:00:00Z')`, []any{model.TextSHA256("Kyiv said a ceasefire")}},
		{`INSERT INTO annotators (name, created_at) VALUES ('ana', '')`, nil},
		{`INSERT INTO annotations (id, doc_id, annotator, label, start, end, text, created_at) VALUES (?, 1, 'ana', 'ACTOR', 0, 4, 'Kyiv', '2026-01-01T00:00:00Z')`, []any{a}},
		{`INSERT INTO annotations (id, doc_id, annotator, label, start, end, text, created_at) VALUES (?, 1, 'ana', 'CLAIM', 5, 9, 'said', '2026-01-01T00:00:00Z')`, []any{b}},
		{`INSERT INTO annotations (id, doc_id, annotator, label, start, end, text, created_at) VALUES ('T1', 1, 'ana', 'CLAIM', 12, 21, 'ceasefire', '2026-01-01T00:00:00Z')`, nil},
		{`INSERT INTO annotations (id, doc_id, annotator, label, start, end, text, created_at) VALUES (?, 1, 'ana', 'CLAIM', 10, 11, 'a', '2026-01-01T00:00:00Z')`, []any{upper}},
		{`INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES ('r1', 1, 'ana', 'claimed_by', ?, ?, '2026-01-01T00:00:00Z')`, []any{b, a}},
		{`INSERT INTO relations (id, doc_id, annotator, type, from_id, to_id, created_at) VALUES ('r2', 1, 'ana', 'claimed_by', 'T1', ?, '2026-01-01T00:00:00Z')`, []any{a}},
	} {
		if _, err := old.db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return a, b, upper
}

// TestMigrationToCompactIDs: a project of file format 2 (ids as text)
// opens with every id, relation and cascade intact, canonical UUIDs now
// stored as 16 bytes and other ids as they were.
func TestMigrationToCompactIDs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.margin")
	a, b, upper := makeFormat2(t, path)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	types := map[string]string{}
	rows, err := db.db.QueryContext(ctx, `SELECT label || start, typeof(id) FROM annotations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k, v string
		rows.Scan(&k, &v)
		types[k] = v
	}
	rows.Close()
	if want := map[string]string{"ACTOR0": "blob", "CLAIM5": "blob", "CLAIM12": "text", "CLAIM10": "text"}; len(types) != 4 ||
		types["ACTOR0"] != want["ACTOR0"] || types["CLAIM5"] != want["CLAIM5"] || types["CLAIM12"] != want["CLAIM12"] || types["CLAIM10"] != want["CLAIM10"] {
		t.Fatalf("stored id types %v, want %v", types, want)
	}
	anns, err := db.Annotations(ctx, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, x := range anns {
		ids[x.ID] = true
	}
	for _, id := range []string{a, b, "T1", upper} {
		if !ids[id] {
			t.Errorf("id %s lost in the migration (have %v)", id, ids)
		}
	}
	if got, err := db.Annotation(ctx, a); err != nil || got.Text != "Kyiv" {
		t.Fatalf("Annotation(%s) = %v, %v", a, got, err)
	}
	rels, err := db.Relations(ctx, 1)
	if err != nil || len(rels) != 2 {
		t.Fatalf("relations %v, %v", rels, err)
	}
	for _, r := range rels {
		switch r.ID {
		case "r1":
			if r.From != b || r.To != a {
				t.Errorf("r1 %s -> %s, want %s -> %s", r.From, r.To, b, a)
			}
		case "r2":
			if r.From != "T1" || r.To != a {
				t.Errorf("r2 %s -> %s, want T1 -> %s", r.From, r.To, a)
			}
		}
	}
	// The foreign keys still hold: deleting the target of both relations
	// takes them with it, and a relation to a missing span is refused.
	if err := db.DeleteAnnotation(ctx, a, "ana"); err != nil {
		t.Fatal(err)
	}
	if rels, _ := db.Relations(ctx, 1); len(rels) != 0 {
		t.Fatalf("relations of a deleted annotation remain: %v", rels)
	}
	if err := db.CreateRelation(ctx, &model.Relation{DocID: 1, Annotator: "ana", Type: "claimed_by", From: b, To: uuid.NewString()}); err == nil {
		t.Fatal("a relation to a missing annotation was stored")
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("check after migration: %v %v", problems, err)
	}
}

// TestMergeReadsAFormat2FileWithoutChangingIt: a colleague still on the
// Margin before migration 003 sends a format-2 file; merging it reads it
// as it is (ids as text) and leaves it byte for byte unchanged.
func TestMergeReadsAFormat2FileWithoutChangingIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	colleague := filepath.Join(dir, "colleague.margin")
	a, b, _ := makeFormat2(t, colleague)
	before, err := os.ReadFile(colleague)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Create(ctx, filepath.Join(dir, "mine.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := OpenReadOnly(ctx, colleague)
	if err != nil {
		t.Fatalf("open a format-2 file for merging: %v", err)
	}
	if _, err := db.Merge(ctx, other, "me"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	got, err := db.Annotation(ctx, a)
	if err != nil || got.Text != "Kyiv" {
		t.Fatalf("merged annotation %s: %v, %v", a, got, err)
	}
	rels, err := db.Relations(ctx, got.DocID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rels {
		found = found || (r.From == b && r.To == a)
	}
	if !found {
		t.Fatalf("relation %s -> %s not merged: %v", b, a, rels)
	}
	var typ string
	if err := db.db.QueryRowContext(ctx, `SELECT typeof(id) FROM annotations WHERE label = 'ACTOR'`).Scan(&typ); err != nil || typ != "blob" {
		t.Fatalf("merged id stored as %q (%v), want blob", typ, err)
	}
	// Read by id too, as it is: ids there are still text.
	if got, err := other2(t, colleague).Annotation(ctx, a); err != nil || got.Text != "Kyiv" {
		t.Fatalf("Annotation(%s) in the format-2 file: %v, %v", a, got, err)
	}
	after, err := os.ReadFile(colleague)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Fatal("merging changed the colleague's file")
	}
}

// other2 opens path read-only for the rest of the test.
func other2(t *testing.T, path string) *DB {
	t.Helper()
	db, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
