package editctl

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

const text = "The ceasefire holds. Officials in Kyiv said the energy ceasefire would hold for thirty days."

// ui stands in for the UI goroutine: the controller posts to it and the
// test goroutine runs what was posted.
type ui struct {
	t     *testing.T
	c     *Controller
	posts chan func()
	log   []string // the events, in the order they came
}

func project(t *testing.T) (*storage.DB, int64) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sc := &model.Schema{Labels: []model.Label{{Name: "ACTOR", Color: "#1f77b4"}, {Name: "CLAIM", Color: "#ff7f0e"}, {Name: "TERM", Color: "#2ca02c"}},
		Relations: []model.RelationType{{Name: "says", From: []string{"ACTOR"}, To: []string{"CLAIM"}}}}
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "a", Text: text}}, {Doc: model.NewDocument{Name: "b", Text: "Second text."}}})
	if err != nil {
		t.Fatal(err)
	}
	return db, res[0].DocID
}

func newUI(t *testing.T, store model.Store) *ui {
	u := &ui{t: t, posts: make(chan func(), 1024)}
	u.c = New(context.Background(), store, "ana", func(f func()) { u.posts <- f }, Events{
		Added:   func(a *model.Annotation, i int) { u.log = append(u.log, "added "+a.Label) },
		Changed: func(old, cur *model.Annotation) { u.log = append(u.log, "changed "+old.Label+">"+cur.Label) },
		Removed: func(a *model.Annotation) { u.log = append(u.log, "removed "+a.Label) },
		Saved:   func(msg string) { u.log = append(u.log, "saved "+msg) },
		Failed:  func(err error) { u.log = append(u.log, "failed "+err.(*WriteError).What) },
	})
	t.Cleanup(u.c.Close)
	return u
}

// settle runs what the controller posts until nothing is in flight.
func (u *ui) settle() {
	u.t.Helper()
	deadline := time.After(10 * time.Second)
	for !u.c.Idle() {
		select {
		case f := <-u.posts:
			f()
		case <-deadline:
			u.t.Fatal("the controller did not settle in 10 s")
		}
	}
}

func (u *ui) open(id int64) {
	u.t.Helper()
	var err error
	u.c.Open(id, "ana", func(e error) { err = e })
	u.settle()
	if err != nil {
		u.t.Fatal(err)
	}
	u.log = nil
}

// block holds the writer until the returned func is called.
func (u *ui) block() (release func()) {
	ch := make(chan struct{})
	u.c.Read(func(model.Store) error { <-ch; return nil }, nil)
	return func() { close(ch) }
}

func stored(t *testing.T, db *storage.DB, doc int64) []string {
	t.Helper()
	as, err := db.Annotations(context.Background(), doc, "ana")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.Label+" "+a.Text)
	}
	return out
}

func shown(c *Controller) []string {
	var out []string
	for _, a := range c.Annotations() {
		out = append(out, a.Label+" "+a.Text)
	}
	return out
}

func frag(sub string) []model.Fragment {
	i := strings.Index(text, sub) // ASCII text: bytes are code points
	return []model.Fragment{{Start: i, End: i + len(sub)}}
}

func TestEditIsShownAtOnceAndSavedOnlyAfterTheCommit(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	release := u.block()
	a := u.c.Create("TERM", frag("energy ceasefire"), "TERM energy ceasefire")
	if got := shown(u.c); len(got) != 1 || got[0] != "TERM energy ceasefire" {
		t.Fatalf("shown before the commit = %q", got)
	}
	if u.c.Count("TERM") != 1 || u.c.IndexOf(a.ID) != 0 {
		t.Fatalf("count %d, index %d", u.c.Count("TERM"), u.c.IndexOf(a.ID))
	}
	if got := stored(t, db, doc); len(got) != 0 {
		t.Fatalf("stored while the writer is held = %q", got)
	}
	if strings.Join(u.log, "|") != "added TERM" {
		t.Fatalf("events before the commit: %q (no 'saved' yet)", u.log)
	}
	release()
	u.settle()
	if strings.Join(u.log, "|") != "added TERM|saved TERM energy ceasefire" {
		t.Fatalf("events = %q", u.log)
	}
	if got := stored(t, db, doc); len(got) != 1 || got[0] != "TERM energy ceasefire" {
		t.Fatalf("stored = %q", got)
	}
}

