package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/internal/prefstore"
	"github.com/margin-app/margin/ui"
)

// openPreferences opens Margin's preferences file in the app's config
// directory (internal/prefstore: replaced whole on each save, where
// Fyne's own file was truncated and rewritten, and came back empty after
// an exit mid-save) and makes it the window's. The first time, the values
// Fyne's file held are taken over. A file that cannot be read is set
// aside with a message and the defaults are used; the window still opens.
func openPreferences(a fyne.App) *prefstore.Store {
	// Fyne's storage root is <config dir>/<app ID>, where its own
	// preferences.json lives.
	dir := a.Storage().RootURI().Path()
	path := filepath.Join(dir, prefstore.FileName)
	s, err := prefstore.Open(path, filepath.Join(dir, "preferences.json"))
	var corrupt *prefstore.CorruptError
	switch {
	case errors.As(err, &corrupt):
		fmt.Fprintln(os.Stderr, "margin:", err)
	case err != nil:
		// Unreadable for another reason (permissions): keep the
		// preferences in memory for this session rather than refuse to open
		// the project; saving will report its own error.
		fmt.Fprintln(os.Stderr, "margin:", err)
		s = prefstore.New(path)
	}
	ui.SetPreferences(s)
	// Fyne's own dialogs keep their state (the file dialog's last folder
	// and view, the colour picker's recent colours) in
	// fyne.CurrentApp().Preferences(): Fyne's file, with the save that an
	// exit could cut short. They are given Margin's store instead.
	fyne.SetCurrentApp(prefsApp{App: a, prefs: s})
	return s
}

// prefsApp is the app as Fyne's widgets find it (fyne.CurrentApp), with
// Margin's preferences store in place of Fyne's; everything else is a's.
type prefsApp struct {
	fyne.App
	prefs fyne.Preferences
}

func (p prefsApp) Preferences() fyne.Preferences { return p.prefs }
