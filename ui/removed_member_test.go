package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestRemovedMemberWindowSaysSo: ann's window is open when the owner
// removes her from the team (margin team remove). Her next relabel is
// refused, and the status bar and the error dialog say in words that her
// membership was removed, not that the server is out of reach; the span
// keeps its label.
func TestRemovedMemberWindowSaysSo(t *testing.T) {
	ctx := context.Background()
	owner, res, member := serverProject(t)
	sc, _ := owner.Schema(ctx)
	ann := member("ann")
	s, e := span(assets.DemoArticle, "The White House")
	hers := &model.Annotation{DocID: res[0].DocID, Annotator: "ann", Label: sc.Labels[0].Name, Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := ann.CreateAnnotations(ctx, []*model.Annotation{hers}); err != nil {
		t.Fatal(err)
	}
	w := openWindowAs(t, ann, "ann")
	if _, err := owner.RemoveMember(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	w.selectAnnotation(hers.ID)
	w.applyLabel(sc.Labels[1].Name)
	const want = "refused by the server: your membership in this project was removed"
	// The relabel and the document's status (in progress) are both
	// refused; the status bar shows the last.
	if !strings.HasPrefix(w.status.Text, "not saved: ") || !strings.Contains(w.status.Text, want) {
		t.Fatalf("status after the removed member's relabel: %q", w.status.Text)
	}
	if texts := strings.Join(overlayTexts(w), " "); !strings.Contains(texts, want) {
		t.Fatalf("the error dialog lacks %q: %q", want, texts)
	}
	if got, err := owner.Annotations(ctx, res[0].DocID, "ann"); err != nil || len(got) != 1 || got[0].Label != hers.Label {
		t.Fatalf("ann's span after the refused relabel: %+v %v", got, err)
	}
}

// TestRemovedMemberBannerSaysRemoved: ann's window (through the offline
// queue, as the real window opens a server project) is open when the
// owner removes her. The listener's reconnection is refused at login,
// and the banner says that her membership was removed, not "offline …
// reconnects by itself" (the walk's finding); it stays so after her
// next edit is refused, and the refusal does not show the driver's SASL
// and SQLSTATE words.
func TestRemovedMemberBannerSaysRemoved(t *testing.T) {
	ctx := context.Background()
	url := pgtest.FreshDatabase(t)
	annURL, _ := liveTeam(t, url)
	owner, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	w, posts := liveWindow(t, queuedStore(t, annURL))
	pump(t, posts, 5*time.Second, "listening", func() bool { return w.OfflineBanner() == "" && len(posts) == 0 })

	if _, err := owner.RemoveMember(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	pump(t, posts, 10*time.Second, "the removed banner", func() bool { return w.OfflineBanner() == removedText })

	sc, _ := owner.Schema(ctx)
	s, e := span(assets.DemoArticle, "The White House")
	w.view.SetSelection(s, e)
	w.applyLabel(sc.Labels[0].Name)
	pump(t, posts, 10*time.Second, "the refusal", func() bool { return strings.HasPrefix(w.status.Text, "not saved: ") })
	if w.OfflineBanner() != removedText {
		t.Fatalf("banner after the refused edit: %q", w.OfflineBanner())
	}
	texts := strings.Join(overlayTexts(w), " ")
	if !strings.Contains(texts, "your membership in this project was removed") || strings.Contains(texts, "SQLSTATE") || strings.Contains(texts, "SASL") {
		t.Fatalf("the refusal dialog: %q", texts)
	}
}
