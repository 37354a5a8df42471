package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// press delivers a key to c as the desktop driver does: to the focused
// widget, else to the canvas's own handler.
func press(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// typeRune delivers a rune to c as the desktop driver does.
func typeRune(c fyne.Canvas, r rune) {
	if f := c.Focused(); f != nil {
		f.TypedRune(r)
		return
	}
	if h := c.OnTypedRune(); h != nil {
		h(r)
	}
}

func overlays(w *Window) int { return len(w.win.Canvas().Overlays().List()) }

// TestEnterAndEscAnswerEveryDialog: Esc closes (cancels) and Enter
// confirms each kind of dialog the window opens: information (Export
// finished, Merge finished), About, the shortcut sheet, a question (Yes
// runs, No does not), Preferences, the label-all preview and the file
// choosers (Esc cancels; Open is not pressed before a file is chosen).
// Fyne's dialogs answered neither key.
func TestEnterAndEscAnswerEveryDialog(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	c := w.win.Canvas()
	shows := map[string]func(){
		"information": func() { dialog.ShowInformation("Export finished", "Written to x.jsonl", w.win) },
		"about":       func() { ShowAbout(w.win) },
		"sheet":       w.showShortcuts,
	}
	for name, show := range shows {
		for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
			show()
			if overlays(w) != 1 {
				t.Fatalf("%s: %d dialogs open", name, overlays(w))
			}
			press(c, key)
			if overlays(w) != 0 {
				t.Errorf("%s stayed open after %s", name, key)
				c.Overlays().Top().Hide()
			}
		}
	}

	// A question: Enter is Yes, Esc is No.
	for _, tc := range []struct {
		key  fyne.KeyName
		want string
	}{{fyne.KeyReturn, "yes"}, {fyne.KeyEscape, "no"}} {
		got := ""
		dialog.ShowConfirm("Close without saving?", "Close anyway?", func(ok bool) {
			got = map[bool]string{true: "yes", false: "no"}[ok]
		}, w.win)
		press(c, tc.key)
		if got != tc.want || overlays(w) != 0 {
			t.Errorf("%s on a question answered %q (want %q), %d dialogs left", tc.key, got, tc.want, overlays(w))
		}
	}

	// The file chooser: Esc cancels it, Enter with no file chosen does
	// not open anything.
	opened := ""
	d := w.pickFile([]string{".margin"}, func(path string) { opened = path })
	loc, _ := storage.ListerForURI(storage.NewFileURI(filepath.Dir(db.Path())))
	d.SetLocation(loc)
	press(c, fyne.KeyReturn)
	if opened != "" || overlays(w) != 1 {
		t.Fatalf("Enter with no file chosen: opened %q, %d dialogs", opened, overlays(w))
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Errorf("Esc left the file chooser open")
	}

	// Rows of more than two buttons: Esc is Cancel, not the first button
	// (the schema editor's Codebook…, the import's File…).
	w.showSchemaEditor()
	c.Unfocus()
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Errorf("Esc on the schema editor left %q", overlayTexts(w))
		for overlays(w) > 0 {
			c.Overlays().Top().Hide()
		}
	}
	picked := ""
	w.askFolderOrFile("brat", func() { picked = "folder" }, func() { picked = "file" })
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 || picked != "" {
		t.Errorf("Esc on folder-or-file picked %q, %d dialogs left", picked, overlays(w))
		for overlays(w) > 0 {
			c.Overlays().Top().Hide()
		}
	}

	// Preferences: Esc cancels with nothing focused in it, as with a
	// box focused (its own handler).
	w.showPreferences()
	c.Unfocus()
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 || w.shell.prefs != nil {
		t.Errorf("Esc left Preferences open")
	}
}

