package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/assets"
)

// TestLabelTagsPreference: Window.SetShowLabelTags shows the tags and
// remembers the choice in the preferences; every span carries its label
// as its tag.
func TestLabelTagsPreference(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	if w.View().ShowLabelTags() {
		t.Fatal("label tags on by default")
	}
	w.SetShowLabelTags(true)
	if !w.View().ShowLabelTags() || !fyne.CurrentApp().Preferences().Bool(PrefLabelTags) {
		t.Fatal("SetShowLabelTags did not show and remember the tags")
	}
	s, e := span(assets.DemoArticle, "Trump")
	w.View().SetSelection(s, e)
	w.applyLabel("ACTOR")
	if len(w.anns) != 1 {
		t.Fatalf("%d annotations", len(w.anns))
	}
	for _, h := range w.highlightsOf(w.anns[0]) {
		if h.Tag != "ACTOR" {
			t.Errorf("highlight %s tagged %q, want ACTOR", h.ID, h.Tag)
		}
	}
	w.SetShowLabelTags(false)
	if w.View().ShowLabelTags() || fyne.CurrentApp().Preferences().Bool(PrefLabelTags) {
		t.Error("SetShowLabelTags(false) left the tags on")
	}
}
