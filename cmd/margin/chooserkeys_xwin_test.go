package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// bensProject makes a colleague's project at path whose one document is
// bens-article, for Merge to find.
func (s *windowSession) bensProject(t *testing.T, path string) {
	t.Helper()
	xwin.CLI(t, s.bin, s.home, "init", path)
	bens := filepath.Join(t.TempDir(), "bens-article.txt")
	if err := os.WriteFile(bens, []byte("Ben's article: the talks stalled.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", path, bens)
}

// TestWindowChooserWidgetsAnswerEnterAndEsc is issue 15's Enter and Esc
// from the file chooser's own widgets, in the real window: Fyne's places
// list, folder path buttons and file grid kept both keys once Tab reached
// them. In Merge's chooser, Tab onto the places list and Esc closes it;
// Tab onto the first folder button and Esc closes it; Tab onto the file
// grid, → to ben.margin and Enter merge that file.
func TestWindowChooserWidgetsAnswerEnterAndEsc(t *testing.T) {
	s := openWindowSession(t)
	s.bensProject(t, filepath.Join(s.home, "work", "ben.margin"))
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

// Screen positions in Merge's file chooser at 1280x800 (read off
// screenshots): the places list's Home row, the second item of the file
// grid (the first is the parent folder), the header's New Folder and
// options buttons, and the New Folder form's name box.
var (
	chooserHome      = image.Pt(260, 162)
	chooserSecond    = image.Pt(485, 235)
	chooserNewFolder = image.Pt(987, 122)
	chooserOptions   = image.Pt(1067, 122)
	newFolderName    = image.Pt(670, 398)
)

// chooserOptionsArea is where the chooser's options pop-up shows.
var chooserOptionsArea = image.Rect(900, 140, 1090, 200)

// asBefore fails unless area r looks as on ref (the chooser alone, before
// what opened over it).
func (s *windowSession) asBefore(t *testing.T, ref image.Image, r image.Rectangle, what string) {
	t.Helper()
	if d := xwin.Differ(s.d.WaitStable(dialogArea, 10*time.Second), ref, r); d > 0.02 {
		t.Fatalf("%s: %v differs from the chooser alone in %.1f%% of its pixels; screenshot: %s", what, r, 100*d, s.d.Keep("chooser"))
	}
}

// TestWindowChooserPlaceAndNewFolderAnswerEnterAndEsc is issue 15's two
// dead spots of the file chooser in the real window. A click on the place
// already selected left Enter and Esc dead (the click focused Fyne's
// places list, which has no use for them): Merge's chooser, Home clicked
// twice and Esc closes it; Home, ben.margin, Home again and Enter merge
// ben.margin. The New Folder form ignored both keys in its name box:
// "minutes" and Enter make HOME/minutes with the chooser still open,
// "drafts" and Esc make nothing and leave the chooser as it was, and Esc
// then closes it. The options pop-up (Show Hidden Files) closed on no
// key: Esc closes it and leaves the chooser.
func TestWindowChooserPlaceAndNewFolderAnswerEnterAndEsc(t *testing.T) {
	s := openWindowSession(t)
	s.bensProject(t, filepath.Join(s.home, "ben.margin")) // in HOME, the chooser's Home place
	closed := s.d.WaitStable(dialogArea, 10*time.Second)
	shot := func(name string) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, name))
		}
	}

	// The chooser starts in work/, the project's folder: the first click
	// on Home opens HOME, the second is on the place already selected.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	s.clickAndWait(t, chooserHome, "Home to open HOME")
	s.d.Click(chooserHome.X, chooserHome.Y)
	s.d.WaitStable(dialogArea, 10*time.Second)
	s.keyAndWait(t, "Escape", "Esc to close the file dialog")
	s.dialogGone(t, closed, "the file dialog after a click on the open place and Esc")

	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	s.clickAndWait(t, chooserHome, "Home to open HOME")
	s.clickAndWait(t, chooserSecond, "ben.margin chosen")
	s.d.Click(chooserHome.X, chooserHome.Y)
	s.d.WaitStable(dialogArea, 10*time.Second)
	shot("chooser-place-clicked.png")
	s.keyAndWait(t, "Return", "Enter to merge ben.margin")
	s.keyAndWait(t, "Return", "Enter to close the merge report")
	s.dialogGone(t, closed, "the merge report")
	if docs := xwin.CLI(t, s.bin, s.home, "docs", s.project); !strings.Contains(docs, "bens-article") {
		t.Fatalf("Enter after a click on the open place merged nothing: the project's documents are\n%s\nscreenshot: %s", docs, s.d.Keep("place"))
	}

	// New Folder, in HOME: the chooser starts in the folder last chosen
	// from.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	newFolder := func(name string) {
		t.Helper()
		s.clickAndWait(t, chooserNewFolder, "the New Folder form")
		s.d.Click(newFolderName.X, newFolderName.Y) // as a user would; it has the focus already
		s.d.Type(name)
		s.d.WaitStable(dialogArea, 10*time.Second)
	}
	newFolder("minutes")
	shot("chooser-new-folder.png")
	s.keyAndWait(t, "Return", "Enter to create the folder")
	if fi, err := os.Stat(filepath.Join(s.home, "minutes")); err != nil || !fi.IsDir() {
		t.Fatalf("Enter in the New Folder form made no folder (%v); screenshot: %s", err, s.d.Keep("newfolder"))
	}
	if xwin.Differ(s.d.WaitStable(dialogArea, 10*time.Second), closed, dialogArea) <= 0.02 {
		t.Fatalf("Enter in the New Folder form closed the file dialog too; screenshot: %s", s.d.Keep("newfolder"))
	}
	s.d.Xdotool("mousemove", "--sync", strconv.Itoa(newFolderName.X), strconv.Itoa(newFolderName.Y))
	chooser := s.d.WaitStable(dialogArea, 10*time.Second)
	newFolder("drafts")
	s.keyAndWait(t, "Escape", "Esc to cancel the New Folder form")
	s.asBefore(t, chooser, dialogArea, "after Esc in the New Folder form")
	if _, err := os.Stat(filepath.Join(s.home, "drafts")); !os.IsNotExist(err) {
		t.Fatalf("Esc in the New Folder form made the folder (%v)", err)
	}

	// The options pop-up, then the chooser.
	s.d.Click(chooserOptions.X, chooserOptions.Y)
	s.d.WaitChange(chooserOptionsArea, chooser, 10*time.Second, "the options pop-up")
	s.d.Xdotool("mousemove", "--sync", strconv.Itoa(newFolderName.X), strconv.Itoa(newFolderName.Y))
	options := s.d.WaitStable(dialogArea, 10*time.Second)
	s.d.Key("Escape")
	s.d.PollChange(chooserOptionsArea, options, 5*time.Second)
	s.asBefore(t, chooser, chooserOptionsArea, "after Esc in the options pop-up")
	s.keyAndWait(t, "Escape", "Esc to close the file dialog")
	s.dialogGone(t, closed, "the file dialog after the New Folder form and the options")
}
