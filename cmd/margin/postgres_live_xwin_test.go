package main

import (
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// memberURL runs `margin team add` and returns the URL it prints.
func memberURL(t *testing.T, s *windowSession, name string) string {
	t.Helper()
	out := xwin.CLI(t, s.bin, s.home, "team", "add", s.project, "--name", name, "--role", "annotator")
	m := regexp.MustCompile(`they connect with: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("team add printed:\n%s", out)
	}
	return m[1]
}

// TestRealWindowLiveAndOffline: ana's window on a team project (a private
// server, so that it can be stopped); bob labels a span with `margin
// annotate` as his own role and ana's window shows it within a second or
// so, without anyone touching it; the server stops, the window shows the
// offline banner, a span ana labels meanwhile is queued, and once the
// server is back it is on the server and the banner is gone.
func TestRealWindowLiveAndOffline(t *testing.T) {
	srv := pgtest.PrivateServer(t)
	s := &windowSession{bin: xwin.BuildMargin(t), home: t.TempDir(), project: srv.Database(t, "margin")}
	s.d = xwin.Start(t)
	xwin.CLI(t, s.bin, s.home, "init", s.project)
	txt := filepath.Join(s.home, "talks.txt")
	if err := os.WriteFile(txt, []byte(dialogArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", s.project, txt)
	ana, bob := memberURL(t, s, "ana"), memberURL(t, s, "bob")
	s.app = s.d.Launch(t, s.bin, s.home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, "open", ana)
	waitStatusText(t, s.d)
	s.d.WaitStable(statusLine, 15*time.Second)
	opened := s.d.Screenshot()
	t.Logf("opened: %s", s.d.Keep("opened"))

	// bob, from a terminal, as his own role, while ana compares layers.
	s.d.Click(compareRadio.X, compareRadio.Y)
	s.d.WaitStable(articleRow, 10*time.Second)
	before := s.d.Screenshot()
	start := time.Now()
	xwin.CLI(t, s.bin, s.home, "annotate", bob, "--doc", "1", "--label", "CEASEFIRE_TERM", "--start", "0", "--end", "15", "--annotator", "bob")
	committed := time.Now() // the command has exited: its commit is done
	// The compare view's overlay is a faint tint behind the words, below
	// WaitChange's threshold: watch a pixel of it instead.
	bg := before.At(spanPixel.X, spanPixel.Y+25)
	// It showed between the start of the last screenshot without it and
	// the end of the first one with it (after the commit).
	var from, to time.Duration
	prev := committed
	for {
		shot := time.Now()
		img := s.d.Screenshot()
		if img.At(spanPixel.X, spanPixel.Y) != bg {
			from, to = prev.Sub(committed), time.Since(committed)
			break
		}
		prev = shot
		if time.Since(committed) > 5*time.Second {
			t.Fatalf("bob's span did not show in ana's compare view within 5 s: %s", s.d.Keep("nospan"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The document list counts ana's own spans only; the compare pane's
	// summary counts bob's.
	s.d.WaitChange(compareSummary, before, 5*time.Second, "the compare pane to count bob's span group")
	t.Logf("bob's span on ana's screen between %v and %v after his command exited (it started %v before): %s", from, to, committed.Sub(start), s.d.Keep("bob"))

	// The server goes away: the banner says so.
	s.d.Click(annotateRadio.X, annotateRadio.Y)
	s.d.WaitStable(articleRow, 10*time.Second)
	before = s.d.Screenshot()
	srv.Stop(t)
	s.d.WaitChange(bannerRow, before, 10*time.Second, "the offline banner")
	offline := s.d.WaitStable(bannerRow, 10*time.Second)
	t.Logf("offline: %s", s.d.Keep("offline"))

	// ana labels "Ceasefire" meanwhile (the banner moved the article down).
	dragFirstWord(s.d, findArticleLine(t, s.d, image.Rect(0, bannerRow.Max.Y, xwin.Width, 400)))
	status := s.d.WaitStable(statusLine, 10*time.Second)
	s.d.Key("1")
	s.d.WaitChange(statusLine, status, 10*time.Second, "the status bar to say the span is queued")
	s.d.WaitChange(bannerCount(t, s.d, offline), offline, 10*time.Second, "the banner to count the queued edits (the span and the status it set)")
	s.d.WaitStable(bannerRow, 10*time.Second)
	t.Logf("queued: %s", s.d.Keep("queued"))
	if _, err := xwin.CLIResult(s.bin, s.home, "docs", s.project); err == nil {
		t.Fatal("the server answered while stopped")
	}

	// The server is back: the edit is sent, the banner goes.
	queued := s.d.Screenshot()
	srv.Start(t)
	s.d.WaitChange(bannerRow, queued, 15*time.Second, "the banner to go once the server is back")
	s.d.WaitChange(statusLine, queued, 10*time.Second, "the status bar to say saved once the queue is sent")
	back := s.d.WaitStable(articleRow, 10*time.Second)
	t.Logf("back: %s", s.d.Keep("back"))
	// The banner's space went with it: the document list's header is
	// where it was at opening (a blank strip stayed there, issue 17).
	if !samePixels(opened, back, listHeader) {
		t.Fatalf("back online, the document list's header moved: a strip stayed where the banner was: %s", s.d.Keep("strip"))
	}
	out := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--annotator", "ana")
	var doc struct {
		Annotations []struct{ Annotator, Label, Text string }
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &doc); err != nil {
		t.Fatalf("export %q: %v", out, err)
	}
	if len(doc.Annotations) != 1 || doc.Annotations[0].Label != "CEASEFIRE_TERM" || doc.Annotations[0].Text != "Ceasefire" {
		t.Fatalf("ana's layer on the server after the window was offline: %+v", doc.Annotations)
	}
}

// Positions in this layout (read off screenshots): the mode radios, the
// article's first line, a pixel of its first span, the compare pane's
// summary, the row under the toolbar where banners go.
var (
	annotateRadio  = image.Pt(60, 21) // the mode radios lead the toolbar
	compareRadio   = image.Pt(160, 21)
	articleRow     = image.Rect(250, 95, 1050, 125)
	compareSummary = image.Rect(962, 436, 1272, 456) // "N span groups, M disagreements"
	spanPixel      = image.Pt(300, 116)              // under "Ceasefire talks", inside its highlight
	bannerRow      = image.Rect(0, 45, 1060, 90)
	listHeader     = image.Rect(0, 50, 205, 80) // "Documents · your spans"
)

// samePixels says whether a and b are the same inside r.
func samePixels(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// bannerCount is where N of "offline: N edits waiting" is on screen img:
// the banner's text is centred, so its start follows the text's width;
// N follows "offline: " (about 60 px at the window's text size).
func bannerCount(t *testing.T, d *xwin.Display, img image.Image) image.Rectangle {
	t.Helper()
	line, ok := xwin.TextLine(img, bannerRow, minLineWidth)
	if !ok {
		t.Fatalf("no banner text in %v; screenshot: %s", bannerRow, d.Keep("banner"))
	}
	return image.Rect(line.Min.X+50, line.Min.Y-4, line.Min.X+80, line.Max.Y+4)
}