// TestWindowKeysDoNothingBehindADialog: while the label-all preview
// shows, Ctrl+Z (it used to undo, and go to the document undone, under
// the preview), a label hotkey, Delete and ? do nothing to the article
// or the window; Enter then labels.
func TestWindowKeysDoNothingBehindADialog(t *testing.T) {
	w, count := secondDocWithSpan(t)
	c := w.win.Canvas()
	doc := w.CurrentDocument().ID
	w.clearSelections()
	w.search.labelAs.SetSelected("PRECONDITION")
	if overlays(w) != 1 {
		t.Fatalf("no preview: %q", overlayTexts(w))
	}
	c.(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
	typeRune(c, '1')
	typeRune(c, '?')
	press(c, fyne.KeyDelete)
	// The article, should a key reach it under the dialog, ignores it.
	w.View().TypedRune('2')
	w.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := count(); n != 1 || w.CurrentDocument().ID != doc {
		t.Fatalf("keys behind the preview changed the project: %d annotations (want 1), document %d (want %d)", n, w.CurrentDocument().ID, doc)
	}
	if overlays(w) != 1 {
		t.Fatalf("%d dialogs: ? opened the sheet over the preview", overlays(w))
	}
	press(c, fyne.KeyReturn)
	if n := count(); n != 3 || overlays(w) != 0 {
		t.Fatalf("Enter on the preview: %d annotations (want 3), %d dialogs", n, overlays(w))
	}
}

// TestLabelAllLeavesOneSelection: after "label all" from the toolbar's
// search, the status bar shows the new span selected and no text
// selection, and the keys are the article's again, so Delete deletes
// that span (the search box kept the focus and the match stayed
// selected beside the span: "selection 0–15 · CEASEFIRE_TERM 480–489").
func TestLabelAllLeavesOneSelection(t *testing.T) {
	w, count := secondDocWithSpan(t)
	c := w.win.Canvas()
	c.Focus(w.search.entry)
	w.search.step(1) // a match selected as text
	if w.selection[1] <= w.selection[0] {
		t.Fatal("stepping to a match selected nothing")
	}
	w.search.labelAs.SetSelected("PRECONDITION")
	test.Tap(dialogButton(t, w, "Label 2"))
	if n := count(); n != 3 {
		t.Fatalf("%d annotations, want 3", n)
	}
	st := w.status.Text
	if strings.Contains(st, "selection") || !strings.Contains(st, "PRECONDITION") {
		t.Errorf("status %q: want the new span and no text selection", st)
	}
	if s, e := w.View().Selection(); e > s {
		t.Errorf("text %d–%d still selected beside the span", s, e)
	}
	if c.Focused() != w.View() {
		t.Fatalf("focus on %T, not the article", c.Focused())
	}
	press(c, fyne.KeyDelete)
	if n := count(); n != 2 {
		t.Errorf("Delete after label all: %d annotations, want 2", n)
	}
}

// TestEscOnASearchAllQuestionClosesOnlyIt: Esc on "Label all matches?"
// in the Search all documents window closes the question, not the
// window; a second Esc closes the window.
func TestEscOnASearchAllQuestionClosesOnlyIt(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	w.ShowSearchAcrossDocuments()
	s := w.searchAll
	posted := make(chan func(), 16)
	s.post = func(fn func()) { posted <- fn }
	s.entry.SetText("Ceasefire")
	s.run()
	drainUntil(t, posted, func() bool { return strings.Contains(s.status.Text, "matches") })
	s.labelAs.SetSelected("CEASEFIRE_TERM")
	test.Tap(s.apply)
	drainUntil(t, posted, func() bool { return s.confirm != nil })
	sc := s.win.Canvas()
	sc.Unfocus() // as after the click on the button: nothing in the question focused
	press(sc, fyne.KeyEscape)
	if w.searchAll == nil {
		t.Fatal("Esc on the question closed the Search all documents window")
	}
	if sc.Overlays().Top() != nil {
		t.Fatal("Esc left the question open")
	}
	press(sc, fyne.KeyEscape)
	if w.searchAll != nil {
		t.Error("a second Esc did not close the window")
	}
}

// TestClicksAfterACtrlShortcutDialog: Ctrl+, (Preferences) pressed in the
// article and Ctrl let go over the dialog: the article never saw the
// release, took every later click for a Ctrl+click (a fragment of the
// selected span) and ignored it, until a click elsewhere. Clicks select
// spans again.
func TestClicksAfterACtrlShortcutDialog(t *testing.T) {
	_, w, a, b := notesProject(t)
	v := w.View()
	c := w.win.Canvas()
	c.Focus(v)
	clickSpan(w, a.Start())
	if v.SelectedHighlight() != a.ID {
		t.Fatalf("click selected %q, want %s", v.SelectedHighlight(), a.ID)
	}
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft}) // Ctrl down in the article
	// Ctrl+, as the driver delivers it; Ctrl's release goes to the dialog.
	c.(fyne.Shortcutable).TypedShortcut(shortcutKey(fyne.KeyComma, ctrl))
	if overlays(w) != 1 {
		t.Fatalf("Ctrl+, opened %d dialogs", overlays(w))
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatal("Preferences stayed open")
	}
	// The article's keys do not take Ctrl as held either (Shift+Tab,
	// Ctrl+arrows read it).
	if m := v.Modifiers(); m != 0 {
		t.Errorf("after the dialog the article still holds modifiers %v", m)
	}
	clickSpan(w, b.Start())
	if v.SelectedHighlight() != b.ID {
		t.Errorf("after the dialog a click on the other span selected %q, want %s", v.SelectedHighlight(), b.ID)
	}
}

// TestEscAfterClickingACheckBox: a check box clicked in Preferences takes
// the focus (the desktop driver focuses what is clicked) and, focused,
// ignored Esc and Enter; it gives the keys back to the dialog.
func TestEscAfterClickingACheckBox(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	w := openWindow(t, db)
	c := w.win.Canvas()
	w.showPreferences()
	var check *keyCheck
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		if ch, ok := o.(*keyCheck); ok {
			check = ch
		}
	}
	if check == nil {
		t.Fatalf("no check box in %q", overlayTexts(w))
	}
	c.Focus(check) // the click's focus, then its toggle
	if c.Focused() != check {
		t.Fatalf("the check box did not take the focus (%T has it)", c.Focused())
	}
	test.Tap(check)
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc after clicking the check box left %q", overlayTexts(w))
	}
}
