package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// windowAndCLI opens a window on a project and a second handle on the same
// file, as a 'margin' command in a terminal (or a second window) has.
func windowAndCLI(t *testing.T) (*Window, *storage.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	t.Cleanup(func() { db.Close() })
	w := openWindow(t, db)
	other, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	db.ExternalChange(context.Background()) // the window's starting point (WatchExternal does this)
	return w, other
}

// TestWindowReloadsAfterAChangeElsewhere: a command adds an annotation
// while the window is open; the window's next poll shows it.
func TestWindowReloadsAfterAChangeElsewhere(t *testing.T) {
	w, other := windowAndCLI(t)
	ctx := context.Background()
	s, e := span(w.CurrentDocument().Text, phrase)
	a := &model.Annotation{DocID: w.CurrentDocument().ID, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := other.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	changed, err := w.store.(externalStore).ExternalChange(ctx)
	if err != nil || !changed {
		t.Fatalf("change elsewhere not noticed: %v %v", changed, err)
	}
	w.externalChanged()
	if w.annotation(a.ID) == nil {
		t.Fatal("the window does not show the annotation made elsewhere")
	}
	if !strings.Contains(w.status.Text, "changed in another window") {
		t.Fatalf("status: %q", w.status.Text)
	}
	// The window's own edits are not "elsewhere".
	upd := *w.annotation(a.ID)
	upd.Note = "mine"
	w.update(&upd, "note")
	if changed, _ := w.store.(externalStore).ExternalChange(ctx); changed {
		t.Fatal("the window's own edit counted as a change elsewhere")
	}
}

// TestStaleEditInTheWindowReloads: the window shows an annotation; a
// command changes its note; the window's relabel from its old copy is
// refused (it used to overwrite the note) and the window reloads, saying
// why.
func TestStaleEditInTheWindowReloads(t *testing.T) {
	w, other := windowAndCLI(t)
	ctx := context.Background()
	s, e := span(w.CurrentDocument().Text, phrase)
	a := &model.Annotation{DocID: w.CurrentDocument().ID, Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []model.Fragment{{Start: s, End: e}}}
	if err := w.store.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
		t.Fatal(err)
	}
	w.reloadAndSelect(a.ID)
	shown := *w.annotation(a.ID)
	inCLI, _ := other.Annotation(ctx, a.ID)
	inCLI.Note = "from the terminal"
	if err := other.UpdateAnnotation(ctx, inCLI); err != nil {
		t.Fatal(err)
	}
	shown.Attributes = map[string]any{}
	shown.Label = "ACTOR"
	w.update(&shown, "relabelled")
	got, _ := other.Annotation(ctx, a.ID)
	if got.Note != "from the terminal" || got.Label != "CEASEFIRE_TERM" {
		t.Fatalf("the stale edit went through: %+v", got)
	}
	if !strings.Contains(w.status.Text, "changed meanwhile") {
		t.Fatalf("status: %q", w.status.Text)
	}
	if now := w.annotation(a.ID); now == nil || now.Note != "from the terminal" {
		t.Fatalf("the window was not reloaded: %+v", now)
	}
}

// TestBannerWhenAnotherWindowHasTheProject: a second window registered on
// the project shows as a banner; it goes when that window closes.
func TestBannerWhenAnotherWindowHasTheProject(t *testing.T) {
	w, other := windowAndCLI(t)
	unregister, err := other.Register(context.Background(), "window")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	if b := w.OthersOpenBanner(); !strings.Contains(b, "also open in another Margin window") {
		t.Fatalf("banner: %q", b)
	}
	found := false
	for _, o := range w.banner.Objects {
		eachObject(o, func(c fyne.CanvasObject) {
			if l, ok := c.(*widget.Label); ok && strings.Contains(l.Text, "another Margin window") {
				found = true
			}
		})
	}
	if !found {
		t.Fatal("no banner in the window")
	}
	withBanner := w.shell.columns.Position().Y
	unregister()
	others, _ := w.store.(externalStore).OthersOpen(context.Background())
	w.setOthersOpen(others)
	if b := w.OthersOpenBanner(); b != "" || len(w.banner.Objects) != 0 {
		t.Fatalf("banner after the other window closed: %q (%d objects)", b, len(w.banner.Objects))
	}
	// The window is laid out again without it (bannersChanged): no blank
	// strip where it was.
	if y := w.shell.columns.Position().Y; y >= withBanner {
		t.Errorf("the columns stay at y=%.0f after the banner went (%.0f with it)", y, withBanner)
	}
}
