package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/formats/all"
)

// dialogWindow is a window on a demo project p.margin in dir, whose
// choosers start in dir.
func dialogWindow(t *testing.T, dir string) (*Window, fyne.Canvas) {
	t.Helper()
	rememberChooserDir("")
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	t.Cleanup(func() { db.Close() })
	w := openWindow(t, db)
	return w, w.win.Canvas()
}

// focusedText names the focused widget of c: a button's text, else its
// type.
func focusedText(c fyne.Canvas) string {
	f := c.Focused()
	if o, ok := f.(fyne.CanvasObject); ok {
		if b := buttonOf(o); b != nil {
			return b.Text
		}
	}
	return fmt.Sprintf("%T", f)
}

// focusStops is how many widgets Tab visits in the dialog show opens
// (it wraps round to the first).
func focusStops(t *testing.T, c fyne.Canvas, show func(), cleanup func()) int {
	t.Helper()
	show()
	defer cleanup()
	c.Unfocus()
	c.FocusNext()
	first := c.Focused()
	if first == nil {
		t.Fatal("Tab focused nothing in the dialog")
	}
	for n := 1; n < 40; n++ {
		c.FocusNext()
		if c.Focused() == first {
			return n
		}
	}
	t.Fatal("Tab never came back to the first widget")
	return 0
}

// tabCase is a dialog for TestTabbedWidgetsAnswerEnterAndEsc: show opens
// it, answer says what the last key did ("ok", "cancel", "open" while it
// still shows, or the name of a button's own action), buttons the answer
// of Enter on a focused button by its text (Enter elsewhere: enter).
type tabCase struct {
	name    string
	show    func()
	answer  func() string
	enter   string
	buttons map[string]string
	reset   func()
}

