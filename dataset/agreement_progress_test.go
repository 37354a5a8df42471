package dataset

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func agreementFixture(t *testing.T, docs int) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var in []model.DocumentImport
	for i := 0; i < docs; i++ {
		var anns []model.Annotation
		for _, who := range []string{"ana", "ben"} {
			anns = append(anns, model.Annotation{Annotator: who, Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}})
		}
		in = append(in, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: fmt.Sprintf("Kyiv said %d times", i)}, Annotations: anns})
	}
	if _, err := db.Import(ctx, in, nil, "ana"); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestAgreementReportsProgressAndStops: Progress sees every document, the
// last call being total of total; cancelling from it ends the measuring
// with context.Canceled.
func TestAgreementReportsProgressAndStops(t *testing.T) {
	db := agreementFixture(t, 5)
	var calls, last, total int
	sum, err := Agreement(context.Background(), db, AgreementOptions{Progress: func(done, all int) {
		calls, last, total = calls+1, done, all
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 5 || calls != 5 || last != 5 || total != 5 {
		t.Fatalf("%d documents measured; progress: %d calls, last %d of %d", sum.Documents, calls, last, total)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = Agreement(ctx, db, AgreementOptions{Progress: func(done, _ int) {
		if done == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled agreement: %v, want context.Canceled", err)
	}
}
