package storage

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// chunkedProject is a project of 200 documents (so the export reader cuts
// them into chunks of several documents each), every fifth without
// annotations, document 0 with bo's two-fragment annotation carrying an
// attribute and a note, and one annotation by hand with an id that is
// not a UUID.
func chunkedProject(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, _ := newProject(t)
	docs := bulkDocs(200, 3)
	for i := range docs {
		if i%5 == 4 {
			docs[i].Annotations = nil
		}
	}
	if _, err := db.Import(ctx, docs, nil, "ana"); err != nil {
		t.Fatal(err)
	}
	list, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byHand := &model.Annotation{DocID: list[7].ID, Annotator: "cy", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 2}}, Note: "by hand"}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{byHand}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestEachDocumentReadsEveryChunkInOrder: the export's readers split the
// documents into chunks of consecutive ids; every document comes once, in
// id order, with exactly the annotations Annotations gives, field for
// field, for every layer and for one.
func TestEachDocumentReadsEveryChunkInOrder(t *testing.T) {
	ctx := context.Background()
	db := chunkedProject(t)
	for _, layer := range []string{"", "ana", "cy"} {
		var prev int64
		docs, total := 0, 0
		err := db.EachDocument(ctx, layer, false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
			if d.ID <= prev {
				return fmt.Errorf("document %d after %d", d.ID, prev)
			}
			prev = d.ID
			want, err := db.Annotations(ctx, d.ID, layer)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(anns, want) {
				return fmt.Errorf("document %d, layer %q:\n got %+v\nwant %+v", d.ID, layer, anns, want)
			}
			docs++
			total += len(anns)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"": 160*3 + 2 + 1, "ana": 160 * 3, "cy": 1}[layer]
		if docs != 200 || total != want {
			t.Fatalf("layer %q: %d documents, %d annotations; want 200, %d", layer, docs, total, want)
		}
	}
}

// TestEachDocumentLeanLeavesOutOnlyTextAndTimes: a lean walk gives the
// same annotations as the full one except for the covered text and the
// timestamps, and no attributes map where there are none.
func TestEachDocumentLeanLeavesOutOnlyTextAndTimes(t *testing.T) {
	ctx := context.Background()
	db := chunkedProject(t)
	for _, layer := range []string{"", "ana", "cy"} {
		full := map[int64][]model.Annotation{}
		err := db.EachDocument(ctx, layer, false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
			full[d.ID] = anns
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		docs, withAttrs := 0, 0
		err = db.EachDocumentLean(ctx, layer, false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
			docs++
			want := full[d.ID]
			if len(anns) != len(want) {
				return fmt.Errorf("document %d: %d annotations, the full walk %d", d.ID, len(anns), len(want))
			}
			for i, a := range anns {
				if a.Text != "" || !a.CreatedAt.IsZero() || !a.UpdatedAt.IsZero() {
					return fmt.Errorf("lean %s: text %q, times %v %v", a.ID, a.Text, a.CreatedAt, a.UpdatedAt)
				}
				if len(want[i].Attributes) == 0 && a.Attributes != nil {
					return fmt.Errorf("lean %s: attributes %v where there are none", a.ID, a.Attributes)
				}
				if len(a.Attributes) > 0 {
					withAttrs++
				}
				w := want[i]
				w.Text, w.CreatedAt, w.UpdatedAt = "", time.Time{}, time.Time{}
				if len(w.Attributes) == 0 {
					w.Attributes = nil
				}
				if !reflect.DeepEqual(a, w) {
					return fmt.Errorf("document %d, layer %q:\n lean %+v\n full %+v", d.ID, layer, a, w)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if docs != 200 || (layer == "" && withAttrs != 1) {
			t.Fatalf("layer %q: %d documents, %d with attributes", layer, docs, withAttrs)
		}
	}
}

// TestChunkOf: a document belongs to the last chunk starting at or before
// it; ids below the first chunk's start go to the first, ids past the
// last start (documents added after the chunks were cut) to the last.
func TestChunkOf(t *testing.T) {
	r := &annotationReader{starts: []int64{math.MinInt64, 10, 20}}
	for doc, want := range map[int64]int{-5: 0, 1: 0, 9: 0, 10: 1, 19: 1, 20: 2, 1 << 40: 2} {
		if got := r.chunkOf(doc); got != want {
			t.Errorf("chunkOf(%d) = %d, want %d", doc, got, want)
		}
	}
}

// TestFragBlockSlicesDoNotShareAppends: the one-fragment slices cut from
// a shared block have their capacity cut, so appending to one (a format
// adding a fragment) cannot overwrite the next annotation's.
func TestFragBlockSlicesDoNotShareAppends(t *testing.T) {
	var b fragBlock
	x := b.one(1, 2)
	y := b.one(3, 4)
	x = append(x, model.Fragment{Start: 5, End: 6})
	if y[0] != (model.Fragment{Start: 3, End: 4}) || len(x) != 2 {
		t.Fatalf("x %v, y %v", x, y)
	}
}
