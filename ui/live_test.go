package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/offlinequeue"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// liveTeam makes a team project at url (the owner's) with the demo
// article and the annotators ana and bob, and returns their URLs.
func liveTeam(t testing.TB, url string) (annURL, bobURL string) {
	t.Helper()
	ctx := context.Background()
	owner, err := postgres.Create(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	sc, _ := assets.DefaultSchema()
	if err := owner.SetSchema(ctx, sc, "lead"); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}}}); err != nil {
		t.Fatal(err)
	}
	urls := map[string]string{}
	for _, who := range []string{"ana", "bob"} {
		m, pw, err := owner.AddMember(ctx, who, postgres.KindAnnotator)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pgtest.DropRole(t, url, m.Role) })
		if urls[who], err = postgres.MemberURL(url, m, pw); err != nil {
			t.Fatal(err)
		}
	}
	return urls["ana"], urls["bob"]
}

func openPG(t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// liveWindow opens ana's window on store and starts its live updates;
// the store's events run on the test goroutine as pump runs them.
func liveWindow(t testing.TB, store model.Store) (*Window, chan func()) {
	t.Helper()
	return liveWindowAs(t, store, "ana")
}

// liveWindowAs is liveWindow for who.
func liveWindowAs(t testing.TB, store model.Store, who string) (*Window, chan func()) {
	t.Helper()
	w, posts := loadedWindowAs(t, store, who)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w.WatchExternal(ctx, time.Second)
	return w, posts
}

// loadedWindowAs is who's window on store, loaded, not yet watching the
// store's changes; what it posts runs on the test goroutine in pump.
func loadedWindowAs(t testing.TB, store model.Store, who string) (*Window, chan func()) {
	t.Helper()
	posts := make(chan func(), 1000)
	old := postLive
	postLive = func(f func()) { posts <- f }
	t.Cleanup(func() { postLive = old })
	test.NewTempApp(t)
	win := test.NewWindow(nil)
	closed := make(chan struct{})
	win.SetOnClosed(func() { close(closed) })
	t.Cleanup(func() {
		select {
		case <-closed:
		default:
			win.Close()
		}
	})
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, store, who)
	windowClosed.Store(w, closed)
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	return w, posts
}

