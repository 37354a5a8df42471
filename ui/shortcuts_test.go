package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestShortcutSheetListsEveryBinding: the sheet (F1, ?) lists every
// binding of the table the window registers its shortcuts from, and
// closes with Esc and Enter.
func TestShortcutSheetListsEveryBinding(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	c := w.win.Canvas()
	w.showShortcuts()
	sheet := c.Overlays().Top()
	if sheet == nil {
		t.Fatal("the shortcut sheet did not open")
	}
	shown := strings.Join(labelsIn(sheet), "\n")
	for _, r := range sheetRows(w.bindings()) {
		if !strings.Contains(shown, r[1]) || !strings.Contains(shown, r[2]) {
			t.Errorf("the sheet lacks %q: %q", r[1], r[2])
		}
	}
	for _, want := range []string{"Ctrl+Q", "Ctrl+O", "Ctrl+N", "F1 or ?", "Enter / Esc"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the sheet lacks %s", want)
		}
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil {
		t.Fatal("Esc did not close the shortcut sheet")
	}
	// ? in the article opens it too, and Enter closes it.
	c.Focus(w.View())
	w.View().TypedRune('?')
	if c.Overlays().Top() == nil {
		t.Fatal("? in the article did not open the sheet")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Overlays().Top() != nil {
		t.Fatal("Enter did not close the shortcut sheet")
	}
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	if c.Overlays().Top() == nil {
		t.Fatal("F1 in the article did not open the sheet")
	}
}

// TestShortcutsRunTheirActions: Ctrl+F focuses Search, Ctrl+, opens the
// preferences and Ctrl+Q closes the window, through the canvas as the
// desktop driver delivers them.
func TestShortcutsRunTheirActions(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	c := w.win.Canvas().(interface {
		fyne.Canvas
		TypedShortcut(fyne.Shortcut)
	})
	c.TypedShortcut(shortcutKey(fyne.KeyF, ctrl))
	if c.Focused() != w.search.entry {
		t.Fatalf("Ctrl+F focused %T, want the search entry", c.Focused())
	}
	c.Unfocus()
	c.TypedShortcut(shortcutKey(fyne.KeyComma, ctrl))
	if w.shell.prefs == nil {
		t.Fatal("Ctrl+, did not open the preferences")
	}
	w.shell.prefs.Hide()
	c.TypedShortcut(shortcutKey(fyne.KeyQ, ctrl))
	select {
	case <-closedChan(w):
	default:
		t.Fatal("Ctrl+Q did not close the window")
	}
}

// TestArticleKeysOfTheSheetAreHandled: each article key the sheet lists
// without a shortcut is taken by the article view's handlers, and a key
// the sheet does not list is not taken (the other direction of drift).
func TestArticleKeysOfTheSheetAreHandled(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	for _, k := range []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyTab, fyne.KeyEscape, fyne.KeyF1} {
		if !w.viewKey(&fyne.KeyEvent{Name: k}) {
			t.Errorf("the article does not take %s, which the sheet lists", k)
		}
		if d := w.shell.sheet; d != nil {
			d.Hide()
		}
	}
	for _, r := range []rune{'j', 'k', '1', '?'} {
		if !w.viewRune(r) {
			t.Errorf("the article does not take %q, which the sheet lists", r)
		}
		if d := w.shell.sheet; d != nil {
			d.Hide()
		}
	}
	listed := strings.Join(func() []string {
		var out []string
		for _, r := range sheetRows(w.bindings()) {
			out = append(out, r[1])
		}
		return out
	}(), " ")
	for _, k := range []fyne.KeyName{fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageDown, fyne.KeyF2, fyne.KeyInsert} {
		if w.viewKey(&fyne.KeyEvent{Name: k}) && !strings.Contains(listed, string(k)) {
			t.Errorf("the article takes %s, which the sheet does not list", k)
		}
	}
}
