package main

import (
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/margin-app/margin/internal/xwin"
)

// Where the Guidelines panel shows at 1280×800, scale 1 (read off a
// screenshot): the bottom of the article's column, below a one-line
// article; and the Labels pane's PRECONDITION row (the third: with a
// span selected the pane shows three rows, ui/panes_right.go).
var (
	guidelinesArea  = image.Rect(214, 600, 945, 757)
	preconditionRow = image.Pt(labelRow.X, labelRow.Y+2*30)
	annotateRadioAt = image.Pt(19, 21)
	compareRadioAt  = image.Pt(120, 21)
	comparePanel    = image.Rect(960, 340, xwin.Width, 600)
)

// letters is s in capitals with everything but letters and digits left
// out: the OCR reads "CEASEFIRE_TERM" as "CEASEFIRE TERM" or
// "CEASEFIRE_TERM" and "·" as anything.
func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readShows OCRs r of the screen until it holds every one of want (after
// letters) and fails after 10 s with what it last read.
func (s *windowSession) readShows(t *testing.T, r image.Rectangle, what string, want ...string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(300 * time.Millisecond) {
		img := s.d.WaitStable(r, 10*time.Second)
		got = ocr(t, img, r, what)
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(letters(got), letters(w))
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s reads %q, want %q; screenshot: %s", what, strings.TrimSpace(got), want, s.d.Keep("read"))
		}
	}
}

// TestGuidelinesPanelRealWindow is issue 15's Guidelines panel in the real
// window: Ctrl+G shows, below the article, the guideline of the label in
// hand (the span just labelled CEASEFIRE_TERM), it follows the span
// relabelled ACTOR by its hotkey and the label the pointer rests on in
// the Labels pane, and Ctrl+G hides it again. The panel and its text are
// read on screen with tesseract.
func TestGuidelinesPanelRealWindow(t *testing.T) {
	s := openWindowSession(t)
	s.label(t, 0) // CEASEFIRE_TERM on "Ceasefire", which stays selected
	empty := s.d.WaitStable(guidelinesArea, 10*time.Second)
	if ink := xwin.Differ(empty, image.NewRGBA(empty.Bounds()), guidelinesArea); ink > 0.9 {
		t.Fatalf("the area below the one-line article is not the empty page (%v)", ink)
	}
	s.d.Key("ctrl+g")
	s.d.WaitChange(guidelinesArea, empty, 10*time.Second, "the Guidelines panel")
	s.readShows(t, guidelinesArea, "the Guidelines panel with a CEASEFIRE_TERM span selected",
		"Guidelines", "CEASEFIRE_TERM", "violated term of a ceasefire")
	shot(s, "guidelines.png")
	s.d.Key("4") // ACTOR: the selected span is relabelled
	s.readShows(t, guidelinesArea, "the Guidelines panel after relabelling the span ACTOR",
		"Guidelines", "ACTOR", "organisation making or subject to a claim")
	s.d.Xdotool("mousemove", "--sync", strconv.Itoa(preconditionRow.X), strconv.Itoa(preconditionRow.Y))
	s.readShows(t, guidelinesArea, "the Guidelines panel with the pointer on PRECONDITION",
		"PRECONDITION", "condition a party sets")
	s.d.Xdotool("mousemove", "--sync", "600", "500")
	shown := s.d.WaitStable(guidelinesArea, 10*time.Second)
	s.d.Key("ctrl+g")
	hidden := s.d.WaitChange(guidelinesArea, shown, 10*time.Second, "the Guidelines panel to hide")
	if d := xwin.Differ(hidden, empty, guidelinesArea); d > 0.01 {
		t.Fatalf("after Ctrl+G again the panel's area differs from before it showed in %.1f%% of its pixels; screenshot: %s", 100*d, s.d.Keep("hidden"))
	}
}

// TestRememberedSizeFitsASmallerScreen: a window size kept from a
// 1280×800 monitor, opened on a 1024×640 screen, is fitted to the screen
// (it opened 1280×800, with the right-hand pane, the ☰ menu and the status
// bar off the screen): the X server has the window at 1024×640, and its
// status bar, at the screen's bottom, reads the open document's name.
func TestRememberedSizeFitsASmallerScreen(t *testing.T) {
	screen := image.Pt(1024, 640)
	s := launchWindowSession(t, dialogArticle, `{"window.width":1280,"window.height":800}`, screen)
	var w, h int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if w, h = s.windowSize(t); w == screen.X && h == screen.Y {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("on a %d×%d screen the window kept at 1280×800 opened at %d×%d; screenshot: %s", screen.X, screen.Y, w, h, s.d.Keep("fit"))
		}
	}
	status := statusLineOn(screen)
	waitStatusTextIn(t, s.d, status)
	s.readShows(t, status, "the status bar at the screen's bottom", "talks", "0 of your spans")
	shot(s, "fit-1024.png")
}

