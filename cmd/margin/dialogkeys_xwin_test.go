package main

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// The Merge file dialog's first entry after "(Parent)": file choosers
// open in the project's folder, work/, where ben.margin is the only
// .margin file besides p.margin, which sorts after it.
var dialogFirstFile = image.Pt(485, 230)

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
	key := func(k, what string) { t.Helper(); s.keyAndWait(t, k, what) }
	gone := func(what string) { t.Helper(); s.dialogGone(t, closed, what) }

	// Esc cancels the file chooser.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
	key("Escape", "Esc to close the file dialog")
	gone("the file dialog")

	// A file chosen, Enter opens it: the merge runs and reports.
	s.clickAndWait(t, mergeButton, "the Merge file dialog")
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

// keyAndWait presses k and waits until the dialog area has changed
// (what: the change awaited) and settled.
func (s *windowSession) keyAndWait(t *testing.T, k, what string) {
	t.Helper()
	before := s.d.Screenshot()
	s.d.Key(k)
	s.d.WaitChange(dialogArea, before, 10*time.Second, what)
	s.d.WaitStable(dialogArea, 10*time.Second)
}

// dialogGone fails unless the dialog area looks as closed (a screenshot
// with no dialog) did.
func (s *windowSession) dialogGone(t *testing.T, closed image.Image, what string) {
	t.Helper()
	if xwin.Differ(s.d.WaitStable(dialogArea, 10*time.Second), closed, dialogArea) > 0.02 {
		t.Fatalf("%s still shows; screenshot: %s", what, s.d.Keep("dialog"))
	}
}

// TestWindowSaveChooserAndTabbedWidgetsAnswerEnterAndEsc is issue 15's
// Enter and Esc in dialogs with a widget focused, in the real window:
// Ctrl+E opens the Export form with its format box focused, where Enter
// confirms the form (it did nothing); the Save chooser opens with its
// name box focused, where Esc cancels (it did nothing) and Enter saves;
// on the file now there, Enter asks "Overwrite?", whose Esc says No (the
// file is kept) before a second Esc cancels the chooser. In Preferences,
// Tab onto the label-tag check box and Esc closes it (the box kept Esc);
// in the Export form, Tab onto Cancel and Enter closes it.
func TestWindowSaveChooserAndTabbedWidgetsAnswerEnterAndEsc(t *testing.T) {
	s := openWindowSession(t)
	out := filepath.Join(s.home, "work", "p.jsonl")
	shot := func(name string) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, name))
		}
	}
	s.d.Click(s.lineStart(t).X+20, s.lineStart(t).Y)
	closed := s.d.WaitStable(dialogArea, 10*time.Second)

	s.keyAndWait(t, "ctrl+e", "the Export form")
	s.keyAndWait(t, "Return", "Enter on the format box to open the Save chooser")
	shot("keys-save-chooser.png")
	s.keyAndWait(t, "Escape", "Esc in the name box to cancel the Save chooser")
	s.dialogGone(t, closed, "the Save chooser")
	if _, err := os.Stat(out); err == nil {
		t.Fatalf("Esc in the Save chooser exported %s", out)
	}

	s.keyAndWait(t, "ctrl+e", "the Export form")
	s.keyAndWait(t, "Return", "the Save chooser")
	s.keyAndWait(t, "Return", "Enter in the name box to export")
	shot("keys-export-finished.png")
	s.keyAndWait(t, "Return", "Enter to close the export report")
	s.dialogGone(t, closed, "the export report")
	if b, err := os.ReadFile(out); err != nil || len(b) == 0 {
		t.Fatalf("Enter in the name box wrote no %s: %v", out, err)
	}

	if err := os.WriteFile(out, []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.keyAndWait(t, "ctrl+e", "the Export form")
	s.keyAndWait(t, "Return", "the Save chooser")
	s.keyAndWait(t, "Return", "Enter on an existing file to ask Overwrite?")
	shot("keys-overwrite.png")
	s.keyAndWait(t, "Escape", "Esc to answer No to Overwrite?")
	s.keyAndWait(t, "Escape", "Esc to cancel the Save chooser")
	s.dialogGone(t, closed, "the Save chooser")
	if b, _ := os.ReadFile(out); string(b) != "kept\n" {
		t.Fatalf("Esc on Overwrite? replaced the file: %q", b)
	}

	// Three Tabs from where the dialog opens, then key, closes it.
	tabbed := func(open, what, key, png string) {
		t.Helper()
		s.keyAndWait(t, open, what)
		s.d.Key("Tab", "Tab", "Tab")
		time.Sleep(300 * time.Millisecond)
		shot(png)
		s.keyAndWait(t, key, key+" on the focused widget to close "+what)
		s.dialogGone(t, closed, what)
	}
	// Preferences opens on its font size box: the third Tab is the
	// label-tag check box (after line spacing and the theme box).
	tabbed("ctrl+comma", "Preferences", "Escape", "keys-prefs-check-focused.png")
	// The Export form opens on its format box: the third Tab (past the
	// layer and documents boxes) is Cancel, and Enter taps it (Fyne's
	// buttons took only Space).
	tabbed("ctrl+e", "the Export form", "Return", "keys-export-cancel-focused.png")
}

// TestWindowCtrlQQuitsEveryProjectWindow: a second project opened from
// the window's Ctrl+O runs in a window (a process) of its own; Ctrl+Q
// pressed in that second window closes both (it closed only itself).
// The file chooser starts in HOME: its first folder is work/, whose
// first .margin file is colleague.margin (it sorts before p.margin).
func TestWindowCtrlQQuitsEveryProjectWindow(t *testing.T) {
	s := openWindowSession(t)
	other := filepath.Join(s.home, "work", "colleague.margin")
	xwin.CLI(t, s.bin, s.home, "init", other)
	s.d.Click(s.lineStart(t).X+20, s.lineStart(t).Y)
	before := s.d.Screenshot()
	s.d.Key("ctrl+o")
	s.d.WaitChange(dialogArea, before, 10*time.Second, "the Open project dialog")
	s.d.WaitStable(dialogArea, 10*time.Second)
	s.d.Click(dialogFirstFile.X, dialogFirstFile.Y)
	time.Sleep(300 * time.Millisecond)
	s.d.Key("Return") // Enter opens the chosen file
	second := s.waitWindow(t, "colleague.margin")
	pid, err := strconv.Atoi(s.d.Xdotool("getwindowpid", second))
	if err != nil {
		t.Fatalf("the second window's process: %v", err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	s.d.WaitStable(statusLine, 15*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "second-window.png"))
	}
	// The second window is on top, under the pointer: it has the keys.
	s.d.Click(640, 400)
	s.d.Key("ctrl+q")
	if !s.app.Wait(20 * time.Second) {
		t.Fatalf("Ctrl+Q in the second window left the first one open; screenshot: %s", s.d.Keep("quit"))
	}
	for deadline := time.Now().Add(20 * time.Second); processAlive(pid); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the second window (pid %d) did not quit; screenshot: %s", pid, s.d.Keep("quit"))
		}
	}
}

// waitWindow waits until a window whose name contains name is mapped and
// returns its id.
func (s *windowSession) waitWindow(t *testing.T, name string) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", regexp.QuoteMeta(name))
		cmd.Env = append(os.Environ(), "DISPLAY="+s.d.Name)
		out, _ := cmd.Output() // exit 1 while there is none
		if f := strings.Fields(string(out)); len(f) > 0 {
			return f[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window named %q appeared; screenshot: %s", name, s.d.Keep("window"))
		}
	}
}

// processAlive reports whether pid runs (a zombie waiting to be reaped
// has exited).
func processAlive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}
