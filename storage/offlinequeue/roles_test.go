package offlinequeue

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// member adds person as kind to the project at ownerURL and returns
// their URL.
func member(t *testing.T, ownerURL, person, kind string) string {
	t.Helper()
	owner, err := postgres.Open(context.Background(), ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	m, pw, err := owner.AddMember(context.Background(), person, kind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropRole(t, ownerURL, m.Role) })
	u, err := postgres.MemberURL(ownerURL, m, pw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// needsServer: the write was refused as one the queue does not keep,
// with a message saying nothing was changed.
func needsServer(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, ErrNeedsServer) || !errors.Is(err, model.ErrOffline) || errors.Is(err, model.ErrQueued) ||
		!strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("%s while the server is down: want ErrNeedsServer (nothing changed, nothing queued), got %v", what, err)
	}
}

// TestCuratorAndLeadEditsOffline: with the server stopped, a curator's
// verdicts (an accept with its gold span, a reject), an edit of that
// gold span, a gold span of their own and a status are queued, and so is
// a lead's status in an annotator's layer; a lead's schema change,
// import and undo are refused as needing the server, changing nothing.
// Back, the queued edits arrive in order, each once.
func TestCuratorAndLeadEditsOffline(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	curURL := member(t, ownerURL, "cur", postgres.KindCurator)
	leadURL := member(t, ownerURL, "lead", postgres.KindLead)
	ann := wrapped(t, annURL, t.TempDir())
	defer ann.Close()
	hamas := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Hamas")}
	israel := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Israel")}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{hamas, israel}); err != nil {
		t.Fatal(err)
	}
	cur := wrapped(t, curURL, t.TempDir())
	defer cur.Close()
	lead := wrapped(t, leadURL, t.TempDir())
	defer lead.Close()
	srv.Stop(t)

	gold := &model.Annotation{Label: "ACTOR", Fragments: at("Hamas")}
	queuedErr(t, "accept into gold", cur.Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictAccept, Curator: "cur", Sources: []model.SourceRef{{ID: hamas.ID}}}, gold))
	if gold.ID == "" {
		t.Fatal("the queued gold span has no id for the window to edit it by")
	}
	relabel := *gold
	relabel.DocID, relabel.Annotator, relabel.Label = doc, model.GoldAnnotator, "CLAIM"
	queuedErr(t, "relabel of the queued gold span", cur.UpdateAnnotationAs(ctx, &relabel, "cur"))
	queuedErr(t, "reject", cur.Curate(ctx, &model.Verdict{DocID: doc, Verdict: model.VerdictReject, Curator: "cur", Sources: []model.SourceRef{{ID: israel.ID}}}, nil))
	own := &model.Annotation{DocID: doc, Annotator: model.GoldAnnotator, Label: "ACTOR", Fragments: at("Doha"), ID: "0190a000-0000-7000-8000-0000000000e1"}
	queuedErr(t, "a gold span", cur.CreateAnnotations(ctx, []*model.Annotation{own}))
	queuedErr(t, "the curator's status", cur.SetStatus(ctx, doc, "cur", model.StatusDone))
	if st := cur.State(); !st.Offline || st.Waiting != 5 {
		t.Fatalf("the curator's queue: %+v, want 5 waiting", st)
	}

	queuedErr(t, "the lead's status in ann's layer", lead.SetStatus(ctx, doc, "ann", model.StatusDone))
	// The lead's own queue has an edit waiting: a schema change would
	// overtake it, refused as such; with an empty queue (a window of
	// theirs without edits) it is refused as needing the server.
	sc := &model.Schema{AllowOverlap: true, Labels: []model.Label{{Name: "ACTOR", Color: "#3366cc"}, {Name: "PLACE", Color: "#33cc66"}}}
	if _, err := lead.ChangeSchema(ctx, sc, "lead", nil, false); !errors.Is(err, ErrWaiting) {
		t.Fatalf("schema change with edits waiting: %v", err)
	}
	srv.Start(t)
	lead2 := wrapped(t, leadURL, t.TempDir())
	defer lead2.Close()
	srv.Stop(t)
	_, err := lead2.ChangeSchema(ctx, sc, "lead", nil, false)
	needsServer(t, "a schema change", err)
	_, err = lead2.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "second", Text: "Talks resumed in Doha."}}})
	needsServer(t, "an import", err)
	_, err = lead2.Undo(ctx, "lead")
	needsServer(t, "an undo", err)
	if st := lead2.State(); st.Waiting != 0 {
		t.Fatalf("refused writes were queued: %+v", st)
	}

	srv.Start(t)
	drained(t, cur, 15*time.Second)
	drained(t, lead, 15*time.Second)
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	vs, err := owner.Verdicts(ctx, doc)
	if err != nil || len(vs) != 2 || vs[0].Verdict != model.VerdictAccept || vs[0].GoldID != gold.ID || vs[1].Verdict != model.VerdictReject || vs[1].Sources[0].ID != israel.ID {
		t.Fatalf("verdicts after the queue was sent: %+v %v", vs, err)
	}
	golds, err := owner.Annotations(ctx, doc, model.GoldAnnotator)
	if err != nil || len(golds) != 2 {
		t.Fatalf("gold layer: %+v %v", golds, err)
	}
	byID := map[string]model.Annotation{}
	for _, g := range golds {
		byID[g.ID] = g
	}
	if byID[gold.ID].Label != "CLAIM" || byID[own.ID].Text != "Doha" {
		t.Fatalf("gold layer: %+v", golds)
	}
	st, err := owner.Statuses(ctx)
	if err != nil || st[doc]["cur"] != model.StatusDone || st[doc]["ann"] != model.StatusDone {
		t.Fatalf("statuses: %v %v", st, err)
	}
	got, err := owner.Schema(ctx)
	if err != nil || len(got.Labels) != 2 || got.Labels[1].Name != "CLAIM" {
		t.Fatalf("the refused schema change reached the server: %+v %v", got, err)
	}
	docs, err := owner.Documents(ctx)
	if err != nil || len(docs) != 1 {
		t.Fatalf("the refused import reached the server: %d documents, %v", len(docs), err)
	}
}

