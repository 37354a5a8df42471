package main

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// Screen positions in the 1280x800 window (read off screenshots of this
// layout): the toolbar's Schema button; in the schema editor, the ACTOR
// row, the guideline entry and the Codebook… and Save buttons; in the
// save dialog's Save button and the OK of the "Written to" message.
var (
	schemaButton     = image.Pt(756, 21)
	editorActorRow   = image.Pt(229, 318)
	editorGuideline  = image.Pt(600, 500)
	editorCodebook   = image.Pt(515, 711)
	editorSave       = image.Pt(765, 711)
	saveDialogSave   = image.Pt(1054, 677)
	writtenOK        = image.Pt(640, 456)
	editorDialogArea = image.Rect(160, 50, 1120, 750)
)

// TestSchemaEditorGuidelineCodebookRealWindow: in the real window, a
// guideline typed for ACTOR (Markdown over two paragraphs) is saved as
// HTML by the editor's Codebook… button beside the project, before the
// schema is saved, then Save stores it in the project's schema.
func TestSchemaEditorGuidelineCodebookRealWindow(t *testing.T) {
	s := openWindowSession(t)
	click := func(p image.Point) { s.d.Click(p.X, p.Y); time.Sleep(400 * time.Millisecond) }
	before := s.d.Screenshot()
	click(schemaButton)
	s.d.WaitChange(editorDialogArea, before, 10*time.Second, "the schema editor")
	click(editorActorRow)
	click(editorGuideline)
	s.d.Key("ctrl+a")
	s.d.Type("Mark the **whole** name.")
	s.d.Key("Return", "Return")
	s.d.Type("> Example: the Kremlin said")
	click(editorCodebook)
	// The codebook form opens on its format box: → is HTML, Enter
	// goes on to the save dialog.
	s.d.Key("Right")
	time.Sleep(300 * time.Millisecond)
	s.d.Key("Return")
	time.Sleep(time.Second) // the save dialog lists the folder
	click(saveDialogSave)
	out := filepath.Join(filepath.Dir(s.project), "p-codebook.html")
	var page []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if data, err := os.ReadFile(out); err == nil && strings.Contains(string(data), "</html>") {
			page = data
			break
		}
	}
	if page == nil {
		s.d.SaveScreenshot(filepath.Join(t.TempDir(), "codebook.png"))
		t.Fatalf("no codebook at %s (window output: %s)", out, s.app.Output())
	}
	for _, want := range []string{"<h1>Codebook: p</h1>", "Mark the <strong>whole</strong> name.", "<blockquote>", "CEASEFIRE_TERM"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("codebook lacks %q", want)
		}
	}
	click(writtenOK)
	click(editorSave)
	want := "description = \"Mark the **whole** name.\\n\\n> Example: the Kremlin said\""
	var schema string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if schema = xwin.CLI(t, s.bin, s.home, "schema", s.project); strings.Contains(schema, want) {
			return
		}
	}
	t.Errorf("saved schema lacks %s:\n%s", want, schema)
}
