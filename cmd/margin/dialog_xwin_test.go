package main

import (
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// Screen positions in the 1280x800 window at scale 1 (read off
// screenshots of this layout): the toolbar's Merge button, the file
// dialog's first folder after "(Parent)" and its Cancel button, the first
// line of the article and the status bar.
var (
	mergeButton  = image.Pt(350, 21)
	dialogFolder = image.Pt(485, 230)
	dialogCancel = image.Pt(987, 677)
	dialogArea   = image.Rect(190, 100, 1090, 700)
	articleLine  = image.Pt(241, 108)
	statusLine   = image.Rect(0, 765, xwin.Width, 795)
)

const dialogArticle = "Ceasefire talks resumed in Doha on Monday as mediators pressed both sides to accept the terms.\n"

// windowSession is a real margin window on a fresh project home/work/p.margin
// with one article, the window process and its display.
type windowSession struct {
	d       *xwin.Display
	app     *xwin.App
	bin     string
	home    string
	project string
}

func openWindowSession(t *testing.T) *windowSession {
	t.Helper()
	s := &windowSession{bin: xwin.BuildMargin(t), home: t.TempDir()}
	s.d = xwin.Start(t)
	work := filepath.Join(s.home, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	s.project = filepath.Join(work, "p.margin")
	xwin.CLI(t, s.bin, s.home, "init", s.project)
	txt := filepath.Join(work, "talks.txt")
	if err := os.WriteFile(txt, []byte(dialogArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", s.project, txt)
	s.app = s.d.Launch(t, s.bin, s.home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, s.project)
	waitStatusText(t, s.d)
	s.d.WaitStable(statusLine, 15*time.Second)
	return s
}

// waitStatusText waits until the status bar shows text: the window loads
// its first document in the background once it is on screen (issue 14),
// and the status bar is empty until the document shows.
func waitStatusText(t *testing.T, d *xwin.Display) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		img := d.Screenshot()
		bg := img.At(statusLine.Min.X+2, statusLine.Min.Y+2)
		for y := statusLine.Min.Y; y < statusLine.Max.Y; y++ {
			for x := statusLine.Min.X; x < statusLine.Min.X+400; x++ {
				if img.At(x, y) != bg {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the status bar stayed empty for 15 s: the first document never showed")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// label selects the k-th 50-pixel stretch of the first line, presses a
// label hotkey and waits until the status bar says it was saved.
func (s *windowSession) label(t *testing.T, k int) {
	t.Helper()
	x := articleLine.X + 2 + 50*k
	s.d.Drag(x, articleLine.Y, x+35, articleLine.Y)
	before := s.d.WaitStable(statusLine, 10*time.Second)
	s.d.Key(string(rune('1' + k%4)))
	s.d.WaitChange(statusLine, before, 10*time.Second, "the status bar to show the label saved")
}

// browseProjectFolder opens Merge's file dialog, goes into the folder that
// holds the project (and its -wal and -shm), and cancels.
func (s *windowSession) browseProjectFolder(t *testing.T) {
	t.Helper()
	before := s.d.Hash(dialogArea)
	s.d.Click(mergeButton.X, mergeButton.Y)
	before = s.d.WaitChange(dialogArea, before, 10*time.Second, "the Merge file dialog")
	s.d.WaitStable(dialogArea, 10*time.Second)
	s.d.Click(dialogFolder.X, dialogFolder.Y)
	s.d.WaitChange(dialogArea, before, 10*time.Second, "the dialog to list the project's folder")
	s.d.WaitStable(dialogArea, 10*time.Second)
	if os.Getenv("MARGIN_XWIN_SHOT") != "" {
		s.d.SaveScreenshot(os.Getenv("MARGIN_XWIN_SHOT"))
	}
	before = s.d.Hash(dialogArea)
	s.d.Click(dialogCancel.X, dialogCancel.Y)
	s.d.WaitChange(dialogArea, before, 10*time.Second, "the dialog to close")
}

// deletedProjectFiles lists the window's descriptors of project files that
// are no longer on disk ("(deleted)" in /proc/PID/fd).
func (s *windowSession) deletedProjectFiles(t *testing.T) []string {
	t.Helper()
	fds, err := os.ReadDir(filepathProc(s.app.Pid()))
	if err != nil {
		t.Fatal(err)
	}
	var gone []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join(filepathProc(s.app.Pid()), fd.Name()))
		if err == nil && strings.HasPrefix(target, s.project) && strings.HasSuffix(target, " (deleted)") {
			gone = append(gone, target)
		}
	}
	return gone
}

func filepathProc(pid int) string { return filepath.Join("/proc", strconv.Itoa(pid), "fd") }

// annotationCount counts the annotations of layer ana in the file, as a
// fresh process reads them.
func (s *windowSession) annotationCount(t *testing.T) int {
	t.Helper()
	out := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--annotator", "ana")
	return strings.Count(out, `"label":`)
}

// TestWindowFileDialogKeepsProjectLocks is issue 12 item 1 in the real
// window: after Merge's file dialog listed the project's folder, a second
// process opens the project, the window saves more edits and is killed;
// every edit the window showed as saved must be in the file. Before the
// fix the dialog's MIME sniffing opened and closed p.margin-wal and
// p.margin-shm, dropping the window's SQLite locks; `margin docs` then
// deleted the live WAL and the later edits died with the process.
func TestWindowFileDialogKeepsProjectLocks(t *testing.T) {
	s := openWindowSession(t)
	s.label(t, 0)
	if _, err := os.Stat(s.project + "-wal"); err != nil {
		t.Fatalf("the window should hold the project in WAL mode: %v", err)
	}
	s.browseProjectFolder(t)
	xwin.CLI(t, s.bin, s.home, "docs", s.project)
	const more = 5
	for k := 1; k <= more; k++ {
		s.label(t, k)
	}
	gone := s.deletedProjectFiles(t)
	s.app.Kill()
	if got, want := s.annotationCount(t), 1+more; got != want {
		t.Fatalf("after SIGKILL the file holds %d of the %d edits the window showed as saved; window's deleted descriptors before the kill: %v", got, want, gone)
	}
	if len(gone) > 0 {
		t.Fatalf("the window wrote into deleted files: %v", gone)
	}
}
