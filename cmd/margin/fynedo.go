package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/margin-app/margin/internal/version"
)

// newApp is app.NewWithID with Fyne's "fyneDo" migration declared.
//
// Without it, every canvas.Refresh (each SetText, each moved highlight or
// line of text) asks whether it runs on Fyne's goroutine by formatting the
// goroutine's stack with runtime.Stack: 45% of the UI goroutine's CPU on a
// Tab in the 1 MB document, and a quarter of a wheel step (issue 14's
// profiles). The window makes every UI call on that goroutine already
// (work elsewhere reaches it through fyne.Do; bench/gui.py counts Fyne's
// wrong-goroutine complaints in the app's stderr: none), which is what the
// migration declares. Only the check goes: Fyne keeps its locks (those go
// only with the migrated_fynedo build tag, which we do not set).
//
// The metadata is set before the app exists: Fyne reads the migration
// once, on the first check, which a goroutine of the new app may make
// at once. Nothing in Margin reads the rest of the metadata, and no
// packaged metadata is compiled in (make package wraps the built binary).
func newApp(id string) fyne.App {
	app.SetMetadata(fyne.AppMetadata{
		ID:         id,
		Name:       "Margin",
		Version:    version.String(),
		Build:      1,
		Migrations: map[string]bool{"fyneDo": true},
	})
	return app.NewWithID(id)
}
