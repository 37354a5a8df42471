package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chooserIconButton is the chooser's button showing icon (its header's
// new-folder and options buttons have no text).
func chooserIconButton(t *testing.T, c fyne.Canvas, icon fyne.Resource) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == icon.Name() {
			return b
		}
	}
	t.Fatalf("no button with the icon %s in the chooser", icon.Name())
	return nil
}

// overlayEntry is the one-line entry of the top overlay.
func overlayEntry(t *testing.T, c fyne.Canvas) fyne.Focusable {
	t.Helper()
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		switch e := o.(type) {
		case *widget.Entry:
			return e
		case *escEntry:
			return e
		}
	}
	t.Fatal("no entry in the top dialog")
	return nil
}

// TestNewFolderFormAnswersEnterAndEsc: the chooser's New Folder form
// (Fyne's) ignored Enter and Esc in its name box: the folder was made
// by a click on Create Folder only, and Esc left the form open. Clicked
// into, typed "minutes" and Enter: the folder is made, the form closes,
// the chooser stays and lists it; again with "drafts" and Esc: no folder,
// the chooser stays, and a second Esc closes it.
func TestNewFolderFormAnswersEnterAndEsc(t *testing.T) {
	dir := t.TempDir()
	w, c := dialogWindow(t, dir)
	w.pickFile(nil, func(string) {})
	newFolder := func(name string) {
		t.Helper()
		test.Tap(chooserIconButton(t, c, theme.FolderNewIcon()))
		if overlays(w) != 2 {
			t.Fatalf("the new-folder button opened no form: %q", overlayTexts(w))
		}
		e := overlayEntry(t, c)
		c.Focus(e) // the click into the name box
		for _, r := range name {
			typeRune(c, r)
		}
	}

	newFolder("minutes")
	press(c, fyne.KeyReturn)
	if fi, err := os.Stat(filepath.Join(dir, "minutes")); err != nil || !fi.IsDir() {
		t.Fatalf("Enter in the New Folder form made no folder (%v); dialogs %q", err, overlayTexts(w))
	}
	if overlays(w) != 1 || !hasText(overlayTexts(w), "minutes") {
		t.Fatalf("after Enter in the New Folder form: %d dialogs, %q; want the chooser listing minutes", overlays(w), overlayTexts(w))
	}

	newFolder("drafts")
	press(c, fyne.KeyEscape)
	if overlays(w) != 1 || !hasText(overlayTexts(w), "Cancel") {
		t.Fatalf("after Esc in the New Folder form: %d dialogs, %q; want the chooser alone", overlays(w), overlayTexts(w))
	}
	if _, err := os.Stat(filepath.Join(dir, "drafts")); !os.IsNotExist(err) {
		t.Fatalf("Esc in the New Folder form made the folder (%v)", err)
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc after the New Folder form left %q", overlayTexts(w))
	}
}

// TestChooserOptionsPopUpClosesOnEnterAndEsc: the chooser's options
// pop-up (Show Hidden Files) has no button, and neither key closed it:
// only a click outside did. Esc with nothing focused closes it and
// leaves the chooser; reopened, a click on Show Hidden Files lists the
// hidden .notes, and Enter on the box closes the pop-up; then Esc
// closes the chooser.
func TestChooserOptionsPopUpClosesOnEnterAndEsc(t *testing.T) {
	dir := t.TempDir()
	w, c := dialogWindow(t, dir)
	if err := os.WriteFile(filepath.Join(dir, ".notes"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.pickFile(nil, func(string) {})
	options := func() {
		t.Helper()
		test.Tap(chooserIconButton(t, c, theme.SettingsIcon()))
		if overlays(w) != 2 {
			t.Fatalf("the options button opened no pop-up: %d overlays", overlays(w))
		}
	}
	options()
	c.Unfocus()
	press(c, fyne.KeyEscape)
	if overlays(w) != 1 {
		t.Fatalf("Esc left the chooser's options pop-up open: %q", overlayTexts(w))
	}

	options()
	tapText(t, c, "Show Hidden Files")
	if !hasText(overlayTexts(w), ".notes") {
		t.Fatalf("Show Hidden Files did not list .notes: %q", overlayTexts(w))
	}
	press(c, fyne.KeyReturn)
	if overlays(w) != 1 {
		t.Fatalf("Enter on Show Hidden Files left the pop-up open: %d overlays", overlays(w))
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc after the options pop-up left %q", overlayTexts(w))
	}
}
