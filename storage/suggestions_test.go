package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/margin-app/margin/model"
)

// The behaviour of suggestions both stores share is tested by the shared
// suite (storetest/suggestions.go); here what only a project file has.

func TestSuggestModelsVersionedAndOldFileMigrates(t *testing.T) {
	ctx := context.Background()
	db, path := newProject(t)
	if _, err := db.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("no model yet: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := db.SaveModel(ctx, &model.RecommenderModel{Recommender: "tagger", Kind: "tagger", Data: []byte{byte(i), 0, 1}}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := db.LatestModel(ctx, "tagger")
	if err != nil || m.Version != 2 || m.Data[0] != 1 {
		t.Fatalf("latest = %+v, %v", m, err)
	}
	// A file of format 3 (before suggestions): drop the tables and the
	// version, as Margin before issue 16 wrote it; it must open and migrate.
	for _, q := range []string{"DROP TABLE suggestions", "DROP TABLE suggestion_decisions", "DROP TABLE annotation_origins", "DROP TABLE recommender_models", "DROP TABLE recommender_settings", "PRAGMA user_version = 3"} {
		if _, err := db.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	old, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, err := old.LatestModel(ctx, "tagger"); !errors.Is(err, model.ErrNoModel) {
		t.Fatalf("migrated file: %v", err)
	}
	if err := old.SetRecommenderSettings(ctx, model.RecommenderSettings{Name: "tagger", Threshold: 0.7}); err != nil {
		t.Fatal(err)
	}
	if st, _ := old.RecommenderSettings(ctx, "tagger"); st.Threshold != 0.7 || st.Enabled {
		t.Fatalf("settings = %+v", st)
	}
}
