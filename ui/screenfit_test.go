package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestRememberedSizeFitsTheScreen is the tester's bug: a 1280×800 window
// kept in the preferences opened at 1280×800 on a 1024×640 screen (and
// 1024×640 on 800×600), with the right pane, the ☰ menu and the status bar
// off the screen. The size opened with is now the remembered one cut to
// the screen's, and the remembered one where it fits.
func TestRememberedSizeFitsTheScreen(t *testing.T) {
	for _, c := range []struct{ kept, screen, want fyne.Size }{
		{fyne.NewSize(1280, 800), fyne.NewSize(1024, 640), fyne.NewSize(1024, 640)},
		{fyne.NewSize(1024, 640), fyne.NewSize(800, 600), fyne.NewSize(800, 600)},
		{fyne.NewSize(900, 700), fyne.NewSize(1920, 1080), fyne.NewSize(900, 700)},
		{fyne.NewSize(1280, 500), fyne.NewSize(1024, 640), fyne.NewSize(1024, 500)},
		{fyne.NewSize(1280, 800), fyne.Size{}, fyne.NewSize(1280, 800)}, // screen not known
	} {
		if got := FitToScreen(c.kept, c.screen); got != c.want {
			t.Errorf("kept %v on a %v screen: opens at %v, want %v", c.kept, c.screen, got, c.want)
		}
	}
}
