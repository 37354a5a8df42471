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

// shot saves the screen as name in $MARGIN_XWIN_SHOTS when it is set
// (for a person to look at), and returns it.
func shot(s *windowSession, name string) image.Image {
	img := s.d.Screenshot()
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, name))
	}
	return img
}

// TestToolsRealWindow: in the real window, Ctrl+Shift+T opens the
// annotations table over ana's and ben's spans and a click on ben's row
// selects it in the article; Ctrl+Shift+F opens search across documents,
// whose Label all writes a span for each match after its preview.
func TestToolsRealWindow(t *testing.T) {
	s := openWindowSession(t)
	ann := func(who, label, start, end string) {
		xwin.CLI(t, s.bin, s.home, "annotate", s.project, "--doc", "1", "--label", label, "--start", start, "--end", end, "--annotator", who)
	}
	ann("ana", "ACTOR", "27", "31")
	ann("ben", "NEGOTIATION_EVENT", "35", "41")
	s.d.WaitStable(statusLine, 10*time.Second)
	before := s.d.Screenshot()
	s.d.Key("ctrl+shift+t")
	s.d.WaitChange(image.Rect(0, 0, 1000, 620), before, 10*time.Second, "the annotations table")
	time.Sleep(time.Second)
	shot(s, "table.png")
	// ben's row (the second): the status bar names his span.
	status := s.d.Screenshot()
	s.d.Click(300, 175)
	s.d.WaitChange(statusLine, status, 10*time.Second, "the status bar naming ben's span after the click")
	time.Sleep(500 * time.Millisecond)
	shot(s, "table-clicked.png")
	// Back to the main window (no window manager here: focus it by hand),
	// then search all documents.
	s.d.Xdotool("windowunmap", "--sync", s.d.Xdotool("search", "--name", "^Annotations"))
	s.d.Xdotool("windowfocus", "--sync", s.app.Window)
	// A colleague's row opened Compare to show his span; labelling is
	// in Annotate, where the researcher goes back to.
	s.d.Click(annotateRadio.X, annotateRadio.Y)
	time.Sleep(500 * time.Millisecond)
	before = s.d.Screenshot()
	s.d.Key("ctrl+shift+f")
	s.d.WaitChange(image.Rect(0, 0, 900, 600), before, 10*time.Second, "the search window")
	time.Sleep(500 * time.Millisecond)
	s.d.Type("the")
	s.d.Key("Return")
	time.Sleep(2 * time.Second)
	shot(s, "search.png")
	s.d.Click(758, 578)
	time.Sleep(time.Second)
	shot(s, "search-select.png")
	s.d.Click(741, 427) // ACTOR
	time.Sleep(500 * time.Millisecond)
	s.d.Click(853, 578) // Label all…
	time.Sleep(time.Second)
	shot(s, "search-preview.png")
	s.d.Click(500, 346) // the preview's Label all (the question as tall as its lines, ui/searchall.go)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		out := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--annotator", "ana")
		if strings.Count(out, `"label":"ACTOR"`) == 2 && strings.Contains(out, `"text":"the"`) {
			break
		}
		if time.Now().After(deadline) {
			shot(s, "search-failed.png")
			t.Fatalf("Label all did not write ana's ACTOR over “the”:\n%s", out)
		}
	}
	time.Sleep(500 * time.Millisecond)
	shot(s, "search-labeled.png")

	// Statistics: ana's two ACTOR spans, ben's one NEGOTIATION_EVENT.
	s.d.Xdotool("windowunmap", "--sync", s.d.Xdotool("search", "--name", "^Search all documents"))
	s.d.Xdotool("windowfocus", "--sync", s.app.Window)
	before = s.d.Screenshot()
	s.d.Key("ctrl+shift+i")
	s.d.WaitChange(image.Rect(0, 0, 960, 620), before, 10*time.Second, "the statistics window")
	s.d.WaitInk(image.Rect(0, 0, 960, 250), 10*time.Second, "the statistics' labels and bars")
	time.Sleep(time.Second)
	shot(s, "statistics.png")
}
