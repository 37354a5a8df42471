package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// dialogButton finds the button labelled text in the window's top
// overlay (a dialog), failing when there is none.
func dialogButton(t *testing.T, w *Window, text string) *widget.Button {
	t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog shown (looking for %q)", text)
	}
	var found *widget.Button
	eachObject(top, func(o fyne.CanvasObject) {
		if b := buttonOf(o); b != nil && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	return found
}

// heldMerge sets up a colleague's file (ben's layer, one annotation per
// document) and a Merge hook doing the real merge that stops after the
// first document, inside the merge's transaction, until release is closed
// or the merge is cancelled. entered is closed once it has stopped there.
func heldMerge(t *testing.T, w *Window, db *storage.DB) (benPath string, entered, release chan struct{}) {
	t.Helper()
	ctx := context.Background()
	benPath = filepath.Join(t.TempDir(), "ben.margin")
	ben := demoProject(t, benPath)
	for _, doc := range []int64{1, 2} {
		a := &model.Annotation{DocID: doc, Annotator: "ben", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}
		if err := ben.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
			t.Fatal(err)
		}
	}
	ben.Close()
	entered, release = make(chan struct{}), make(chan struct{})
	first := true
	w.Merge = func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error) {
		o, err := storage.OpenReadOnly(ctx, path)
		if err != nil {
			return nil, err
		}
		defer o.Close()
		return db.MergeProgress(ctx, o, local, func(done, total int) {
			progress(done, total)
			if first {
				first = false
				close(entered)
				select {
				case <-release:
				case <-ctx.Done():
				}
			}
		})
	}
	return benPath, entered, release
}

func bensAnnotations(t *testing.T, db *storage.DB) int {
	t.Helper()
	n := 0
	for _, doc := range []int64{1, 2} {
		anns, err := db.Annotations(context.Background(), doc, "ben")
		if err != nil {
			t.Fatal(err)
		}
		n += len(anns)
	}
	return n
}

func waitClosed(t *testing.T, w *Window) {
	t.Helper()
	select {
	case <-closedChan(w):
	case <-time.After(20 * time.Second):
		t.Fatal("the window did not close")
	}
}

func stillOpen(t *testing.T, w *Window, when string) {
	t.Helper()
	select {
	case <-closedChan(w):
		t.Fatalf("the window closed %s", when)
	default:
	}
}

// TestCloseDuringMergeCancelsAndRollsBack: closing the window while a
// merge runs asks; "Cancel it and close" stops the merge, which leaves
// the project as it was, and only then does the window close.
func TestCloseDuringMergeCancelsAndRollsBack(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	benPath, entered, _ := heldMerge(t, w, db)
	merged := make(chan error, 1)
	w.runMerge(benPath, func(_ *model.MergeReport, err error) { merged <- err })
	<-entered
	w.requestClose()
	stillOpen(t, w, "at once while a merge ran")
	test.Tap(dialogButton(t, w, "Cancel it and close"))
	if err := wait(t, merged); err == nil {
		t.Fatal("the cancelled merge reported success")
	}
	waitClosed(t, w)
	if n := bensAnnotations(t, db); n != 0 {
		t.Fatalf("a cancelled merge left %d of ben's annotations", n)
	}
}

// TestCloseDuringMergeWaitsForIt: "Wait, then close" lets the merge
// finish (all of it is in the project) and closes the window after.
func TestCloseDuringMergeWaitsForIt(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	benPath, entered, release := heldMerge(t, w, db)
	merged := make(chan error, 1)
	w.runMerge(benPath, func(_ *model.MergeReport, err error) { merged <- err })
	<-entered
	w.requestClose()
	test.Tap(dialogButton(t, w, "Wait, then close"))
	stillOpen(t, w, "before the merge had finished")
	close(release)
	if err := wait(t, merged); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, w)
	if n := bensAnnotations(t, db); n != 2 {
		t.Fatalf("the merge waited for left %d of ben's 2 annotations", n)
	}
}

// TestCloseDuringMergeKeepWorking: "Keep working" leaves everything
// running and the window open.
func TestCloseDuringMergeKeepWorking(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	benPath, entered, release := heldMerge(t, w, db)
	merged := make(chan error, 1)
	w.runMerge(benPath, func(_ *model.MergeReport, err error) { merged <- err })
	<-entered
	w.requestClose()
	test.Tap(dialogButton(t, w, "Keep working"))
	close(release)
	if err := wait(t, merged); err != nil {
		t.Fatal(err)
	}
	stillOpen(t, w, "after Keep working")
	if n := bensAnnotations(t, db); n != 2 {
		t.Fatalf("merge left %d of ben's 2 annotations", n)
	}
}

// gatedStore is the project with its document walk held before it hands
// over the first document, until release is closed or the walk is
// cancelled: an export under way (its temporary file created) when the
// user closes the window. Held there, the export makes no UI calls the
// test could race with (the test driver runs fyne.Do on the caller).
type gatedStore struct {
	*storage.DB
	entered, release chan struct{}
	once             sync.Once
}

func (g *gatedStore) EachDocument(ctx context.Context, annotator string, withVerdicts bool,
	fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error {
	return g.DB.EachDocument(ctx, annotator, withVerdicts, func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error {
		g.once.Do(func() {
			close(g.entered)
			select {
			case <-g.release:
			case <-ctx.Done():
			}
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(d, anns, rels, labels, verdicts)
	})
}

// TestCloseDuringExport: closing while an export runs asks; cancelling
// leaves neither the target nor a temporary file, waiting leaves the
// whole export, and the window closes only after either.
func TestCloseDuringExport(t *testing.T) {
	// The export must run beside the test here: held in the store, it
	// makes no UI calls the test could race with.
	inline := goExport
	goExport = func(f func()) { go f() }
	t.Cleanup(func() { goExport = inline })
	for _, cancel := range []bool{true, false} {
		t.Run(map[bool]string{true: "cancel", false: "wait"}[cancel], func(t *testing.T) {
			dir := t.TempDir()
			db := demoProject(t, filepath.Join(dir, "p.margin"))
			defer db.Close()
			g := &gatedStore{DB: db, entered: make(chan struct{}), release: make(chan struct{})}
			w := openWindow(t, g)
			out := filepath.Join(t.TempDir(), "out.jsonl")
			exported := make(chan error, 1)
			w.runExport("jsonl", "", out, "", false, func(_ []string, err error) { exported <- err })
			<-g.entered
			if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.jsonl.*")); len(tmp) != 1 {
				t.Fatalf("the export under way should write a temporary file: %v", tmp)
			}
			w.requestClose()
			stillOpen(t, w, "at once while an export ran")
			if cancel {
				test.Tap(dialogButton(t, w, "Cancel it and close"))
			} else {
				test.Tap(dialogButton(t, w, "Wait, then close"))
				stillOpen(t, w, "before the export had finished")
				close(g.release)
			}
			err := wait(t, exported)
			waitClosed(t, w)
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.jsonl.*"))
			if len(left) != 0 {
				t.Fatalf("temporary files left after closing: %v", left)
			}
			data, statErr := os.ReadFile(out)
			if cancel {
				if err == nil || statErr == nil {
					t.Fatalf("a cancelled export: err %v, target %v", err, statErr)
				}
				return
			}
			if err != nil || strings.Count(string(data), "\n") != 2 {
				t.Fatalf("the export waited for: %v, %d lines", err, strings.Count(string(data), "\n"))
			}
		})
	}
}