// TestTabbedWidgetsAnswerEnterAndEsc: in each dialog, with Tab moved onto
// each of its widgets in turn (entries, selects, check boxes, lists,
// links, buttons), Esc cancels the dialog and Enter taps the focused
// button, or confirms the dialog from a widget without an Enter of its
// own. The focused widget (Fyne's Check, Select, Button, List) used to
// keep both keys and do nothing.
func TestTabbedWidgetsAnswerEnterAndEsc(t *testing.T) {
	w, c := dialogWindow(t, t.TempDir())
	hideAll := func() {
		for overlays(w) > 0 {
			c.Overlays().Top().Hide()
		}
		w.shell.prefs = nil
		w.setStatusText("")
	}
	// closedOr is "cancel" with no dialog left, "ok" when the top
	// dialog has a button okText (what confirming opened), else "open".
	closedOr := func(base int, okTexts ...string) func() string {
		return func() string {
			if overlays(w) == base {
				return "cancel"
			}
			for _, ok := range okTexts {
				if hasButton(c, ok) {
					return "ok"
				}
			}
			return "open"
		}
	}
	got := ""
	picked := ""
	cases := []tabCase{
		{name: "question", show: func() {
			showConfirm("Delete annotations?", "3 annotations use it.", func(ok bool) { got = map[bool]string{true: "ok", false: "cancel"}[ok] }, w.win)
		}, answer: func() string { return got }, buttons: map[string]string{"Yes": "ok", "No": "cancel"}},
		{name: "information", show: func() { showInformation("Export finished", "Written to x.jsonl", w.win) },
			answer: closedOr(0), enter: "cancel", buttons: map[string]string{"OK": "cancel"}},
		{name: "about", show: func() { ShowAbout(w.win) }, answer: closedOr(0),
			enter: "open", buttons: map[string]string{"Close": "cancel"}}, // Enter on the link opens it
		{name: "shortcut sheet", show: w.showShortcuts, answer: closedOr(0), enter: "cancel",
			buttons: map[string]string{"Close": "cancel"}},
		{name: "preferences", show: w.showPreferences, answer: func() string {
			switch {
			case w.shell.prefs != nil:
				return "open"
			case strings.Contains(w.status.Text, "preferences saved"):
				return "ok"
			}
			return "cancel"
		}, enter: "ok", buttons: map[string]string{"Save": "ok", "Cancel": "cancel"}},
		{name: "export form", show: func() { w.exportDialog(nil) }, answer: closedOr(0, "Save"), enter: "ok",
			buttons: map[string]string{"Choose destination…": "ok", "Cancel": "cancel"}},
		{name: "export form, chosen documents", show: func() {
			w.exportDialog(nil)
			overlaySelect(t, w, "every document").SetSelected(docsChosen)
			for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
				if b, ok := o.(*keyCheck); ok && strings.HasPrefix(b.Text, "second ") {
					b.SetChecked(true) // Enter exports it, and asks where
				}
			}
		}, answer: closedOr(0, "Save"), enter: "ok",
			buttons: map[string]string{"Choose destination…": "ok", "Cancel": "cancel"}},
		{name: "import form", show: func() { w.importForm() }, answer: closedOr(0, "Folder…", "Open"), enter: "ok",
			buttons: map[string]string{"Choose file…": "ok", "Cancel": "cancel"}},
		{name: "folder or file", show: func() {
			w.askFolderOrFile("brat", func() { picked = "folder" }, func() { picked = "file" })
		}, answer: func() string {
			if picked != "" {
				return picked
			}
			return closedOr(0)()
		}, enter: "folder", buttons: map[string]string{"Cancel": "cancel", "File…": "file", "Folder…": "folder"}},
		{name: "codebook form", show: func() {
			ed := newSchemaEditor(w.win, w.schema, w.saveSchema)
			ed.show()
			ed.exportCodebook()
		}, answer: closedOr(1, "Save"), enter: "ok", buttons: map[string]string{"Choose file…": "ok", "Cancel": "cancel"}},
	}
	for _, tc := range cases {
		reset := func() { got, picked = "", ""; hideAll() }
		n := focusStops(t, c, tc.show, reset)
		t.Logf("%s: %d widgets on Tab", tc.name, n)
		for k := 0; k < n; k++ {
			for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
				tc.show()
				c.Unfocus()
				for i := 0; i <= k; i++ {
					c.FocusNext()
				}
				on := focusedText(c)
				press(c, key)
				want := "cancel"
				if key == fyne.KeyReturn {
					want = tc.enter
					if a, ok := tc.buttons[on]; ok {
						want = a
					}
				}
				if a := tc.answer(); a != want {
					t.Errorf("%s: %s with the focus on %s answered %q, want %q; dialogs: %q", tc.name, key, on, a, want, overlayTexts(w))
				}
				reset()
			}
		}
	}
}

// hasButton reports whether the top overlay of c has a visible button
// labelled text.
func hasButton(c fyne.Canvas, text string) bool {
	found := false
	eachObject(c.Overlays().Top(), func(o fyne.CanvasObject) {
		if b := buttonOf(o); b != nil && b.Text == text && b.Visible() {
			found = true
		}
	})
	return found
}

// TestEscFromEveryWidgetOfTheSchemaEditor: Esc cancels the schema editor
// from each widget Tab reaches in its Labels tab (the label list, name,
// colour and hotkey boxes, the guideline's multi-line box, its buttons).
func TestEscFromEveryWidgetOfTheSchemaEditor(t *testing.T) {
	w, c := dialogWindow(t, t.TempDir())
	show := func() { newSchemaEditor(w.win, w.schema, w.saveSchema).show() }
	hide := func() {
		for overlays(w) > 0 {
			c.Overlays().Top().Hide()
		}
	}
	n := focusStops(t, c, show, hide)
	kinds := map[string]bool{}
	for k := 0; k < n; k++ {
		show()
		c.Unfocus()
		for i := 0; i <= k; i++ {
			c.FocusNext()
		}
		on := focusedText(c)
		kinds[fmt.Sprintf("%T", c.Focused())] = true
		press(c, fyne.KeyEscape)
		if overlays(w) != 0 {
			t.Errorf("Esc with the focus on %s left the schema editor open", on)
		}
		hide()
	}
	t.Logf("%d widgets on Tab: %v", n, kinds)
	for _, want := range []string{"*ui.keyList", "*ui.escEntry", "*ui.keyButton"} {
		if !kinds[want] {
			t.Errorf("Tab never reached a %s; it reached %v", want, kinds)
		}
	}
}

