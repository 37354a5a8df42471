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
	"unicode/utf8"

	"github.com/margin-app/margin/internal/xwin"
)

// brightBands returns the bands of consecutive pixel rows of area that
// hold text (3 bright pixels or more), top to bottom, and each band's
// leftmost bright pixel.
func brightBands(img image.Image, area image.Rectangle) (bands [][2]int, left []int) {
	in := false
	for y := area.Min.Y; y < area.Max.Y; y++ {
		bright, first := 0, -1
		for x := area.Min.X; x < area.Max.X; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			if (c0+c1+c2)/3 > 0x8000 {
				bright++
				if first < 0 {
					first = x
				}
			}
		}
		switch {
		case bright >= 3 && !in:
			bands, left, in = append(bands, [2]int{y, y + 1}), append(left, first), true
		case bright >= 3:
			bands[len(bands)-1][1] = y + 1
			left[len(left)-1] = min(left[len(left)-1], first)
		default:
			in = false
		}
	}
	return bands, left
}

// relationWindow is a real window on article with ana's CEASEFIRE_TERM
// span over the first src, her ACTOR span over the first dst and a
// claimed_by relation from the one to the other, with the Fyne
// preferences prefs ("": none).
func relationWindow(t *testing.T, article, prefs, src, dst string) *windowSession {
	t.Helper()
	at := func(sub string) (int, int) {
		i := strings.Index(article, sub)
		s := utf8.RuneCountInString(article[:i])
		return s, s + utf8.RuneCountInString(sub)
	}
	return openAnnotatedSession(t, article, prefs, func(s *windowSession) {
		as, ae := at(dst)
		cs, ce := at(src)
		actor := s.annotate(t, "ACTOR", as, ae)
		term := s.annotate(t, "CEASEFIRE_TERM", cs, ce)
		xwin.CLI(t, s.bin, s.home, "relate", s.project, "--from", term, "--to", actor, "--type", "claimed_by")
	})
}

// atSizes resizes s's window to 1280×800, then 1024×640, and calls check
// with the size's name, the window's place and a settled screenshot.
func atSizes(t *testing.T, s *windowSession, check func(where string, win image.Rectangle, img image.Image)) {
	t.Helper()
	for _, size := range [][2]int{{1280, 800}, {1024, 640}} {
		s.d.Xdotool("windowsize", "--sync", s.app.Window, strconv.Itoa(size[0]), strconv.Itoa(size[1]))
		time.Sleep(900 * time.Millisecond)
		win := s.windowRect(t)
		check(fmt.Sprintf("%d×%d", size[0], size[1]), win, s.d.WaitStable(win, 15*time.Second))
	}
}

// TestRelationAcrossLinesKeepsOffTheTextInTheRealWindow: a relation from
// line 3 up to line 1 drew a vertical line at the target's x through the
// words of line 2 (docs/label-tags.png, "claimed_by" through "immediate
// ceasefire"). In the real window, at 1280×800 and 1024×640, line 2's
// text rows hold no pixel of the relation's red right of where the text
// starts, and the relation passes line 2 in the margin left of it.
func TestRelationAcrossLinesKeepsOffTheTextInTheRealWindow(t *testing.T) {
	article := "President Trump spoke to Russian president Vladimir Putin on Tuesday.\n" +
		"He asked for an immediate ceasefire with Ukraine.\n" +
		"The two leaders held a phone call.\n"
	s := relationWindow(t, article, "", "The two", "President")
	atSizes(t, s, func(where string, win image.Rectangle, img image.Image) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, "relation-across-lines-"+strconv.Itoa(win.Dx())+".png"))
		}
		// The article: right of the document list (16% of the window),
		// left of the panes, below the toolbar and the relevance row.
		area := image.Rect(win.Min.X+win.Dx()*165/1000, win.Min.Y+80, win.Min.X+win.Dx()*74/100, win.Min.Y+300)
		bands, left := brightBands(img, area)
		if len(bands) < 3 {
			t.Errorf("%s: %d text lines found in %v, want 3: %v; screenshot: %s", where, len(bands), area, bands, s.d.Keep("lines"))
			return
		}
		y0, y1, x0 := bands[1][0], bands[1][1], left[1]
		over := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < area.Max.X; x++ {
				if termRed(img, x, y) {
					over++
				}
			}
		}
		if over > 0 {
			t.Errorf("%s: %d pixels of the relation's red on line 2's text (rows %d–%d, from x=%d): the relation runs over the text; screenshot: %s",
				where, over, y0, y1, x0, s.d.Keep("overtext"))
		}
		if n := termRedColumns(img, image.Rect(x0-14, y0, x0-1, y1)); n == 0 {
			t.Errorf("%s: no relation line in the margin left of line 2 (x %d–%d, rows %d–%d); screenshot: %s", where, x0-14, x0-1, y0, y1, s.d.Keep("nolane"))
		}
		t.Logf("%s: line 2 at rows %d–%d from x=%d; screenshot: %s", where, y0, y1, x0, s.d.Keep("route"))
	})
}
