package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/codebook"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
)

// richText is the text a RichText shows, segment by segment.
func richText(r *widget.RichText) string {
	var b strings.Builder
	for _, s := range r.Segments {
		if t, ok := s.(*widget.TextSegment); ok {
			b.WriteString(t.Text + "|")
		}
		if l, ok := s.(*widget.ListSegment); ok {
			for _, item := range l.Items {
				if p, ok := item.(*widget.ParagraphSegment); ok {
					for _, t := range p.Texts {
						if ts, ok := t.(*widget.TextSegment); ok {
							b.WriteString(ts.Text + "|")
						}
					}
				}
			}
		}
	}
	return b.String()
}

// TestSchemaEditorGuidelineRoundTrip: a guideline typed in the editor is
// previewed as rendered Markdown, saved into the project's schema (TOML
// key description), and comes back in the editor and the codebook.
func TestSchemaEditorGuidelineRoundTrip(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "p.margin")
	db := demoProject(t, path)
	defer db.Close()
	ctx := context.Background()
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1000, 750))
	t.Cleanup(win.Close)
	sc, _ := db.Schema(ctx)
	save := func(next *model.Schema, renames map[string]string, force bool) error {
		_, err := db.ChangeSchema(ctx, next, "ana", renames, force)
		return err
	}
	ed := newSchemaEditor(win, sc, syncSave(save))
	ed.show()
	ed.labelList.Select(labelIndex(t, ed.e, "ACTOR"))
	guide := "Mark the **whole** name.\n\n- not pronouns\n- not titles alone\n\n> Example: \"the *Kremlin* said\""
	ed.guideline.entry.SetText("")
	test.Type(ed.guideline.entry, guide)
	if got := richText(ed.guideline.preview); !strings.Contains(got, "whole|") || !strings.Contains(got, "not pronouns|") || strings.Contains(got, "**") {
		t.Errorf("preview segments %q: Markdown not rendered", got)
	}
	test.Tap(ed.saveBtn)
	if !ed.saved {
		t.Fatalf("save: %q", ed.errLabel.Text)
	}
	now, _ := db.Schema(ctx)
	actor, _ := now.Label("ACTOR")
	if actor.Description != guide {
		t.Fatalf("stored guideline %q", actor.Description)
	}
	data, err := now.TOML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := model.ParseSchema(data)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := back.Label("ACTOR"); l.Description != guide || !strings.Contains(string(data), "description = ") {
		t.Errorf("TOML round trip: %q\n%s", l.Description, data)
	}
	again := newSchemaEditor(win, now, syncSave(save))
	again.labelList.Select(labelIndex(t, again.e, "ACTOR"))
	if again.guideline.entry.Text != guide {
		t.Errorf("reopened editor shows %q", again.guideline.entry.Text)
	}

	// The Codebook button's writer: the edited copy, next to the project.
	if err := GuardProjectFiles(path); err != nil {
		t.Fatal(err)
	}
	again.project = path
	again.e.SetGuideline(labelIndex(t, again.e, "ACTOR"), "Unsaved *edit*.")
	out := filepath.Join(filepath.Dir(path), again.codebookTitle()+"-codebook.html")
	if err := again.writeCodebook(out, codebook.HTML, false); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(out)
	if !strings.Contains(string(page), "<h1>Codebook: p</h1>") || !strings.Contains(string(page), "Unsaved <em>edit</em>.") {
		t.Errorf("codebook page:\n%s", page)
	}
	if err := again.writeCodebook(out, codebook.HTML, false); !errors.Is(err, dataset.ErrTargetExists) {
		t.Errorf("existing file without Overwrite: %v", err)
	}
	before, _ := os.ReadFile(path)
	for _, target := range []string{path, path + "-wal", path + "-shm"} {
		if err := again.writeCodebook(target, codebook.Markdown, true); !errors.Is(err, ErrProjectFile) {
			t.Errorf("codebook onto %s: %v", filepath.Base(target), err)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the project changed")
	}
}
