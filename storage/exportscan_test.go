package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
)

// scatteredProject has 400 documents imported with four spans each, two
// of them on the same offsets (ordered by id), then annotations added by
// hand so that their rowids are far from their documents' other rows: one
// on every third document (1, 4, 7, ...; the middle ones of the export's
// chunks of 7), last document first (rows outside a chunk's rowid range),
// and 40 on each of documents 40-59 taken in turns (chunks whose rows are
// spread over the table). Document 8 also has two rows added on the same
// offsets, one with a text id, which SQLite orders before a UUID.
func scatteredProject(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, _ := newProject(t)
	docs := make([]model.DocumentImport, 400)
	for i := range docs {
		var anns []model.Annotation
		for j, f := range []model.Fragment{{Start: 9, End: 12}, {Start: 2, End: 6}, {Start: 2, End: 6}, {Start: 2, End: 4}} {
			anns = append(anns, model.Annotation{ID: fmt.Sprintf("d%03d-%d", i, 3-j), Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{f}})
		}
		docs[i] = model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("doc", i), Text: fmt.Sprintf("Document %d: %s", i, article)}, Annotations: anns}
	}
	if _, err := db.Import(ctx, docs, nil, "ana"); err != nil {
		t.Fatal(err)
	}
	list, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var batch []*model.Annotation
	add := func(doc int64, who string, start int) *model.Annotation {
		a := &model.Annotation{DocID: doc, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: start, End: start + 2}}}
		batch = append(batch, a)
		return a
	}
	create := func() {
		if err := db.CreateAnnotations(ctx, batch); err != nil {
			t.Fatal(err)
		}
		batch = nil
	}
	for i := len(list) - 2; i >= 0; i -= 3 {
		add(list[i].ID, "cy", 2)
	}
	create()
	for round := 0; round < 40; round++ {
		for i := 40; i < 60; i++ {
			add(list[i].ID, []string{"ana", "cy"}[round%2], round%7)
		}
		create()
	}
	a := add(list[8].ID, "cy", 30)
	create()
	if _, err := uuid.Parse(a.ID); err != nil {
		t.Fatalf("a new annotation's id %q is not a UUID", a.ID)
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO annotations (id, doc_id, annotator, label, start, end, text, created_at) VALUES ('zz-text', ?, 'cy', 'ACTOR', 30, 32, 'xx', '2026-01-01T00:00:00Z')`, list[8].ID); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestEachDocumentOrdersScatteredRows: however an export's chunks are
// read (one rowid range, a range and the rows outside it, through the
// index, cut in two), every document comes with exactly the annotations
// Annotations gives, in its order (doc_id, start, end, id), full and lean.
func TestEachDocumentOrdersScatteredRows(t *testing.T) {
	ctx := context.Background()
	db := scatteredProject(t)
	defer func(n int) { exportChunkRows = n }(exportChunkRows)
	for _, rows := range []int{1 << 13, 64, 5} { // chunks of 7 documents; the spread ones cut; single documents
		exportChunkRows = rows
		for _, layer := range []string{"", "ana", "cy"} {
			for _, lean := range []bool{false, true} {
				each := db.EachDocument
				if lean {
					each = db.EachDocumentLean
				}
				docs, total := 0, 0
				err := each(ctx, layer, false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
					want, err := db.Annotations(ctx, d.ID, layer)
					if err != nil {
						return err
					}
					if len(anns) != len(want) {
						return fmt.Errorf("document %d: %d annotations, want %d", d.ID, len(anns), len(want))
					}
					for i := range want {
						w := want[i]
						if lean {
							w = leanOf(w)
						}
						if !reflect.DeepEqual(anns[i], w) {
							return fmt.Errorf("document %d, annotation %d:\n got %+v\nwant %+v", d.ID, i, anns[i], w)
						}
					}
					docs++
					total += len(anns)
					return nil
				})
				if err != nil {
					t.Fatalf("%d rows a chunk, layer %q, lean %v: %v", rows, layer, lean, err)
				}
				want := map[string]int{"": 400*4 + 133 + 800 + 2, "ana": 400*4 + 400, "cy": 133 + 400 + 2}[layer]
				if docs != 400 || total != want {
					t.Fatalf("%d rows a chunk, layer %q: %d documents, %d annotations; want 400, %d", rows, layer, docs, total, want)
				}
			}
		}
	}
}

// leanOf is a as a lean walk gives it (EachDocumentLean).
func leanOf(a model.Annotation) model.Annotation {
	a.Text = ""
	a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
	if len(a.Attributes) == 0 {
		a.Attributes = nil
	}
	return a
}

// TestPutUUIDIsUUIDString: the export's id strings are uuid.UUID.String's.
func TestPutUUIDIsUUIDString(t *testing.T) {
	for _, s := range []string{"00000000-0000-0000-0000-000000000000", "0190f3a2-7b4c-7def-8a12-3456789abcde", "ffffffff-ffff-ffff-ffff-ffffffffffff"} {
		u := uuid.MustParse(s)
		k := rowKey{class: classUUID}
		for i := 0; i < 8; i++ {
			k.hi = k.hi<<8 | uint64(u[i])
			k.lo = k.lo<<8 | uint64(u[8+i])
		}
		b := make([]byte, uuidLen)
		putUUID(b, k.hi, k.lo)
		if string(b) != u.String() || uuidOf(k.hi, k.lo) != u.String() {
			t.Errorf("putUUID %q, uuidOf %q, want %q", b, uuidOf(k.hi, k.lo), u.String())
		}
	}
}

// BenchmarkEachDocumentLean is the export's read (EachDocumentLean, as a
// doccano export walks it) of 1,000 articles with 100 spans each: ns/op
// and spans/s for one walk, the project imported once.
func BenchmarkEachDocumentLean(b *testing.B) {
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(b.TempDir(), "p.margin"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, syntheticCorpus(1000, 100), nil, "ana"); err != nil {
		b.Fatal(err)
	}
	for _, layer := range []string{"", "ana"} {
		b.Run("layer="+layer, func(b *testing.B) {
			spans := 0
			for b.Loop() {
				err := db.EachDocumentLean(ctx, layer, false, func(_ *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
					spans += len(anns)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(spans)/b.Elapsed().Seconds(), "spans/s")
		})
	}
}