func TestWritesAreAppliedInTheOrderMade(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	release := u.block()
	a := u.c.Create("TERM", frag("energy ceasefire"), "1")
	b := u.c.Create("ACTOR", frag("Officials"), "2")
	upd := *a
	upd.Label = "CLAIM"
	u.c.Update(&upd, "3")
	moved := *b
	moved.Fragments = frag("Officials in Kyiv")
	u.c.Update(&moved, "4")
	u.c.Delete(a.ID, "5")
	u.c.Create("TERM", frag("ceasefire holds"), "6")
	want := []string{"TERM ceasefire holds", "ACTOR Officials in Kyiv"}
	if got := shown(u.c); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("shown = %q, want %q", got, want)
	}
	release()
	u.settle()
	var saves []string
	for _, e := range u.log {
		if strings.HasPrefix(e, "saved ") {
			saves = append(saves, strings.TrimPrefix(e, "saved "))
		}
	}
	if strings.Join(saves, "") != "123456" {
		t.Fatalf("saves confirmed in the order %q, want 123456", saves)
	}
	if got := stored(t, db, doc); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("stored = %q, want %q", got, want)
	}
	if u.c.Count("TERM") != 1 || u.c.Count("ACTOR") != 1 || u.c.Count("CLAIM") != 0 {
		t.Fatalf("counts TERM %d ACTOR %d CLAIM %d", u.c.Count("TERM"), u.c.Count("ACTOR"), u.c.Count("CLAIM"))
	}
}