// TestTableRowsJumpRealWindow: in the real window's annotations table
// (Ctrl+Shift+T) a click on ana's own row, in the other document, opens
// that document with her span selected (the status bar names both), and
// a click on ben's row switches the window to Compare with his span as
// the current group (the Compare radio is on, the panel names ben and his
// span's text).
func TestTableRowsJumpRealWindow(t *testing.T) {
	s := openWindowSession(t)
	second := filepath.Join(filepath.Dir(s.project), "envoys.txt")
	if err := os.WriteFile(second, []byte("Envoys met in Geneva to draft the exchange of prisoners.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xwin.CLI(t, s.bin, s.home, "import", s.project, second)
	ann := func(who, doc, label string, start, end int) {
		xwin.CLI(t, s.bin, s.home, "annotate", s.project, "--doc", doc, "--label", label,
			"--start", strconv.Itoa(start), "--end", strconv.Itoa(end), "--annotator", who)
	}
	ann("ana", "2", "TERRITORIAL_CONTROL", 14, 20) // Geneva
	ann("ben", "1", "ACTOR", 45, 54)               // mediators
	s.readShows(t, statusLine, "the status bar on the first document", "talks")
	before := s.d.WaitStable(image.Rect(0, 0, 1000, 620), 10*time.Second)
	s.d.Key("ctrl+shift+t")
	s.d.WaitChange(image.Rect(0, 0, 1000, 620), before, 10*time.Second, "the annotations table")
	// The rows, 40 px apart from y 136 (sorted by document): which is
	// whose, once the table has read them.
	rowAt := map[string]int{}
	for deadline := time.Now().Add(10 * time.Second); len(rowAt) < 2; time.Sleep(300 * time.Millisecond) {
		table := s.d.WaitStable(image.Rect(0, 0, 1000, 620), 10*time.Second)
		for i, y := range []int{136, 176} {
			text := ocr(t, table, image.Rect(0, y-18, 996, y+18), "table row "+strconv.Itoa(i+1))
			switch {
			case strings.Contains(text, "Geneva") && strings.Contains(text, "ana"):
				rowAt["ana"] = y
			case strings.Contains(text, "mediators") && strings.Contains(text, "ben"):
				rowAt["ben"] = y
			}
		}
		if len(rowAt) < 2 && time.Now().After(deadline) {
			t.Fatalf("the table's first two rows are not ana's Geneva and ben's mediators (%v); screenshot: %s", rowAt, s.d.Keep("rows"))
		}
	}
	shot(s, "table-jump.png")
	tableWin := s.d.Xdotool("search", "--name", "^Annotations")
	s.d.Click(300, rowAt["ana"])
	s.readShows(t, statusLine, "the status bar after a click on ana's row", "envoys", "TERRITORIAL_CONTROL 14-20")
	// The jump raised the project's window over the table (it takes the
	// focus for the keys): bring the table back, as a window manager's
	// click on it would.
	jumped := s.d.Screenshot()
	s.d.Xdotool("windowraise", tableWin)
	s.d.WaitChange(image.Rect(0, 0, 1000, 620), jumped, 10*time.Second, "the table raised again")
	s.d.Click(300, rowAt["ben"])
	time.Sleep(time.Second)
	s.d.Xdotool("windowunmap", "--sync", tableWin)
	s.readShows(t, comparePanel, "the Compare panel after a click on ben's row", "ben", "ACTOR", "mediators")
	img := s.d.Screenshot()
	if !radioOn(img, compareRadioAt) || radioOn(img, annotateRadioAt) {
		t.Fatalf("after a click on ben's row the Compare radio is not the one on; screenshot: %s", s.d.Keep("mode"))
	}
	shot(s, "table-jump-compare.png")
}

// radioOn reports whether the radio button centred at p is filled with
// the theme's primary colour (blue): an unselected one is a grey ring.
func radioOn(img image.Image, p image.Point) bool {
	r, g, b, _ := img.At(p.X, p.Y).RGBA()
	return b > 0xa000 && b > r+0x4000 && b > g+0x2000
}
