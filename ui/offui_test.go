package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// busyStore is a project whose reads and schema changes wait while the
// gate is held, as a store stuck behind another process's write (SQLite's
// 5 s busy timeout) or a slow network store would: a window call that
// makes such a store call on the UI goroutine hangs with it.
type busyStore struct {
	model.Store
	mu   sync.Mutex
	gate chan struct{}
	// only, when set, is the one method that waits (the others answer).
	only string
}

func (g *busyStore) hold() {
	g.mu.Lock()
	g.gate = make(chan struct{})
	g.mu.Unlock()
}

func (g *busyStore) release() {
	g.mu.Lock()
	if g.gate != nil {
		close(g.gate)
		g.gate = nil
	}
	g.mu.Unlock()
}

func (g *busyStore) wait(method string) {
	g.mu.Lock()
	ch := g.gate
	if g.only != "" && g.only != method {
		ch = nil
	}
	g.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

func (g *busyStore) Schema(ctx context.Context) (*model.Schema, error) {
	g.wait("Schema")
	return g.Store.Schema(ctx)
}

func (g *busyStore) ChangeSchema(ctx context.Context, s *model.Schema, by string, renames map[string]string, force bool) (*model.SchemaChange, error) {
	g.wait("ChangeSchema")
	return g.Store.ChangeSchema(ctx, s, by, renames, force)
}

func (g *busyStore) Documents(ctx context.Context) ([]model.DocumentSummary, error) {
	g.wait("Documents")
	return g.Store.Documents(ctx)
}

func (g *busyStore) Statuses(ctx context.Context) (map[int64]map[string]model.Status, error) {
	g.wait("Statuses")
	return g.Store.Statuses(ctx)
}

func (g *busyStore) Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error) {
	g.wait("Annotations")
	return g.Store.Annotations(ctx, docID, annotator)
}

func (g *busyStore) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	g.wait("CreateAnnotations")
	return g.Store.CreateAnnotations(ctx, as)
}

func (g *busyStore) Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error) {
	g.wait("Verdicts")
	return g.Store.Verdicts(ctx, docID)
}

// busyProject is the demo project behind a busyStore, with the edit
// controller of the windows opened on it posting to q (as fyne.Do does in
// the app).
func busyProject(t *testing.T) (*busyStore, *storage.DB, uiQueue) {
	t.Helper()
	q := make(uiQueue, 256)
	postEdits = q.post
	t.Cleanup(func() { postEdits = nil })
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	t.Cleanup(func() { db.Close() })
	g := &busyStore{Store: db}
	t.Cleanup(g.release)
	return g, db, q
}

// busyWindow opens a window on busyProject, settled.
func busyWindow(t *testing.T) (*Window, *busyStore, *storage.DB, uiQueue) {
	t.Helper()
	g, db, q := busyProject(t)
	w := openWindow(t, g)
	q.settle(t, w)
	if w.CurrentDocument() == nil {
		t.Fatal("no document shown")
	}
	return w, g, db, q
}

// answers runs a window call the way the UI goroutine would while the
// store is held (returns fails if it does not return: the window would
// have been frozen until the store answered, as before issue 14's change).
func answers(t *testing.T, g *busyStore, what string, call func()) {
	t.Helper()
	g.hold()
	returns(t, g, what, call)
}

// returns fails if call does not return within 2 s, releasing the store.
func returns(t *testing.T, g *busyStore, what string, call func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		call()
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		g.release()
		<-done
		t.Fatalf("%s waited for the store on the UI goroutine", what)
	}
}

// runPosted runs what the edit queue posts back to the UI goroutine for
// d; each must return (not wait for the store).
func runPosted(t *testing.T, g *busyStore, q uiQueue, d time.Duration) {
	t.Helper()
	end := time.After(d)
	for {
		select {
		case f := <-q:
			returns(t, g, "a result posted to the UI goroutine", f)
		case <-end:
			return
		}
	}
}

// Load reads the schema (and the list) in the edit queue: the window
// is put on screen while the store is busy.
func TestLoadDoesNotWaitForTheStore(t *testing.T) {
	g, _, q := busyProject(t)
	var w *Window
	answers(t, g, "Load", func() { w = openWindow(t, g) })
	if len(w.schema.Labels) != 0 {
		t.Fatal("the schema is shown before it was read")
	}
	g.release()
	q.settle(t, w)
	if len(w.schema.Labels) == 0 || len(w.docs) != 2 || w.CurrentDocument() == nil {
		t.Fatalf("after the reads: %d labels, %d documents, document %v", len(w.schema.Labels), len(w.docs), w.CurrentDocument())
	}
}