func TestFailedUpdateRevertsTheChange(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	a := u.c.Create("TERM", frag("energy ceasefire"), "create")
	u.settle()
	// Someone else's layer: the store refuses the update (ownership
	// check), so the relabel must be taken back.
	if err := db.UpdateAnnotationAs(context.Background(), &model.Annotation{ID: a.ID, Annotator: "ana", Label: "TERM", Fragments: a.Fragments}, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAnnotation(context.Background(), a.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	u.log = nil
	upd := *a
	upd.Label = "CLAIM"
	u.c.Update(&upd, "relabel")
	if u.c.Annotation(a.ID).Label != "CLAIM" {
		t.Fatal("the relabel is not shown at once")
	}
	u.settle()
	if got := u.c.Annotation(a.ID); got == nil || got.Label != "TERM" {
		t.Fatalf("after the failed write the state holds %+v, want the TERM annotation back", got)
	}
	if strings.Join(u.log, "|") != "changed TERM>CLAIM|changed CLAIM>TERM|failed relabel" {
		t.Fatalf("events = %q", u.log)
	}
	if u.c.Count("TERM") != 1 || u.c.Count("CLAIM") != 0 {
		t.Fatalf("counts TERM %d CLAIM %d", u.c.Count("TERM"), u.c.Count("CLAIM"))
	}
}

func TestFailedCreateAndDeleteRevertWhenTheStoreIsGone(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	keep := u.c.Create("TERM", frag("energy ceasefire"), "create")
	u.settle()
	var failures []error
	u.c.SetEvents(Events{Failed: func(err error) { failures = append(failures, err) }})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	u.c.Create("ACTOR", frag("Officials"), "create ACTOR")
	u.c.Delete(keep.ID, "delete TERM")
	if got := shown(u.c); strings.Join(got, "|") != "ACTOR Officials" {
		t.Fatalf("shown before the writes fail = %q", got)
	}
	u.settle()
	if got := shown(u.c); strings.Join(got, "|") != "TERM energy ceasefire" {
		t.Fatalf("after both writes failed the state shows %q, want only the stored TERM", got)
	}
	if len(failures) != 2 {
		t.Fatalf("%d failures reported, want 2", len(failures))
	}
	var we *WriteError
	if !errors.As(failures[0], &we) || we.What != "create ACTOR" {
		t.Fatalf("first failure %v, want the create", failures[0])
	}
}

// TestEditsOfAFailedCreateDoNotBringItBack: a span created, then
// relabelled and relabelled again, and deleted, before the create's
// failure comes back (a removed member pressing 2 then 3): all fail, and
// the span is not on screen afterwards; it was never saved.
func TestEditsOfAFailedCreateDoNotBringItBack(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	u.settle()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	a := u.c.Create("TERM", frag("energy ceasefire"), "create")
	upd := *a
	upd.Label = "CLAIM"
	u.c.Update(&upd, "relabel CLAIM")
	upd2 := upd
	upd2.Label = "ACTOR"
	u.c.Update(&upd2, "relabel ACTOR")
	u.settle()
	if got := shown(u.c); len(got) != 0 {
		t.Fatalf("after the create and its relabels failed the state shows %q", got)
	}
	b := u.c.Create("TERM", frag("Officials"), "create")
	u.c.Delete(b.ID, "delete")
	u.settle()
	if got := shown(u.c); len(got) != 0 {
		t.Fatalf("after a failed create and its delete the state shows %q", got)
	}
	if u.c.Count("TERM") != 0 || u.c.Count("CLAIM") != 0 || u.c.Count("ACTOR") != 0 {
		t.Fatalf("counts TERM %d CLAIM %d ACTOR %d", u.c.Count("TERM"), u.c.Count("CLAIM"), u.c.Count("ACTOR"))
	}
}

func TestUndoRedoShowWhatTheStoreDid(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	a := u.c.Create("TERM", frag("energy ceasefire"), "create")
	upd := *a
	upd.Label = "CLAIM"
	u.c.Update(&upd, "relabel")
	var steps []string
	done := func(s *model.HistoryStep, err error) {
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, s.Action)
	}
	u.c.Undo(done) // queued behind the two writes
	u.settle()
	if got := shown(u.c); strings.Join(got, "|") != "TERM energy ceasefire" {
		t.Fatalf("after undoing the relabel: %q", got)
	}
	u.c.Undo(done)
	u.settle()
	if got := shown(u.c); len(got) != 0 {
		t.Fatalf("after undoing the create: %q", got)
	}
	u.c.Redo(done)
	u.c.Redo(done)
	u.settle()
	if got := shown(u.c); strings.Join(got, "|") != "CLAIM energy ceasefire" {
		t.Fatalf("after two redos: %q", got)
	}
	if strings.Join(steps, " ") != "update create create update" {
		t.Fatalf("steps %q", steps)
	}
	if got := stored(t, db, doc); strings.Join(got, "|") != "CLAIM energy ceasefire" {
		t.Fatalf("stored %q", got)
	}
}

func TestUndoOfABigStepRereadsTheLayer(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	var in []model.Annotation
	for i := 0; i < fewChanged+10; i++ {
		in = append(in, model.Annotation{Label: "TERM", Fragments: []model.Fragment{{Start: i % 80, End: i%80 + 3}}})
	}
	u.c.CreateMany(in, "label all")
	replaced := 0
	u.c.SetEvents(Events{Replaced: func() { replaced++ }})
	u.c.Undo(nil)
	u.settle()
	if len(u.c.Annotations()) != 0 || u.c.Count("TERM") != 0 || replaced != 1 {
		t.Fatalf("after the undo: %d annotations, count %d, %d re-reads", len(u.c.Annotations()), u.c.Count("TERM"), replaced)
	}
}

func TestOpenIgnoresTheResultOfAnOlderOpen(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	var opened []string
	u.c.SetEvents(Events{Opened: func(d *model.Document, _ []model.Annotation) { opened = append(opened, d.Name) }})
	u.c.Open(doc, "ana", nil)
	u.c.Open(doc+1, "ana", nil)
	u.settle()
	if strings.Join(opened, ",") != "b" || u.c.Document().Name != "b" {
		t.Fatalf("opened %q, shown %q", opened, u.c.Document().Name)
	}
}

func TestRelationsFollowTheirAnnotations(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	a := u.c.Create("ACTOR", frag("Officials"), "a")
	b := u.c.Create("CLAIM", frag("energy ceasefire"), "b")
	u.c.CreateRelation("says", a.ID, b.ID, "rel")
	u.settle()
	rels, err := db.Relations(context.Background(), doc)
	if err != nil || len(rels) != 1 || len(u.c.Relations()) != 1 || rels[0].ID != u.c.Relations()[0].ID {
		t.Fatalf("stored %v (%v), shown %v", rels, err, u.c.Relations())
	}
	u.c.Delete(a.ID, "delete a")
	if len(u.c.Relations()) != 0 {
		t.Fatal("the relation of a deleted span is still shown")
	}
	u.settle()
	if rels, _ := db.Relations(context.Background(), doc); len(rels) != 0 {
		t.Fatalf("stored relations after the delete: %v", rels)
	}
	// A relation deleted before its create committed goes by the id the
	// store gave it.
	c := u.c.Create("ACTOR", frag("Kyiv"), "c")
	release := u.block()
	r := u.c.CreateRelation("says", c.ID, b.ID, "rel2")
	u.c.DeleteRelation(r.ID, "unrel2")
	release()
	u.settle()
	if rels, _ := db.Relations(context.Background(), doc); len(rels) != 0 || len(u.c.Relations()) != 0 || strings.Contains(strings.Join(u.log, "|"), "failed") {
		t.Fatalf("stored relations after the delete: %v", rels)
	}
}

// Two edits of one span queued before the first commits are both this
// window's: the second must not be refused as a stale copy (the store
// compares updated_at with what the editor read).
func TestQueuedEditsOfOneSpanAllCommit(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	a := u.c.Create("TERM", frag("energy ceasefire"), "create")
	u.settle()
	release := u.block()
	for i, l := range []string{"CLAIM", "ACTOR", "TERM", "CLAIM"} {
		upd := *u.c.Annotation(a.ID)
		upd.Label = l
		if i == 3 {
			upd.Fragments = frag("energy ceasefire would")
		}
		u.c.Update(&upd, l)
	}
	u.log = nil
	release()
	u.settle()
	if strings.Contains(strings.Join(u.log, "|"), "failed") {
		t.Fatalf("events %q", u.log)
	}
	if got := stored(t, db, doc); strings.Join(got, "|") != "CLAIM energy ceasefire would" {
		t.Fatalf("stored %q", got)
	}
	// And once more after they committed, from the state as it is now.
	upd := *u.c.Annotation(a.ID)
	upd.Note = "checked"
	u.c.Update(&upd, "note")
	u.settle()
	if strings.Contains(strings.Join(u.log, "|"), "failed") {
		t.Fatalf("events %q", u.log)
	}
}

func TestOpenNowReadsAtOnceOnlyWhenNothingIsQueued(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	var opened []string
	u.c.SetEvents(Events{Opened: func(d *model.Document, _ []model.Annotation) { opened = append(opened, d.Name) }})
	u.c.OpenNow(doc+1, "ana", nil)
	if strings.Join(opened, ",") != "b" || !u.c.Idle() {
		t.Fatalf("idle: opened %q at once, idle %v", opened, u.c.Idle())
	}
	release := u.block()
	u.c.OpenNow(doc, "ana", nil)
	if len(opened) != 1 {
		t.Fatal("OpenNow read ahead of a queued store call")
	}
	release()
	u.settle()
	if strings.Join(opened, ",") != "b,a" {
		t.Fatalf("opened %q", opened)
	}
}

// A new span's covered text is a string of its own, not a slice of the
// document (which would keep the whole text alive with the span).
func TestCoveredTextDoesNotShareTheDocument(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	a := u.c.Create("TERM", frag("energy ceasefire"), "create")
	d := u.c.Document().Text
	lo, hi := uintptr(unsafe.Pointer(unsafe.StringData(d))), uintptr(unsafe.Pointer(unsafe.StringData(d)))+uintptr(len(d))
	if p := uintptr(unsafe.Pointer(unsafe.StringData(a.Text))); p >= lo && p < hi {
		t.Fatal("the span's text points into the document's text")
	}
	u.settle()
}

// A create and a delete that fail after the user opened another document
// are reported as shifts of the count of the document they were made in
// (the window's document list showed one span too many until its next
// edit there).
func TestFailedWritesOfADocumentLeftShiftItsCount(t *testing.T) {
	db, doc := project(t)
	u := newUI(t, db)
	u.open(doc)
	keep := u.c.Create("TERM", frag("energy ceasefire"), "create")
	u.settle()
	var shifts []string
	u.c.SetEvents(Events{DocShifted: func(id int64, d int) {
		if id != doc {
			t.Errorf("shift of document %d, the edits were of %d", id, doc)
		}
		shifts = append(shifts, strings.Repeat("+", max(d, 0))+strings.Repeat("-", max(-d, 0)))
	}})
	release := u.block()
	u.c.CreateMany([]model.Annotation{{Label: "ACTOR", Fragments: frag("Officials")}, {Label: "ACTOR", Fragments: frag("Kyiv")}}, "create two")
	u.c.Delete(keep.ID, "delete TERM")
	u.c.Open(doc+1, "ana", nil) // the other document, before the writes ran
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	release()
	u.settle()
	if strings.Join(shifts, "|") != "--|+" {
		t.Fatalf("shifts %q, want the create's two spans taken off and the deleted one put back", shifts)
	}
}
