package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// The Merge file dialog's first entry after "(Parent)" once it lists
// work/ (the same spot as dialogFolder in HOME): ben.margin, the only
// .margin file there besides p.margin, which sorts after it.
var dialogFirstFile = dialogFolder

// TestWindowDialogsAnswerEnterAndEsc is issue 15's Enter and Esc in
// dialogs, in the real window: Esc cancels Merge's file chooser; in it,
// a click on a colleague's file and Enter merge that file, and Enter
// closes the "Merge finished" report; Esc closes Preferences (Ctrl+,).
// After that dialog, clicks in the article select spans again: Ctrl,
// let go over the dialog, used to stay held for the article, which took
// every click for a Ctrl+click and ignored it (the tester's "clicks
// stopped working").
func TestWindowDialogsAnswerEnterAndEsc(t *testing.T) {
	s := openWindowSession(t)
	ben := filepath.Join(s.home, "work", "ben.margin")
	xwin.CLI(t, s.bin, s.home, "init", ben)
	bens := filepath.Join(t.TempDir(), "bens-article.txt")
	if err := os.WriteFile(bens, []byte("Ben's article: the talks stalled.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", ben, bens)
	s.label(t, 0)
	s.label(t, 2)
	shot := func(name string) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, name))
		}
	}
	closed := s.d.WaitStable(dialogArea, 10*time.Second)
	key := func(k, what string) {
		t.Helper()
		before := s.d.Screenshot()
		s.d.Key(k)
		s.d.WaitChange(dialogArea, before, 10*time.Second, what)
		s.d.WaitStable(dialogArea, 10*time.Second)
	}
	gone := func(what string) {
		t.Helper()
		if xwin.Differ(s.d.WaitStable(dialogArea, 10*time.Second), closed, dialogArea) > 0.02 {
			t.Fatalf("%s still shows; screenshot: %s", what, s.d.Keep("dialog"))
		}
	}

	// Esc cancels the file chooser.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	key("Escape", "Esc to close the file dialog")
	gone("the file dialog")

	// A file chosen, Enter opens it: the merge runs and reports.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	s.clickAndWait(t, dialogFolder, "the dialog to list work/")
	s.d.Click(dialogFirstFile.X, dialogFirstFile.Y)
	time.Sleep(300 * time.Millisecond)
	shot("dialog-file-chosen.png")
	key("Return", "Enter to merge ben.margin")
	shot("dialog-merge-finished.png")
	key("Return", "Enter to close the merge report")
	gone("the merge report")
	if docs := xwin.CLI(t, s.bin, s.home, "docs", s.project); !strings.Contains(docs, "bens-article") {
		t.Fatalf("Enter in the file dialog merged nothing: the project's documents are\n%s", docs)
	}

	// Item 1: a span selected, Ctrl+, and Esc, then a click on the other
	// span selects it.
	p := s.lineStart(t)
	s.d.Click(p.X+2+15, p.Y)
	first := s.d.WaitStable(statusLine, 10*time.Second)
	key("ctrl+comma", "Preferences to open")
	shot("dialog-preferences.png")
	key("Escape", "Esc to close Preferences")
	gone("Preferences")
	s.d.Click(p.X+2+100+15, p.Y)
	if _, ok := s.d.PollChange(statusLine, first, 5*time.Second); !ok {
		t.Fatalf("after Preferences a click on the other span changed nothing in the status bar; screenshot: %s", s.d.Keep("stuck"))
	}
}
