package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/storage"
)

// TestPreferencesApplyToTheArticleAndAreKept: the Preferences form's font
// size and line spacing change the article's line height at once; theme,
// name and backup interval are kept in Fyne's preferences for the next
// start; Cancel (Esc) changes nothing.
func TestPreferencesApplyToTheArticleAndAreKept(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	before := w.View().LineHeight()
	w.showPreferences()
	d := w.shell.prefs
	if d == nil {
		t.Fatal("no Preferences form")
	}
	entries := prefsEntries(t, w)
	entries["Article font size"].SetText("20")
	entries["Line spacing"].SetText("2")
	entries["Your name"].SetText("  bea ")
	entries["Backup every (minutes)"].SetText("5")
	entries["Article font size"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	if w.shell.prefs != nil {
		t.Fatal("Enter did not save and close the form")
	}
	if got, want := w.View().LineHeight(), float32(40); got != want {
		t.Fatalf("line height %v after font 20 × spacing 2, want %v (was %v)", got, want, before)
	}
	p := fyne.CurrentApp().Preferences()
	if p.String(PrefAnnotator) != "bea" || BackupInterval(p) != 5 {
		t.Fatalf("kept name %q, backup %d", p.String(PrefAnnotator), BackupInterval(p))
	}
	// A new window reads them back (another project opened later).
	w2 := openWindowOnApp(t, demoProject(t, filepath.Join(t.TempDir(), "q.margin")))
	if got := w2.View().LineHeight(); got != 40 {
		t.Fatalf("a new window's line height %v, want the kept 40", got)
	}
	// Esc closes without saving.
	w.showPreferences()
	entries = prefsEntries(t, w)
	entries["Article font size"].SetText("30")
	entries["Article font size"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.shell.prefs != nil || p.Float(prefFontSize) != 20 {
		t.Fatalf("Esc: form open %v, font size kept %v", w.shell.prefs != nil, p.Float(prefFontSize))
	}
	// A number out of range is refused: Enter does not save it.
	w.showPreferences()
	entries = prefsEntries(t, w)
	entries["Line spacing"].SetText("9")
	entries["Line spacing"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p.Float(prefLineSpacing) != 2 {
		t.Fatalf("line spacing 9 was kept")
	}
	w.shell.prefs.Hide()
}

// TestThemePreference: light and dark force Fyne's variant.
func TestThemePreference(t *testing.T) {
	a := test.NewTempApp(t)
	for _, c := range []struct {
		pref string
		want fyne.ThemeVariant
	}{{themeLight, theme.VariantLight}, {themeDark, theme.VariantDark}} {
		a.Preferences().SetString(prefTheme, c.pref)
		ApplyThemePreference(a)
		got := a.Settings().Theme().Color(theme.ColorNameBackground, 99)
		if got != theme.DefaultTheme().Color(theme.ColorNameBackground, c.want) {
			t.Errorf("%s: background %v", c.pref, got)
		}
	}
}

// prefsEntries maps the Preferences form's labels to their entries.
func prefsEntries(t *testing.T, w *Window) map[string]*escEntry {
	t.Helper()
	out := map[string]*escEntry{}
	for _, it := range formItems(w.win.Canvas().Overlays().Top()) {
		if e, ok := it.Widget.(*escEntry); ok {
			out[it.Text] = e
		}
	}
	if len(out) != 4 {
		t.Fatalf("the Preferences form has entries %v", out)
	}
	return out
}

// openWindowOnApp opens a second window in the app the test runs (its
// preferences), as cmd/margin opens each project.
func openWindowOnApp(t *testing.T, db *storage.DB) *Window {
	t.Helper()
	win := test.NewWindow(nil)
	t.Cleanup(win.Close)
	win.Resize(fyne.NewSize(1280, 800))
	w := NewWindow(win, db, "ana")
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestSplitsAndWindowSizeAreRemembered: SaveLayout keeps the split
// positions and the window size; the next window opens with them.
func TestSplitsAndWindowSizeAreRemembered(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	// The Labels split starts at the default, or where fitLabels put it
	// to show the labels (panels.go).
	if got := w.shell.splits[2].split.Offset; got != splitRight && got != w.shell.labelsAuto {
		t.Fatalf("Labels split at %v, want the default %v or the fitted %v", got, splitRight, w.shell.labelsAuto)
	}
	w.shell.splits[2].split.SetOffset(0.6)
	w.win.Resize(fyne.NewSize(1100, 700))
	w.SaveLayout()
	p := fyne.CurrentApp().Preferences()
	if got := WindowSize(p); got != fyne.NewSize(1100, 700) {
		t.Fatalf("kept window size %v", got)
	}
	w2 := openWindowOnApp(t, demoProject(t, filepath.Join(t.TempDir(), "q.margin")))
	if got := w2.shell.splits[2].split.Offset; got != 0.6 {
		t.Fatalf("the next window's Labels split at %v, want the kept 0.6", got)
	}
}

// TestInspectorStartsAtTheTopForAnotherSpan: a scrolled inspector shows
// the next span from the top of its form, and keeps its place when the
// same span is redrawn after an edit.
func TestInspectorStartsAtTheTopForAnotherSpan(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	w := openWindow(t, db)
	a := labelPhrase(t, w, "infrastructure and energy ceasefire", '1')
	b := labelPhrase(t, w, "Black Sea", '1')
	w.focusAnnotation(a)
	w.inspector.scroll.Offset = fyne.NewPos(0, 120)
	w.inspector.show(w.annotation(a)) // redrawn after an edit
	if w.inspector.scroll.Offset.Y != 120 {
		t.Fatalf("the same span redrawn moved the inspector to %v", w.inspector.scroll.Offset)
	}
	w.focusAnnotation(b)
	if w.inspector.scroll.Offset.Y != 0 {
		t.Fatalf("another span shows at scroll %v, want the top", w.inspector.scroll.Offset)
	}
}

// labelPhrase labels the first occurrence of phrase with hotkey and
// returns the new annotation's id.
func labelPhrase(t *testing.T, w *Window, phrase string, hotkey rune) string {
	t.Helper()
	start, end := span(w.doc.Text, phrase)
	w.View().SetSelection(start, end)
	w.View().TypedRune(hotkey)
	for _, a := range w.anns {
		if a.Start() == start && a.End() == end {
			return a.ID
		}
	}
	t.Fatalf("no annotation on %q", phrase)
	return ""
}

// TestSaveACopyNeverOverwrites: Save a copy writes a consistent copy with
// the edits shown so far, refuses an existing file and the project
// itself.
func TestSaveACopyNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	w := openWindow(t, db)
	labelPhrase(t, w, "Black Sea", '1')
	copyPath := filepath.Join(dir, "copy.margin")
	w.saveCopyTo(copyPath)
	cp, err := storage.Open(context.Background(), copyPath)
	if err != nil {
		t.Fatalf("the copy does not open: %v", err)
	}
	docs, _ := cp.Documents(context.Background())
	cp.Close()
	if len(docs) != 2 || docs[0].Annotations != 1 {
		t.Fatalf("the copy holds %+v", docs)
	}
	other := filepath.Join(dir, "notes.txt")
	os.WriteFile(other, []byte("mine"), 0o644)
	w.saveCopyTo(other)
	if b, _ := os.ReadFile(other); string(b) != "mine" {
		t.Fatalf("Save a copy replaced an existing file")
	}
	if w.status.Text == "" || w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no refusal shown for an existing file")
	}
	w.win.Canvas().Overlays().Top().Hide()
	w.saveCopyTo(db.Path())
	if info, err := os.Stat(db.Path()); err != nil || info.Size() == 0 {
		t.Fatalf("the project after Save a copy onto itself: %v", err)
	}
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no refusal shown for the project itself")
	}
}

// TestDroppedFilesImportAndProjectsOpen: two text files dropped on the
// window import, each its own document, after the form (format guessed
// from the extension) is confirmed; a dropped project file opens in a
// new window instead.
func TestDroppedFilesImportAndProjectsOpen(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	w := openWindow(t, db)
	var paths []string
	for _, n := range []string{"a.txt", "b.txt"} {
		p := filepath.Join(dir, n)
		os.WriteFile(p, []byte("Dropped "+n+" about a ceasefire."), 0o644)
		paths = append(paths, p)
	}
	if got := guessFormat(paths); got != "text" {
		t.Fatalf("format guessed %q for .txt", got)
	}
	if got := guessFormat([]string{filepath.Join(dir, "x.conll")}); got == "text" {
		t.Fatalf("no format guessed for .conll")
	}
	ended := make(chan error, 1)
	d := w.dropImportForm(paths, func(_ *dataset.ImportSummary, err error) { ended <- err })
	d.Submit()
	awaitEnded(t, ended, "the import of the dropped files")
	if docs, _ := db.Documents(context.Background()); len(docs) != 4 {
		t.Fatalf("after the drop the project holds %d documents, want 4", len(docs))
	}
	opener := &recordingOpener{}
	w.Projects = opener
	other := filepath.Join(dir, "other.margin")
	o, _ := storage.Create(context.Background(), other)
	o.Close()
	w.dropped([]fyne.URI{storageURI(other)})
	if len(opener.opened) != 1 || opener.opened[0] != other {
		t.Fatalf("a dropped project opened %v", opener.opened)
	}
	if r := recentProjects(fyne.CurrentApp().Preferences()); len(r) == 0 || r[0] != other {
		t.Fatalf("recent projects %v, want %s first", r, other)
	}
}

// formItems is the items of the first form drawn inside o.
func formItems(o fyne.CanvasObject) []*widget.FormItem {
	var items []*widget.FormItem
	walk(o, func(c fyne.CanvasObject) {
		if f, ok := c.(*widget.Form); ok && items == nil {
			items = f.Items
		}
	})
	return items
}

// recordingOpener is the window's ProjectOpener as cmd/margin's, but it
// notes what it was asked to open instead of starting a window process.
type recordingOpener struct{ opened, created []string }

func (r *recordingOpener) Open(path string) error { r.opened = append(r.opened, path); return nil }
func (r *recordingOpener) Create(path string) error {
	db, err := storage.Create(context.Background(), path)
	if err != nil {
		return err
	}
	r.created = append(r.created, path)
	return db.Close()
}

func storageURI(path string) fyne.URI { return fynestorage.NewFileURI(path) }

// TestOpenRecentListsRememberedProjects: Open recent lists the projects
// remembered (newest first, not the one open here, not the ones gone) and
// opens the one chosen; Open of the open project itself opens nothing.
func TestOpenRecentListsRememberedProjects(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	w := openWindow(t, db)
	opener := &recordingOpener{}
	w.Projects = opener
	p := fyne.CurrentApp().Preferences()
	var paths []string
	for _, n := range []string{"a.margin", "b.margin", "gone.margin"} {
		path := filepath.Join(dir, n)
		o, err := storage.Create(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		o.Close()
		RememberRecent(p, path)
		paths = append(paths, path)
	}
	os.Remove(paths[2])
	RememberRecent(p, db.Path())
	var recent *fyne.MenuItem
	for _, it := range w.menu().Items {
		if it.Label == "Open recent" {
			recent = it
		}
	}
	if recent == nil || recent.ChildMenu == nil {
		t.Fatal("the menu has no Open recent")
	}
	var got []string
	for _, it := range recent.ChildMenu.Items {
		got = append(got, it.Label)
	}
	if len(got) != 2 || got[0] != paths[1] || got[1] != paths[0] {
		t.Fatalf("Open recent lists %q, want b then a", got)
	}
	recent.ChildMenu.Items[1].Action()
	if len(opener.opened) != 1 || opener.opened[0] != paths[0] {
		t.Fatalf("choosing a.margin opened %v", opener.opened)
	}
	w.openProjectPath(db.Path())
	if len(opener.opened) != 1 || !strings.Contains(w.status.Text, "open in this window") {
		t.Fatalf("opening the open project: opened %v, status %q", opener.opened, w.status.Text)
	}
}
