package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// serverProject is a fresh server project with the default schema and
// the demo article (res), and member, which adds an annotator and
// connects as their role.
func serverProject(t *testing.T, more ...model.DocumentImport) (owner *postgres.DB, res []model.ImportResult, member func(name string) *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	u := pgtest.FreshDatabase(t)
	owner, err := postgres.Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	sc, _ := assets.DefaultSchema()
	if err := owner.SetSchema(ctx, sc, "owner"); err != nil {
		t.Fatal(err)
	}
	res, err = owner.ImportDocuments(ctx, append([]model.DocumentImport{{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}}}, more...))
	if err != nil {
		t.Fatal(err)
	}
	member = func(name string) *postgres.DB {
		m, password, err := owner.AddMember(ctx, name, postgres.KindAnnotator)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pgtest.DropRole(t, u, m.Role) })
		mu, err := postgres.MemberURL(u, m, password)
		if err != nil {
			t.Fatal(err)
		}
		db, err := postgres.Open(ctx, mu)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return owner, res, member
}

// openWindowAs shows store in a headless window for who.
func openWindowAs(t *testing.T, store model.Store, who string) *Window {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewWindow(nil)
	t.Cleanup(win.Close)
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, store, who)
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestWindowShowsAssignedQueue: on a server project where the lead
// assigned ann two of three documents, ann's document list is those two
// with her statuses; bob, given nothing, and the owner see all three.
func TestWindowShowsAssignedQueue(t *testing.T) {
	ctx := context.Background()
	owner, res, member := serverProject(t,
		model.DocumentImport{Doc: model.NewDocument{Name: "second", Text: "Kyiv said the ceasefire holds."}},
		model.DocumentImport{Doc: model.NewDocument{Name: "third", Text: "Moscow denied it."}})
	ann, bob := member("ann"), member("bob")
	if _, err := owner.Assign(ctx, []int64{res[1].DocID, res[2].DocID}, "ann", "owner"); err != nil {
		t.Fatal(err)
	}
	if err := ann.SetStatus(ctx, res[2].DocID, "ann", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	names := func(w *Window) string {
		var out []string
		for _, d := range w.docs {
			out = append(out, d.Name+statusMark(w.statuses[d.ID][w.annotator]))
		}
		return strings.Join(out, " ")
	}
	w := openWindowAs(t, ann, "ann")
	if got := names(w); got != "second○ third✓" {
		t.Fatalf("ann's document list: %q", got)
	}
	if w.progress.Value != 1 || w.progress.Max != 2 {
		t.Fatalf("ann's progress bar %v of %v", w.progress.Value, w.progress.Max)
	}
	if got := names(openWindowAs(t, bob, "bob")); got != assets.DemoArticleName+"○ second○ third○" {
		t.Fatalf("bob's document list: %q", got)
	}
	if got := names(openWindowAs(t, owner, "owner")); got != assets.DemoArticleName+"○ second○ third○" {
		t.Fatalf("the owner's document list: %q", got)
	}
}

// TestServerRefusalShownInWindow: a window on a server project opened
// with ann's role but showing bob's layer (a window told the wrong name:
// the client does not stop it, only the server can) relabels and deletes
// bob's span; the server refuses both, the span stays as it was in the
// window and on the server, and the status bar and the error dialog say
// that the server refused and why.
func TestServerRefusalShownInWindow(t *testing.T) {
	ctx := context.Background()
	owner, res, member := serverProject(t)
	sc, _ := owner.Schema(ctx)
	bob, ann := member("bob"), member("ann")
	s, e := span(assets.DemoArticle, "The White House")
	bobs := &model.Annotation{DocID: res[0].DocID, Annotator: "bob", Label: sc.Labels[0].Name, Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := bob.CreateAnnotations(ctx, []*model.Annotation{bobs}); err != nil {
		t.Fatal(err)
	}

	w := openWindowAs(t, ann, "bob")
	win := w.win
	if w.annotation(bobs.ID) == nil {
		t.Fatalf("bob's span is not shown; status %q", w.status.Text)
	}
	w.selectAnnotation(bobs.ID)
	w.applyLabel(sc.Labels[1].Name)
	// Two writes were refused: the relabel, and the document's status
	// (in progress) in bob's name; the status bar shows the last.
	for _, want := range []string{"not saved: ", "refused by the server: ann is an annotator and may not "} {
		if !strings.Contains(w.status.Text, want) {
			t.Fatalf("status after the refused relabel lacks %q: %q", want, w.status.Text)
		}
	}
	texts := strings.Join(overlayTexts(w), " ")
	for _, want := range []string{"refused by the server", "ann is an annotator and may not change spans in bob's layer", "ann is an annotator and may not write anything in bob's layer"} {
		if !strings.Contains(texts, want) {
			t.Fatalf("the error dialogs lack %q: %q", want, texts)
		}
	}
	if got := w.annotation(bobs.ID); got == nil || got.Label != bobs.Label {
		t.Fatalf("the window kept the refused relabel: %+v", got)
	}
	for _, o := range win.Canvas().Overlays().List() {
		win.Canvas().Overlays().Remove(o)
	}
	w.selectAnnotation(bobs.ID)
	w.deleteSelected()
	if texts := strings.Join(overlayTexts(w), " "); !strings.Contains(texts, "ann is an annotator and may not delete spans in bob's layer") || !strings.HasPrefix(w.status.Text, "not saved: ") {
		t.Fatalf("after the refused delete: status %q, dialogs %q", w.status.Text, texts)
	}
	if w.annotation(bobs.ID) == nil {
		t.Fatal("the window dropped bob's span although the server refused the delete")
	}
	got, err := owner.Annotation(ctx, bobs.ID)
	if err != nil || got.Label != bobs.Label {
		t.Fatalf("bob's span on the server: %+v %v", got, err)
	}
}
