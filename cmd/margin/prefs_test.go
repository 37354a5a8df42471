package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/internal/prefstore"
	"github.com/margin-app/margin/ui"
)

// TestFyneDialogsKeepTheirStateInMarginsFile: the folder Fyne's file
// dialog was last in goes to Margin's preferences file (replaced whole on
// each save), not to Fyne's preferences.json, which Fyne truncates and
// rewrites and which an exit during that save left empty. The dialog is
// Fyne's own, shown in the test driver: its setLocation writes the key.
func TestFyneDialogsKeepTheirStateInMarginsFile(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TMPDIR", root) // the test app's storage root is os.TempDir()
	a := test.NewTempApp(t)
	store := openPreferences(a)
	t.Cleanup(func() { ui.SetPreferences(nil) })
	if fyne.CurrentApp().Preferences() != fyne.Preferences(store) {
		t.Fatal("fyne.CurrentApp().Preferences() is not Margin's store after openPreferences")
	}

	folder := filepath.Join(root, "corpus")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	loc, err := storage.ListerForURI(storage.NewFileURI(folder))
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(900, 700))
	d := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, w)
	d.SetLocation(loc)
	d.Show()
	d.Hide()
	if err := store.Flush(); err != nil {
		t.Fatal(err)
	}

	b, err := os.ReadFile(filepath.Join(root, prefstore.FileName))
	if err != nil {
		t.Fatalf("Margin's preferences file after the dialog: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", prefstore.FileName, err)
	}
	const key = "fyne:fileDialogLastFolder" // fyne v2.7.1 dialog/file.go
	if got, want := m[key], storage.NewFileURI(folder).String(); got != want {
		t.Fatalf("%s holds %s = %v, want %q (all: %s)", prefstore.FileName, key, got, want, b)
	}
	if _, err := os.Stat(filepath.Join(root, "preferences.json")); err == nil {
		t.Errorf("Fyne's preferences.json was written beside Margin's file")
	}
}
