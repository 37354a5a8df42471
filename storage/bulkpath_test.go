package storage

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// TestEachDocumentGivesEachImportItsTime: the export's reader resolves
// the creation time of bulk-imported annotations in Go, once per import
// history row (histTimes), instead of per row in SQL; it must give the
// same times as Annotations, which still resolves them in SQL, for
// annotations of several imports made at different times, interleaved
// across documents and both reading connections, and for an annotation
// created by hand.
func TestEachDocumentGivesEachImportItsTime(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	t1 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return t1 }
	if _, err := db.Import(ctx, bulkDocs(3, 4), nil, "ana"); err != nil {
		t.Fatal(err)
	}
	// A second import at another time adds annotations to the same
	// documents (their texts are reused) and a new document.
	t2 := t1.Add(90 * time.Minute)
	db.now = func() time.Time { return t2 }
	second := bulkDocs(3, 0)
	for i := range second {
		second[i].Annotations = []model.Annotation{{ID: fmt.Sprintf("late-%d", i), Annotator: "cy", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}}
	}
	second = append(second, model.DocumentImport{Doc: model.NewDocument{Name: "new", Text: "A fourth document."},
		Annotations: []model.Annotation{{ID: "new-1", Annotator: "cy", Label: "ACTOR", Fragments: []model.Fragment{{Start: 2, End: 8}}}}})
	if _, err := db.Import(ctx, second, nil, "cy"); err != nil {
		t.Fatal(err)
	}
	t3 := t2.Add(time.Hour)
	db.now = func() time.Time { return t3 }
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byHand := &model.Annotation{DocID: docs[1].ID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 1, End: 3}}}
	if err := db.CreateAnnotations(ctx, []*model.Annotation{byHand}); err != nil {
		t.Fatal(err)
	}

	times := map[time.Time]int{}
	seen := 0
	err = db.EachDocument(ctx, "", false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
		want, err := db.Annotations(ctx, d.ID, "")
		if err != nil {
			return err
		}
		if len(anns) != len(want) {
			return fmt.Errorf("document %d: %d annotations, Annotations gives %d", d.ID, len(anns), len(want))
		}
		for i := range anns {
			if anns[i].ID != want[i].ID || !anns[i].CreatedAt.Equal(want[i].CreatedAt) || !anns[i].UpdatedAt.Equal(want[i].UpdatedAt) {
				return fmt.Errorf("document %d: %s created %v updated %v; Annotations: %s created %v updated %v", d.ID,
					anns[i].ID, anns[i].CreatedAt, anns[i].UpdatedAt, want[i].ID, want[i].CreatedAt, want[i].UpdatedAt)
			}
			times[anns[i].CreatedAt]++
			seen++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// bulkDocs' document 0 has two more annotations, by bo.
	if seen != 3*4+2+3+1+1 || times[t1] != 3*4+2 || times[t2] != 4 || times[t3] != 1 {
		t.Fatalf("%d annotations, by creation time %v", seen, times)
	}
	// One layer: the reader does not read the annotator column then.
	seen = 0
	err = db.EachDocument(ctx, "cy", false, func(d *model.Document, anns []model.Annotation, _ []model.Relation, _ []model.DocLabel, _ []model.Verdict) error {
		want, err := db.Annotations(ctx, d.ID, "cy")
		if err != nil {
			return err
		}
		for i, a := range anns {
			if i >= len(want) || a.ID != want[i].ID || a.Annotator != "cy" || !a.CreatedAt.Equal(t2) {
				return fmt.Errorf("document %d: %s by %q created %v", d.ID, a.ID, a.Annotator, a.CreatedAt)
			}
			seen++
		}
		return nil
	})
	if err != nil || seen != 4 {
		t.Fatalf("layer cy: %d annotations (%v)", seen, err)
	}
}

// TestBulkPathsLeaveALockedThread: the command line calls ImportStream and
// EachDocument on its main goroutine, which Fyne's driver locks to the
// main OS thread; every time a locked goroutine blocks and wakes on a
// channel the runtime switches OS threads twice. The bulk paths therefore
// run their loops on goroutines of their own: here, the schema growth
// (called by ImportStream's writer) and fn (called by EachDocument's loop)
// must not run on the locked caller's thread.
func TestBulkPathsLeaveALockedThread(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	done := make(chan struct{})
	var caller, writer, exporter int
	var err error
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		caller = syscall.Gettid()
		_, err = db.ImportStream(ctx, func(put func(*model.DocumentImport) error) error {
			for _, d := range bulkDocs(2, 3) {
				if err := put(&d); err != nil {
					return err
				}
			}
			return nil
		}, func(*model.Schema) (*model.Schema, error) {
			writer = syscall.Gettid()
			return nil, nil
		}, "ana")
		if err != nil {
			return
		}
		err = db.EachDocument(ctx, "", false, func(*model.Document, []model.Annotation, []model.Relation, []model.DocLabel, []model.Verdict) error {
			exporter = syscall.Gettid()
			return nil
		})
	}()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if writer == 0 || exporter == 0 {
		t.Fatalf("callbacks not called (writer thread %d, export thread %d)", writer, exporter)
	}
	if writer == caller || exporter == caller {
		t.Fatalf("caller locked to thread %d; import writer ran on %d, export loop on %d", caller, writer, exporter)
	}
}
