package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestCuratorVerdictQueuedOffline: a curator's window curates ana's and
// bob's overlapping terms; the server stops and the curator accepts
// ana's term into gold. The verdict is queued (the status says so, no
// error), the group shows as decided so that it is not offered for a
// second verdict, and once the server is back the one verdict and its
// gold span are on the server.
func TestCuratorVerdictQueuedOffline(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.PrivateServer(t)
	ownerURL := srv.Database(t, "margin")
	anaURL, bobURL := liveTeam(t, ownerURL)
	owner := openPG(t, ownerURL)
	m, pw, err := owner.AddMember(ctx, "cur", postgres.KindCurator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pgtest.DropRole(t, ownerURL, m.Role) })
	curURL, err := postgres.MemberURL(ownerURL, m, pw)
	if err != nil {
		t.Fatal(err)
	}
	for who, u := range map[string]string{"ana": anaURL, "bob": bobURL} {
		sub := phrase
		if who == "bob" {
			sub = "an “" + phrase
		}
		addSpan(t, openPG(t, u), who, "CEASEFIRE_TERM", sub, nil)
	}
	store := queuedStore(t, curURL)
	w, posts := liveWindowAs(t, store, "cur")
	w.modeSelect.SetSelected(modeCurate)
	w.review.step(1)
	at := w.review.at
	accept := reviewButton(w, "Accept ana: CEASEFIRE_TERM")
	if at < 0 || accept == nil {
		t.Fatalf("curate did not open on the two terms: at %d, clusters %+v", at, w.review.clusters)
	}
	listening(t, w, posts)

	srv.Stop(t)
	pump(t, posts, 5*time.Second, "the offline banner", func() bool { return strings.HasPrefix(w.OfflineBanner(), "offline: Margin reconnects by itself") })
	test.Tap(accept)
	pump(t, posts, 10*time.Second, "the verdict queued", func() bool {
		return strings.HasPrefix(w.OfflineBanner(), "offline: 1 edit waiting") && w.ctl.Idle()
	})
	if !strings.HasPrefix(w.status.Text, "queued (offline)") {
		t.Fatalf("status after a verdict made offline: %q", w.status.Text)
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog after the queued verdict: %q", dialogText(w))
	}
	if !w.review.curated[at] {
		t.Fatal("the group judged offline is still offered for a verdict")
	}
	srv.Start(t)
	pump(t, posts, 15*time.Second, "the banner goes", func() bool { return w.OfflineBanner() == "" && !w.live.busy })
	// What the server holds, read by a fresh client: the owner's pooled
	// connections were ended by the restart, and the first read on one
	// reports the server offline (by design: wrap resets the pool).
	check := openPG(t, ownerURL)
	vs, err := check.Verdicts(ctx, 1)
	if err != nil || len(vs) != 1 || vs[0].Verdict != model.VerdictAccept || vs[0].Curator != "cur" {
		t.Fatalf("verdicts on the server: %+v %v", vs, err)
	}
	gold, err := check.Annotations(ctx, 1, model.GoldAnnotator)
	if err != nil || len(gold) != 1 || gold[0].ID != vs[0].GoldID {
		t.Fatalf("gold on the server: %+v %v", gold, err)
	}
}
