package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestRealWindowOnPostgresURL: `margin open postgres://...` shows the
// server project's article in the real window; a span labelled there with
// the mouse and a hotkey is on the server at once (read back by a
// separate command), in the window user's layer.
func TestRealWindowOnPostgresURL(t *testing.T) {
	u := pgtest.FreshDatabase(t)
	s := &windowSession{bin: xwin.BuildMargin(t), home: t.TempDir(), project: u}
	s.d = xwin.Start(t)
	xwin.CLI(t, s.bin, s.home, "init", u)
	txt := filepath.Join(s.home, "talks.txt")
	if err := os.WriteFile(txt, []byte(dialogArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", u, txt)
	s.app = s.d.Launch(t, s.bin, s.home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, "open", u)
	waitStatusText(t, s.d) // the document shows (the status bar is empty until then)
	s.d.WaitStable(statusLine, 15*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOT"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "pg-open.png"))
	}
	// Aim at the text where it is: the document list's width, and so
	// the article's x, depends on the layout.
	dragFirstWord(s.d, findArticleLine(t, s.d, articleArea))
	before := s.d.WaitStable(statusLine, 10*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOT"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "pg-drag.png"))
	}
	s.d.Key("1")
	s.d.WaitChange(statusLine, before, 10*time.Second, "the status bar to show the label saved")
	s.d.WaitStable(statusLine, 10*time.Second)
	out := xwin.CLI(t, s.bin, s.home, "export", u, "--format", "jsonl", "--annotator", "ana")
	var doc struct {
		Annotations []struct{ Annotator, Label, Text string }
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &doc); err != nil {
		t.Fatalf("export %q: %v", out, err)
	}
	if len(doc.Annotations) != 1 || doc.Annotations[0].Annotator != "ana" || !strings.HasPrefix(dialogArticle, doc.Annotations[0].Text) {
		t.Fatalf("annotations on the server after labelling in the window: %+v", doc.Annotations)
	}
}
