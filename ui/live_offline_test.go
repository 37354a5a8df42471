package ui

import (
	"path/filepath"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestOfflineBannerLeavesNoStrip: the listener's connection is lost (the
// banner shows, pushing the columns down), then back: the banner goes
// and so does its space, the columns back where they were at opening
// (the tester saw a blank strip stay where the banner was).
func TestOfflineBannerLeavesNoStrip(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	top := func() float32 { return w.shell.columns.Position().Y }
	at := top()
	w.liveEvent(model.ChangeEvent{Online: false})
	if w.OfflineBanner() == "" || top() <= at {
		t.Fatalf("offline: banner %q, columns at %v (were at %v)", w.OfflineBanner(), top(), at)
	}
	w.liveEvent(model.ChangeEvent{Online: true})
	if w.OfflineBanner() != "" {
		t.Fatalf("back online, the banner says %q", w.OfflineBanner())
	}
	if top() != at {
		t.Fatalf("back online, the columns are at %v, were at %v at opening: the banner's space stayed", top(), at)
	}
	if w.banner.Size().Height > 0 {
		t.Fatalf("the empty banner still takes %v", w.banner.Size())
	}
}
