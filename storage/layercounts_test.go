package storage

import (
	"context"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestLayerCountsCountOneLayer: each document's count is that of the
// layer asked for, whatever the other layers hold.
func TestLayerCountsCountOneLayer(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	d1 := importDoc(t, db, "Ceasefire talks resumed in Doha on Monday.")
	d2 := importDoc(t, db, "Kyiv said the truce holds.")
	var as []*model.Annotation
	add := func(doc int64, who string, n int) {
		for i := 0; i < n; i++ {
			as = append(as, &model.Annotation{DocID: doc, Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: i, End: i + 3}}})
		}
	}
	add(d1, "ana", 3)
	add(d1, "ben", 5)
	add(d2, "ben", 2)
	if err := db.CreateAnnotations(ctx, as); err != nil {
		t.Fatal(err)
	}
	got, err := db.LayerCounts(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[d1] != 3 {
		t.Fatalf("ana's counts %v, want {%d: 3}", got, d1)
	}
	if got, _ := db.LayerCounts(ctx, "ben"); got[d1] != 5 || got[d2] != 2 {
		t.Fatalf("ben's counts %v", got)
	}
}
