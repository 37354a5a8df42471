package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// TestPreferencesTurnLabelTagsOn: the Preferences form has the label-tag
// switch; Save draws the tags and keeps the choice for the next window.
func TestPreferencesTurnLabelTagsOn(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	if w.View().ShowLabelTags() {
		t.Fatal("label tags are on before anyone turned them on")
	}
	w.showPreferences()
	var tags *keyCheck
	for _, it := range formItems(w.win.Canvas().Overlays().Top()) {
		if c, ok := it.Widget.(*keyCheck); ok && it.Text == "Label tags" {
			tags = c
		}
	}
	if tags == nil {
		t.Fatal("the Preferences form has no label-tag switch")
	}
	tags.SetChecked(true)
	w.shell.prefs.(*dialog.FormDialog).Submit()
	if !w.View().ShowLabelTags() {
		t.Fatal("Save did not turn the label tags on")
	}
	if !fyne.CurrentApp().Preferences().Bool(PrefLabelTags) {
		t.Fatal("the choice was not kept")
	}
	w2 := openWindowOnApp(t, demoProject(t, filepath.Join(t.TempDir(), "q.margin")))
	if !w2.View().ShowLabelTags() {
		t.Fatal("a new window does not draw the kept label tags")
	}
}
