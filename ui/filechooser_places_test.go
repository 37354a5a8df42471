package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/formats/all"
)

// tapText clicks the middle of the text shown in the top overlay of c,
// as the mouse does: the widget under it that takes clicks gets it.
func tapText(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	var at fyne.Position
	found := false
	var walk func(o fyne.CanvasObject, pos fyne.Position)
	walk = func(o fyne.CanvasObject, pos fyne.Position) {
		if found || o == nil || !o.Visible() {
			return
		}
		pos = pos.Add(o.Position())
		if tx, ok := o.(*canvas.Text); ok && tx.Text == text {
			at, found = pos.Add(fyne.NewPos(tx.Size().Width/2, tx.Size().Height/2)), true
			return
		}
		switch k := o.(type) {
		case *fyne.Container:
			for _, o := range k.Objects {
				walk(o, pos)
			}
		case fyne.Widget:
			for _, o := range test.WidgetRenderer(k).Objects() {
				walk(o, pos)
			}
		}
	}
	top := c.Overlays().Top()
	walk(top, fyne.NewPos(-top.Position().X, -top.Position().Y)) // a pop-up's Position is its content's
	if !found {
		t.Fatalf("no text %q in the top dialog", text)
	}
	test.TapCanvas(c, at)
}

// talksChooser is a window on a project in dir beside talks.txt, and
// show opens its Open chooser for .txt files, which sets *opened to the
// file opened.
func talksChooser(t *testing.T, dir string) (w *Window, c fyne.Canvas, opened *string, show func()) {
	t.Helper()
	w, c = dialogWindow(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "talks.txt"), []byte("Talks resumed.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opened = new(string)
	show = func() { w.pickFile([]string{".txt"}, func(p string) { *opened = p }) }
	return w, c, opened, show
}

// TestClickOnTheOpenPlaceKeepsEnterAndEsc: a click on a row of the
// chooser's places list focuses the list, and Fyne's list had no use
// for Enter or Esc; the focus went back to the list's stand-in only when
// the click changed the selection, so a click on the place already
// selected (Home, the folder shown) left both keys dead. With HOME the
// project's folder, where the chooser starts: a click on Home, and Esc
// closes the chooser; a click on talks.txt, one on Home, and Enter opens
// the file.
func TestClickOnTheOpenPlaceKeepsEnterAndEsc(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	w, c, opened, show := talksChooser(t, dir)

	show()
	tapText(t, c, "Home")
	if _, ok := c.Focused().(*keyList); !ok {
		t.Errorf("the click on Home focused %T, not Margin's places list", c.Focused())
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc after a click on the open place left %q", overlayTexts(w))
	}

	show()
	tapText(t, c, "talks") // the grid shows names without their extension
	tapText(t, c, "Home")
	press(c, fyne.KeyReturn)
	if want := filepath.Join(dir, "talks.txt"); *opened != want {
		t.Fatalf("Enter after a click on the open place opened %q, want %q (dialogs %q)", *opened, want, overlayTexts(w))
	}
	if overlays(w) != 0 {
		t.Fatalf("Enter left %q", overlayTexts(w))
	}
}

// TestPlacesListFollowsTheFolder: the places list shown is Margin's, and
// it and Fyne's (which the chooser reads) follow each other: a click on
// Computer opens / (the folder path shows no folder of the project's),
// one on Home opens HOME again, where talks.txt shows.
func TestPlacesListFollowsTheFolder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	w, c, _, show := talksChooser(t, dir)
	show()
	defer func() {
		for overlays(w) > 0 {
			c.Overlays().Top().Hide()
		}
	}()
	if !hasText(overlayTexts(w), "talks") {
		t.Fatalf("the chooser does not start in HOME: %q", overlayTexts(w))
	}
	tapText(t, c, "Computer")
	if hasText(overlayTexts(w), "talks") || hasText(overlayTexts(w), filepath.Base(dir)) {
		t.Fatalf("Computer did not open /: %q", overlayTexts(w))
	}
	tapText(t, c, "Home")
	if !hasText(overlayTexts(w), "talks") {
		t.Fatalf("Home did not open HOME again: %q", overlayTexts(w))
	}
}

// TestSaveChooserPlaceClickKeepsEnter: in the Save chooser, whose name
// box has the focus, a click on the open place (Home) moves the focus to
// the places list, and Enter there still saves under the name given.
func TestSaveChooserPlaceClickKeepsEnter(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	w, c := dialogWindow(t, dir)
	f, _ := all.Lookup("jsonl")
	showChooser(w.exportSaveDialog(f, "ana", ""), w.win)
	tapText(t, c, "Home")
	if _, ok := c.Focused().(*keyList); !ok {
		t.Errorf("the click on Home focused %T, not Margin's places list", c.Focused())
	}
	press(c, fyne.KeyReturn)
	deadline := time.Now().Add(30 * time.Second)
	for len(w.runningNow()) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(dir, "p.jsonl")); err != nil {
		t.Fatalf("Enter after a click on the open place saved nothing (%v); dialogs %q", err, overlayTexts(w))
	}
	for overlays(w) > 0 {
		c.Overlays().Top().Hide()
	}
}
