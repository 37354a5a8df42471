package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/internal/version"
)

// labelsIn collects the text of every label drawn under o.
func labelsIn(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// findInfoButton finds the toolbar's icon-only About button.
func findInfoButton(o fyne.CanvasObject) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == "" && v.Icon != nil && v.Icon.Name() == theme.InfoIcon().Name() {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findInfoButton(c); b != nil {
				return b
			}
		}
	}
	return nil
}

// TestAboutShowsVersion: the window's ⓘ button opens the About dialog,
// which shows the version the build was given (-X ...version.Version).
func TestAboutShowsVersion(t *testing.T) {
	old := version.Version
	version.Version = "v1.4.0-2-gdeadbee"
	t.Cleanup(func() { version.Version = old })
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	b := findInfoButton(w.win.Content())
	if b == nil {
		t.Fatal("no About (ⓘ) button in the window")
	}
	test.Tap(b)
	overlay := w.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("the About dialog did not open")
	}
	found := false
	for _, l := range labelsIn(overlay) {
		if l == "Version v1.4.0-2-gdeadbee" {
			found = true
		}
	}
	if !found {
		t.Errorf("About dialog labels %q lack the version", labelsIn(overlay))
	}
}