// queuedStore opens the project at url behind an offline queue in a
// temporary folder, as cmd/margin does.
func queuedStore(t testing.TB, url string) *offlinequeue.Store {
	t.Helper()
	inner, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	path, err := offlinequeue.File(t.TempDir(), url)
	if err != nil {
		t.Fatal(err)
	}
	q, err := offlinequeue.OpenQueue(path)
	if err != nil {
		t.Fatal(err)
	}
	store, err := offlinequeue.Wrap(inner, q)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// listening pumps until w's listener has connected (its first
// "online": it LISTENs, so colleagues' changes from now on reach it) and
// what it posted so far has run. A fixed sleep raced the connection
// under CI's race run.
func listening(t testing.TB, w *Window, posts chan func()) {
	t.Helper()
	pump(t, posts, 15*time.Second, "the listener connects", func() bool { return w.live.heard && len(posts) == 0 && w.doc != nil })
}

// pump runs what the store posts until cond holds, failing after within.
func pump(t testing.TB, posts chan func(), within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	deadline := time.After(within)
	for !cond() {
		select {
		case f := <-posts:
			f()
		case <-deadline:
			t.Fatalf("%s: not within %v", what, within)
		}
	}
	return time.Since(start)
}

// TestColleaguesSpanShowsInTheWindow: ana's window compares layers; bob,
// connected as his own role, labels a span; within a second the window
// shows it (the document list counts ana's own layer, so not his span),
// without anyone reloading.
// ana's own edit reloads nothing (the server does not echo it back).
func TestColleaguesSpanShowsInTheWindow(t *testing.T) {
	ctx := context.Background()
	annURL, bobURL := liveTeam(t, pgtest.FreshDatabase(t))
	ana, bob := openPG(t, annURL), openPG(t, bobURL)
	w, posts := liveWindow(t, ana)
	listening(t, w, posts)

	w.modeSelect.SetSelected(modeCompare)
	before, count := w.view.HighlightCount(), w.docs[w.docIdx].Annotations
	s, e := span(w.doc.Text, phrase)
	b := &model.Annotation{DocID: w.doc.ID, Annotator: "bob", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := bob.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	took := pump(t, posts, time.Second, "bob's span in ana's compare view", func() bool {
		return w.view.HighlightCount() > before
	})
	// The document list counts the window's own layer (doccounts.go):
	// bob's span is not ana's.
	if got := w.docs[w.docIdx].Annotations; got != count {
		t.Errorf("ana's count of the document went from %d to %d with bob's span", count, got)
	}
	t.Logf("bob's span showed %v after his commit", took)

	// ana's own edit, in her layer: shown by her window at once, and
	// not reloaded when the server commits it.
	w.modeSelect.SetSelected(modeAnnotate)
	layerReloads := w.live.layerReloads
	w.view.SetSelection(s, e)
	w.ctl.Create("CEASEFIRE_TERM", []model.Fragment{{Start: s, End: e}}, "labelled")
	// bob's status comes after ana's commit: once the window has it, ana's
	// commit would have been told before it.
	if err := bob.SetStatus(ctx, w.doc.ID, "bob", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, time.Second, "bob's status in ana's list", func() bool { return w.statuses[w.doc.ID]["bob"] == model.StatusDone })
	if w.live.layerReloads != layerReloads {
		t.Fatalf("ana's own edit reloaded her layer (%d reloads, was %d)", w.live.layerReloads, layerReloads)
	}
	// The list reloaded for bob's status counts ana's layer (her one
	// span), as the window's open does, not every layer's total.
	if w.docs[w.docIdx].Annotations != count+1 {
		t.Fatalf("document count %d, want %d (ana's own span)", w.docs[w.docIdx].Annotations, count+1)
	}
}

// TestOfflineBannerAndQueuedEdits: ana's window on a private server that
// stops: the banner says offline, a span labelled meanwhile says queued
// (never saved) and counts in the banner; the server comes back, the
// span arrives and the banner goes.
func TestOfflineBannerAndQueuedEdits(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.PrivateServer(t)
	ownerURL := srv.Database(t, "margin")
	annURL, _ := liveTeam(t, ownerURL)
	store := queuedStore(t, annURL)
	w, posts := liveWindow(t, store)
	listening(t, w, posts)

	srv.Stop(t)
	pump(t, posts, 5*time.Second, "the offline banner", func() bool { return strings.HasPrefix(w.OfflineBanner(), "offline: Margin reconnects by itself") })
	// What the queue does not keep is refused, saying so: an undo, a
	// schema change.
	w.Undo()
	pump(t, posts, 10*time.Second, "undo refused offline", func() bool {
		return strings.Contains(w.status.Text, "undo needs the server") && strings.Contains(w.status.Text, "nothing was changed")
	})
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		w.win.Canvas().Overlays().Remove(top) // the error's dialog
	}
	next := *w.schema
	next.Labels = append(append([]model.Label(nil), w.schema.Labels...), model.Label{Name: "PLACE", Color: "#33cc66"})
	schemaErr := make(chan error, 1)
	w.saveSchema(&next, nil, false, func(err error) { schemaErr <- err })
	var serr error
	pump(t, posts, 10*time.Second, "schema change refused offline", func() bool {
		select {
		case serr = <-schemaErr:
			return true
		default:
			return false
		}
	})
	if !errors.Is(serr, offlinequeue.ErrNeedsServer) || !strings.Contains(serr.Error(), "changing the schema needs the server") {
		t.Fatalf("a schema change offline: %v", serr)
	}
	s, e := span(w.doc.Text, phrase)
	a := w.ctl.Create("CEASEFIRE_TERM", []model.Fragment{{Start: s, End: e}}, "labelled CEASEFIRE_TERM")
	if !strings.Contains(w.status.Text, "queued") || strings.Contains(w.status.Text, "saved ·") {
		t.Fatalf("status of an edit made offline: %q", w.status.Text)
	}
	pump(t, posts, 5*time.Second, "the banner counts the edit", func() bool { return strings.HasPrefix(w.OfflineBanner(), "offline: 1 edit waiting") })
	if w.annotation(a.ID) == nil {
		t.Fatal("the queued span is not shown")
	}
	// Closing now asks first: the edits are not on the server yet.
	w.requestClose()
	top := w.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(dialogText(w), "not on the server yet") {
		t.Fatal("closing with edits waiting did not ask")
	}
	select {
	case <-closedChan(w):
		t.Fatal("the window closed with edits unsent, without asking")
	default:
	}
	w.win.Canvas().Overlays().Remove(top)
	srv.Start(t)
	pump(t, posts, 10*time.Second, "the banner goes", func() bool { return w.OfflineBanner() == "" && w.live.applied > 0 && !w.live.busy })
	owner := openPG(t, ownerURL)
	got, err := owner.Annotation(ctx, a.ID)
	if err != nil || got.Annotator != "ana" || got.Label != "CEASEFIRE_TERM" {
		t.Fatalf("the edit made offline on the server: %+v %v", got, err)
	}
	if w.annotation(a.ID) == nil {
		t.Fatal("the span left the window after the queue was sent")
	}
	if !strings.HasPrefix(w.status.Text, "saved (sent once the server was back) · labelled CEASEFIRE_TERM") {
		t.Fatalf("status once the queue was sent: %q", w.status.Text)
	}
}

// TestOpenDashboardFollowsColleagues: the agreement dashboard is open on
// ana's window with only her layer ("nothing to compare"); bob labels the
// same span from his own connection and the open dashboard is measured
// again and redrawn with both annotators, nobody touching it.
func TestOpenDashboardFollowsColleagues(t *testing.T) {
	ctx := context.Background()
	annURL, bobURL := liveTeam(t, pgtest.FreshDatabase(t))
	ana, bob := openPG(t, annURL), openPG(t, bobURL)
	w, posts := liveWindow(t, ana)
	listening(t, w, posts)
	s, e := span(w.doc.Text, phrase)
	w.ctl.Create("CEASEFIRE_TERM", []model.Fragment{{Start: s, End: e}}, "labelled")
	done := make(chan error, 1)
	w.runDashboard(func(_ *dataset.AgreementSummary, err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if w.live.dash == nil || !strings.Contains(dashboardText(w), "Nothing to compare yet") {
		t.Fatalf("dashboard before bob's span: %q", dashboardText(w))
	}
	b := &model.Annotation{DocID: w.doc.ID, Annotator: "bob", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := bob.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, 2*time.Second, "the open dashboard to count bob", func() bool { return strings.Contains(dashboardText(w), "2 annotators · 1 shared document") })
}

// dashboardText is the open dashboard's labels' text.
func dashboardText(w *Window) string {
	if w.live.dash == nil {
		return ""
	}
	var b strings.Builder
	eachObject(w.live.dash.box, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// TestOwnLayerAndSchemaFromElsewhere: ana's layer changed by another of
// her clients (a 'margin annotate' as her own role: another connection)
// shows in her annotating window, and the lead's schema change (a new
// label) reaches its Labels panel.
func TestOwnLayerAndSchemaFromElsewhere(t *testing.T) {
	ctx := context.Background()
	ownerURL := pgtest.FreshDatabase(t)
	annURL, _ := liveTeam(t, ownerURL)
	ana, anaCLI, lead := openPG(t, annURL), openPG(t, annURL), openPG(t, ownerURL)
	w, posts := liveWindow(t, ana)
	listening(t, w, posts)
	s, e := span(w.doc.Text, phrase)
	a := &model.Annotation{DocID: w.doc.ID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := anaCLI.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, time.Second, "ana's span from her other client", func() bool { return w.annotation(a.ID) != nil })
	sc, err := lead.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc.Labels = append(sc.Labels, model.Label{Name: "MEDIATOR", Color: "#8844aa"})
	if err := lead.SetSchema(ctx, sc, "lead"); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, time.Second, "the lead's new label in ana's window", func() bool {
		_, ok := w.schema.Label("MEDIATOR")
		return ok
	})
}
