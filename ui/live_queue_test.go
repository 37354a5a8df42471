package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestLiveReloadKeepsQueueAndOwnCounts (issue 17's tester): ana is
// assigned 2 of the project's 3 documents; her window opens on her queue
// ("0 of 2"). A colleague's span, a status and an import each reload the
// list live: it stays her queue, each document counted in her own layer
// (not every layer's total), and her own span made from another client
// shows in the status bar's "N of your spans".
func TestLiveReloadKeepsQueueAndOwnCounts(t *testing.T) {
	ctx := context.Background()
	ownerURL := pgtest.FreshDatabase(t)
	annURL, bobURL := liveTeam(t, ownerURL)
	// ana's window runs on the offline queue, as cmd/margin opens it.
	owner, ana, anaCLI, bob := openPG(t, ownerURL), queuedStore(t, annURL), openPG(t, annURL), openPG(t, bobURL)
	for _, name := range []string{"second.txt", "third.txt"} {
		if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: name, Text: "A short text about " + name}}}); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := owner.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mine := []int64{docs[0].ID, docs[2].ID}
	if _, err := owner.Assign(ctx, mine, "ana", "lead"); err != nil {
		t.Fatal(err)
	}
	w, posts := liveWindow(t, ana)
	listening(t, w, posts)
	queue := func() string {
		var ids []string
		for _, d := range w.docs {
			ids = append(ids, fmt.Sprint(d.ID))
		}
		return strings.Join(ids, ",")
	}
	want := fmt.Sprintf("%d,%d", mine[0], mine[1])
	if queue() != want {
		t.Fatalf("ana's list on opening: %s, want her queue %s", queue(), want)
	}

	// bob labels two spans in ana's open document: the list reloads.
	s, e := span(w.doc.Text, phrase)
	for i := range 2 {
		b := &model.Annotation{DocID: w.doc.ID, Annotator: "bob", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s + i, End: e}}}
		if err := bob.CreateAnnotations(ctx, []*model.Annotation{b}); err != nil {
			t.Fatal(err)
		}
	}
	applied := w.live.applied
	pump(t, posts, 2*time.Second, "bob's spans reload ana's list", func() bool { return w.live.applied > applied && !w.live.busy })
	if queue() != want {
		t.Fatalf("ana's list after bob's edit: %s, want her queue %s", queue(), want)
	}
	if n := w.docs[w.docIdx].Annotations; n != 0 {
		t.Fatalf("ana's count of the open document after bob's spans: %d, want 0 (her layer)", n)
	}

	// A status and an import reload it too.
	applied = w.live.applied
	if err := bob.SetStatus(ctx, docs[1].ID, "bob", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "fourth.txt", Text: "Another text."}}}); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, 2*time.Second, "the status and import reload ana's list", func() bool { return w.live.applied > applied && !w.live.busy && len(posts) == 0 })
	if queue() != want {
		t.Fatalf("ana's list after a status and an import: %s, want her queue %s", queue(), want)
	}

	// ana's own span from another of her clients: the list counts it and
	// so does the status bar.
	a := &model.Annotation{DocID: w.doc.ID, Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := anaCLI.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, 2*time.Second, "ana's span from her other client", func() bool {
		return w.annotation(a.ID) != nil && !w.live.busy && w.docs[w.docIdx].Annotations == 1
	})
	if !strings.Contains(w.status.Text, "1 of your spans") {
		t.Fatalf("status bar after ana's span from elsewhere: %q", w.status.Text)
	}
}