// TestTwoWindowsOnOneRoleEachQueue: two windows of ann's on one server
// each get a queue file of their own; both queue while the server is
// down, and both queues arrive, each edit once. A window closed with
// edits waiting leaves them in its file, and the window still open sends
// them; a third window takes the freed file and sends nothing again.
func TestTwoWindowsOnOneRoleEachQueue(t *testing.T) {
	ctx := context.Background()
	srv, ownerURL, annURL, doc := project(t)
	dir := t.TempDir()
	w1 := wrapped(t, annURL, dir)
	defer w1.Close()
	w2 := wrapped(t, annURL, dir)
	if w1.Queue().Path() == w2.Queue().Path() {
		t.Fatalf("both windows hold %s", w1.Queue().Path())
	}
	if _, err := openFile(w2.Queue().Path()); !errors.Is(err, ErrInUse) {
		t.Fatalf("a window's queue file opened by another: %v", err)
	}
	srv.Stop(t)
	a1 := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Hamas"), ID: "0190a000-0000-7000-8000-0000000000f1"}
	a2 := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Israel"), ID: "0190a000-0000-7000-8000-0000000000f2"}
	queuedErr(t, "window 1's create", w1.CreateAnnotations(ctx, []*model.Annotation{a1}))
	queuedErr(t, "window 2's create", w2.CreateAnnotations(ctx, []*model.Annotation{a2}))
	relabel := *a1
	relabel.Label = "CLAIM"
	queuedErr(t, "window 1's relabel", w1.UpdateAnnotationAs(ctx, &relabel, "ann"))
	queuedErr(t, "window 2's status", w2.SetStatus(ctx, doc, "ann", model.StatusInProgress))
	srv.Start(t)
	drained(t, w1, 15*time.Second)
	drained(t, w2, 15*time.Second)

	// Window 2 closes with an edit waiting; window 1 sends it.
	srv.Stop(t)
	a3 := &model.Annotation{DocID: doc, Annotator: "ann", Label: "ACTOR", Fragments: at("Doha"), ID: "0190a000-0000-7000-8000-0000000000f3"}
	queuedErr(t, "window 2's last create", w2.CreateAnnotations(ctx, []*model.Annotation{a3}))
	left := w2.Queue().Path()
	w2.Close()
	srv.Start(t)
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := owner.Annotation(ctx, a3.ID); err == nil {
			break
		} else if !errors.Is(err, model.ErrNotFound) || time.Now().After(deadline) {
			t.Fatalf("the closed window's queued edit did not arrive: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Adopting holds the file only while sending: a third window may take it.
	var w3 *Store
	for deadline := time.Now().Add(5 * time.Second); ; {
		w3 = wrapped(t, annURL, dir)
		if w3.Queue().Path() == left || time.Now().After(deadline) {
			break
		}
		w3.Close()
		time.Sleep(50 * time.Millisecond)
	}
	defer w3.Close()
	if w3.Queue().Path() != left {
		t.Fatalf("the third window took %s, not the freed %s", w3.Queue().Path(), left)
	}
	if n, err := w3.Queue().Count(ctx); err != nil || n != 0 {
		t.Fatalf("the freed file still holds %d edits (%v)", n, err)
	}

	anns, err := owner.Annotations(ctx, doc, "ann")
	if err != nil || len(anns) != 3 {
		t.Fatalf("ann's layer: %+v %v", anns, err)
	}
	for _, a := range anns {
		if a.ID == a1.ID && a.Label != "CLAIM" {
			t.Fatalf("window 1's relabel: %+v", a)
		}
	}
	// Each edit once: one history row per create and the one relabel.
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT action, entity_id FROM history WHERE entity = 'annotation'`)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for rows.Next() {
		var act, id string
		if err := rows.Scan(&act, &id); err != nil {
			t.Fatal(err)
		}
		counts[act+" "+id]++
	}
	for _, k := range []string{"create " + a1.ID, "create " + a2.ID, "create " + a3.ID, "update " + a1.ID} {
		if counts[k] != 1 {
			t.Fatalf("%s is in the history %d times: %v", k, counts[k], counts)
		}
	}
	st, err := owner.Statuses(ctx)
	if err != nil || st[doc]["ann"] != model.StatusInProgress {
		t.Fatalf("status: %v %v", st, err)
	}
}