// After an import or a merge the schema and the list are read again off
// the UI goroutine, and shown once read.
func TestReloadAfterBulkDoesNotWaitForTheStore(t *testing.T) {
	w, g, db, q := busyWindow(t)
	ctx := context.Background()
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "third", Text: "A third text."}}}); err != nil {
		t.Fatal(err)
	}
	answers(t, g, "the reload after an import", w.reloadAfterBulk)
	if len(w.docs) != 2 {
		t.Fatal("the list changed before it was read")
	}
	g.release()
	q.settle(t, w)
	if len(w.docs) != 3 || w.docs[2].Name != "third" {
		t.Fatalf("the list after the reload: %+v", w.docs)
	}
}

// A change made elsewhere (another window, a command) is read back off
// the UI goroutine. The same read serves a bulk undo (readBack).
func TestExternalReloadDoesNotWaitForTheStore(t *testing.T) {
	w, g, db, q := busyWindow(t)
	ctx := context.Background()
	sc, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = append(sc.Labels, model.Label{Name: "ELSEWHERE", Color: "#123456"})
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	answers(t, g, "the reload after a change elsewhere", w.reloadFromStore)
	g.release()
	q.settle(t, w)
	if _, ok := w.schema.Label("ELSEWHERE"); !ok {
		t.Fatal("the schema changed elsewhere is not shown after the reload")
	}
}

// Comparing reads every layer and the verdicts off the UI goroutine; the
// overlays show once read.
func TestCompareDoesNotWaitForTheStore(t *testing.T) {
	w, g, db, q := busyWindow(t)
	ctx := context.Background()
	s, e := span(w.doc.Text, phrase)
	for _, who := range []string{"ana", "ben"} {
		if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: w.doc.ID, Annotator: who, Label: "CEASEFIRE_TERM",
			Fragments: []model.Fragment{{Start: s, End: e}}}}); err != nil {
			t.Fatal(err)
		}
	}
	// Only the verdicts wait: the layers are read, and what the queue
	// posts back must not read the verdicts on the UI goroutine.
	g.mu.Lock()
	g.only = "Verdicts"
	g.mu.Unlock()
	answers(t, g, "switching to compare", func() { w.setMode(modeCompare) })
	runPosted(t, g, q, 500*time.Millisecond)
	g.release()
	q.settle(t, w)
	if len(w.review.clusters) != 1 || !strings.Contains(w.review.summary.Text, "1") {
		t.Fatalf("compare after the reads: %d clusters, summary %q", len(w.review.clusters), w.review.summary.Text)
	}
}

// The schema editor's save waits in the edit queue, not on the UI
// goroutine; the editor hears the answer through done.
func TestSchemaSaveDoesNotWaitForTheStore(t *testing.T) {
	w, g, db, q := busyWindow(t)
	next := *w.schema
	next.Labels = append([]model.Label(nil), w.schema.Labels...)
	next.Labels = append(next.Labels, model.Label{Name: "NEWLY", Color: "#654321"})
	var saved []error
	answers(t, g, "the schema editor's save", func() {
		w.saveSchema(&next, nil, false, func(err error) { saved = append(saved, err) })
	})
	if len(saved) != 0 {
		t.Fatal("done was called before the store answered")
	}
	g.release()
	q.settle(t, w)
	if len(saved) != 1 || saved[0] != nil {
		t.Fatalf("done calls: %v", saved)
	}
	if _, ok := w.schema.Label("NEWLY"); !ok {
		t.Fatal("the saved schema is not shown")
	}
	sc, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sc.Label("NEWLY"); !ok {
		t.Fatal("the schema was not stored")
	}
}

// The export dialog reads the layers it offers in the edit queue.
func TestExportDialogDoesNotWaitForTheStore(t *testing.T) {
	w, g, _, q := busyWindow(t)
	g.mu.Lock()
	g.only = "Annotators"
	g.mu.Unlock()
	answers(t, g, "opening the export dialog", w.showExportDialog)
	g.release()
	q.settle(t, w)
	if len(w.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("the export dialog did not show once the layers were read")
	}
}

func (g *busyStore) Annotators(ctx context.Context) ([]string, error) {
	g.wait("Annotators")
	return g.Store.Annotators(ctx)
}
