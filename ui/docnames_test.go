package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/margin-app/margin/model"
)

// TestDocumentListTellsLongNamesApart: two documents whose long names
// differ only near the end showed alike at 1024 px and 800 px
// ("synth…ound"), the names cut as much at the start as at the end. Names
// that share a long start keep 4 runes of it and show where they differ.
func TestDocumentListTellsLongNamesApart(t *testing.T) {
	db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
	defer db.Close()
	ctx := context.Background()
	for _, n := range []string{longNameA, longNameB} {
		if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: n, Text: "About " + n + ": a ceasefire."}}}); err != nil {
			t.Fatal(err)
		}
	}
	w := openWindow(t, db)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	for _, size := range []fyne.Size{fyne.NewSize(1024, 640), fyne.NewSize(800, 600)} {
		w.win.Resize(size)
		w.ctl.Drain()
		shown := map[string]string{}
		for _, o := range test.LaidOutObjects(w.docList) {
			if m, ok := o.(*midLabel); ok && m.Visible() && m.Size().Width > 0 {
				shown[m.full] = m.Shown()
			}
		}
		a, b := shown[longNameA], shown[longNameB]
		if a == "" || b == "" {
			t.Fatalf("%v: the list shows %q", size, shown)
		}
		if a == b || !strings.Contains(a, "…") || !strings.HasPrefix(a, "synt") || !strings.HasPrefix(b, "synt") {
			t.Errorf("%v: %q and %q show as %q and %q", size, longNameA, longNameB, a, b)
		}
	}
}

// TestSharedStartCuts: a name that shares a long start with another is
// cut keeping 4 runes of it and the runes where it differs from the one
// most like it (after the shared start, before the shared end); one that
// shares little is cut in the middle. Runes, not bytes (Greek names).
func TestSharedStartCuts(t *testing.T) {
	docs := []model.DocumentSummary{{ID: 1, Name: longNameA}, {ID: 2, Name: "ceasefire-call"}, {ID: 3, Name: longNameB},
		{ID: 4, Name: "Σύνοψη-ειρήνης-α"}, {ID: 5, Name: "Σύνοψη-ειρήνης-β"}, {ID: 6, Name: "Σύνοψη-Β"}}
	shared := len([]rune("synthetic-black-sea-grain-corridor-talks-in-istanbul-"))
	got := sharedStartCuts(docs)
	for id, want := range map[int64]nameCut{
		1: {sharedHead, shared, shared + len("first")},
		2: {},
		3: {sharedHead, shared, shared + len("second")},
		4: {sharedHead, 15, 16},
		5: {sharedHead, 15, 16},
		6: {},
	} {
		if got[id] != want {
			t.Errorf("document %d (%s): cut %+v, want %+v", id, docs[id-1].Name, got[id], want)
		}
	}
	if n := sharedRunes("Σύνοψη-α", "Σύνοψη-β"); n != 7 {
		t.Errorf("sharedRunes of two Greek names: %d, want 7", n)
	}
	// Cut to 12 characters the end reaches the differing runes; to 10 it
	// does not, and they are kept after the start instead.
	measure := func(s string) float32 { return float32(len([]rune(s))) }
	for _, c := range []struct {
		id    int64
		width float32
		want  string
	}{{1, 12, "synt…t-round"}, {3, 12, "synt…d-round"}, {1, 10, "synt…firs…"}, {3, 10, "synt…seco…"}} {
		name := docs[c.id-1].Name
		if cut := cutApart(name, c.width, measure, got[c.id]); cut != c.want {
			t.Errorf("%s cut to %.0f: %q, want %q", name, c.width, cut, c.want)
		}
	}
	if c := cutApart("report-2024-final-a", 12, measure, nameCut{sharedHead, 18, 19}); c != "repo…final-a" {
		t.Errorf("a name differing at its end: %q, want its end kept", c)
	}
}
