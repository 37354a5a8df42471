package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// TestWindowChooserWidgetsAnswerEnterAndEsc is issue 15's Enter and Esc
// from the file chooser's own widgets, in the real window: Fyne's places
// list, folder path buttons and file grid kept both keys once Tab reached
// them. In Merge's chooser, Tab onto the places list and Esc closes it;
// Tab onto the first folder button and Esc closes it; Tab onto the file
// grid, → to ben.margin and Enter merge that file.
func TestWindowChooserWidgetsAnswerEnterAndEsc(t *testing.T) {
	s := openWindowSession(t)
	work := filepath.Join(s.home, "work")
	ben := filepath.Join(work, "ben.margin")
	xwin.CLI(t, s.bin, s.home, "init", ben)
	bens := filepath.Join(t.TempDir(), "bens-article.txt")
	if err := os.WriteFile(bens, []byte("Ben's article: the talks stalled.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", ben, bens)
	closed := s.d.WaitStable(dialogArea, 10*time.Second)
	tabs := func(n int) {
		t.Helper()
		// The focus highlight is too faint for WaitChange: what the keys
		// then do is the test.
		for i := 0; i < n; i++ {
			s.d.Key("Tab")
			s.d.WaitStable(dialogArea, 10*time.Second)
		}
	}
	// The chooser's Tab order (Fyne's): the places list, the file grid,
	// a button per folder of the path.
	for _, n := range []int{1, 3} { // the places list, the path's first button
		s.clickAndWait(t, mergeButton, "the Merge file dialog")
		tabs(n)
		s.keyAndWait(t, "Escape", "Esc to close the file dialog")
		s.dialogGone(t, closed, fmt.Sprintf("the file dialog after Tab ×%d and Esc", n))
	}

	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	tabs(2)
	s.d.Key("Right") // to ben.margin
	s.d.WaitStable(dialogArea, 10*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "chooser-grid-focused.png"))
	}
	s.keyAndWait(t, "Return", "Enter to merge ben.margin")
	s.keyAndWait(t, "Return", "Enter to close the merge report")
	s.dialogGone(t, closed, "the merge report")
	if docs := xwin.CLI(t, s.bin, s.home, "docs", s.project); !strings.Contains(docs, "bens-article") {
		t.Fatalf("Enter on the file grid merged nothing: the project's documents are\n%s\nscreenshot: %s", docs, s.d.Keep("grid"))
	}
}