// TestSaveChooserNameBoxAnswersEnterAndEsc: in the Export's Save chooser,
// whose name box has the focus as it opens, Esc cancels (it did nothing)
// and Enter saves; on a file that exists Enter asks "Overwrite?" first,
// whose Esc answers No and keeps the file as it was, and Enter there
// replaces it. Enter with no name does nothing. After Tab, Esc on Cancel
// and Enter on Save answer as they do.
func TestSaveChooserNameBoxAnswersEnterAndEsc(t *testing.T) {
	dir := t.TempDir()
	w, c := dialogWindow(t, dir)
	f, _ := all.Lookup("jsonl")
	out := filepath.Join(dir, "p.jsonl")
	show := func() interface{ SetText(string) } {
		t.Helper()
		showChooser(w.exportSaveDialog(f, "ana", ""), w.win)
		name, ok := c.Focused().(interface{ SetText(string) })
		if !ok || !hasText(overlayTexts(w), "p.jsonl") {
			t.Fatalf("the chooser opened with the focus on %T %q, not its name box", c.Focused(), focusedText(c))
		}
		return name
	}
	waitExport := func() {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for len(w.runningNow()) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("export still running after 30 s: %q", w.runningNow())
			}
			time.Sleep(20 * time.Millisecond)
		}
		for overlays(w) > 0 && hasText(overlayTexts(w), "Export finished") {
			c.Overlays().Top().Hide()
		}
	}

	show()
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc in the name box left %q", overlayTexts(w))
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("Esc exported")
	}

	name := show()
	name.SetText("")
	press(c, fyne.KeyReturn)
	if overlays(w) != 1 || len(w.runningNow()) > 0 {
		t.Fatalf("Enter with no name: %d dialogs %q, running %q", overlays(w), overlayTexts(w), w.runningNow())
	}
	name.SetText("p.jsonl")
	press(c, fyne.KeyReturn)
	waitExport()
	first, err := os.ReadFile(out)
	if err != nil || overlays(w) != 0 {
		t.Fatalf("Enter in the name box: %v; dialogs %q", err, overlayTexts(w))
	}

	// The file exists now: Enter asks, Esc says No.
	os.WriteFile(out, []byte("kept\n"), 0o644)
	show()
	press(c, fyne.KeyReturn)
	if !hasText(overlayTexts(w), "Overwrite?") {
		t.Fatalf("Enter on an existing file did not ask: %q", overlayTexts(w))
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 1 || hasText(overlayTexts(w), "Overwrite?") {
		t.Fatalf("Esc on Overwrite? left %d dialogs: %q", overlays(w), overlayTexts(w))
	}
	if b, _ := os.ReadFile(out); string(b) != "kept\n" {
		t.Fatalf("No to Overwrite? replaced the file: %q", b)
	}
	// Tab onto Cancel: Esc cancels the chooser.
	c.FocusNext()
	if on := focusedText(c); on != "Cancel" {
		t.Fatalf("Tab from the name box went to %s, not Cancel", on)
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 0 {
		t.Fatalf("Esc on Cancel left %q", overlayTexts(w))
	}

	// Tab onto Save, Enter: it asks; Tab onto its Yes, Enter replaces.
	show()
	c.FocusNext()
	c.FocusNext()
	if on := focusedText(c); on != "Save" {
		t.Fatalf("Tab twice from the name box went to %s, not Save", on)
	}
	press(c, fyne.KeyReturn)
	if !hasText(overlayTexts(w), "Overwrite?") {
		t.Fatalf("Enter on Save did not ask: %q", overlayTexts(w))
	}
	c.FocusNext()
	c.FocusNext()
	if on := focusedText(c); on != "Yes" {
		t.Fatalf("Tab twice in Overwrite? went to %s, not Yes", on)
	}
	press(c, fyne.KeyReturn)
	waitExport()
	if b, _ := os.ReadFile(out); !bytes.Equal(b, first) {
		t.Fatalf("Yes to Overwrite? did not replace the file: %q", b)
	}
}

// TestEnterInTheExportFormatBoxConfirmsTheForm: Enter with the focus on
// the Export form's format box (where the form opens) confirms the form,
// as from any field without an Enter of its own: the Save chooser
// opens. Space still opens the box's list (Fyne's key for it).
func TestEnterInTheExportFormatBoxConfirmsTheForm(t *testing.T) {
	w, c := dialogWindow(t, t.TempDir())
	w.exportDialog(nil)
	format, ok := c.Focused().(*escSelect)
	if !ok || format.Selected != "jsonl" {
		t.Fatalf("the Export form opened with the focus on %T", c.Focused())
	}
	format.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if overlays(w) != 2 {
		t.Fatalf("Space on the format box: %d overlays, want its list over the form", overlays(w))
	}
	c.Overlays().Top().Hide()
	press(c, fyne.KeyReturn)
	if !hasButton(c, "Save") || hasText(overlayTexts(w), "Choose destination…") {
		t.Fatalf("Enter on the format box: %q, want the Save chooser", overlayTexts(w))
	}
}

// TestLabelAllPreviewAnswersFromItsList: with Tab on the label-all
// preview's list of matches (Fyne's List kept both keys), Esc cancels it
// and labels nothing; Enter labels the matches.
func TestLabelAllPreviewAnswersFromItsList(t *testing.T) {
	w, count := secondDocWithSpan(t)
	c := w.win.Canvas()
	for _, tc := range []struct {
		key  fyne.KeyName
		want int
	}{{fyne.KeyEscape, 1}, {fyne.KeyReturn, 3}} {
		w.clearSelections()
		w.search.labelAs.SetSelected("")
		w.search.labelAs.SetSelected("PRECONDITION")
		if overlays(w) != 1 {
			t.Fatalf("no preview: %q", overlayTexts(w))
		}
		c.Unfocus()
		c.FocusNext()
		if _, ok := c.Focused().(*keyList); !ok {
			t.Fatalf("Tab in the preview focused %T, not its list", c.Focused())
		}
		press(c, tc.key)
		if n := count(); n != tc.want || overlays(w) != 0 {
			t.Fatalf("%s on the list: %d annotations (want %d), dialogs %q", tc.key, n, tc.want, overlayTexts(w))
		}
	}
}

// TestSchemaEditorAsksBeforeDroppingChanges: Esc (Cancel) in the schema
// editor with a change made asks "Discard changes?"; Esc there keeps the
// editor open with the change, Enter discards it and closes; the
// project's schema is the one it had throughout.
func TestSchemaEditorAsksBeforeDroppingChanges(t *testing.T) {
	w, c := dialogWindow(t, t.TempDir())
	before := w.schema.AllowOverlap
	ed := newSchemaEditor(w.win, w.schema, w.saveSchema)
	ed.show()
	ed.overlap.SetChecked(!before)
	press(c, fyne.KeyEscape)
	if overlays(w) != 2 || !hasText(overlayTexts(w), "Discard changes?") {
		t.Fatalf("Esc with a change made: %d overlays %q, want the editor and a Discard question", overlays(w), overlayTexts(w))
	}
	press(c, fyne.KeyEscape)
	if overlays(w) != 1 || ed.overlap.Checked == before {
		t.Fatalf("Esc on the question: %d overlays, overlap %v; want the editor with its change", overlays(w), ed.overlap.Checked)
	}
	press(c, fyne.KeyEscape)
	press(c, fyne.KeyReturn)
	if overlays(w) != 0 {
		t.Fatalf("Enter on Discard left %d overlays: %q", overlays(w), overlayTexts(w))
	}
	sc, err := w.store.Schema(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sc.AllowOverlap != before {
		t.Fatal("a discarded change reached the project")
	}
}
