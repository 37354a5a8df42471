package main

import (
	"image"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// windowWidth is the window's width as the X server has it (xdotool
// getwindowgeometry), not as the app believes it.
func (s *windowSession) windowWidth(t *testing.T) int {
	t.Helper()
	out := s.d.Xdotool("getwindowgeometry", "--shell", s.app.Window)
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "WIDTH="); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("getwindowgeometry: %q", out)
			}
			return n
		}
	}
	t.Fatalf("getwindowgeometry printed no WIDTH: %q", out)
	return 0
}

// TestTypingInSearchNeverWidensTheWindow is issue 15's toolbar bug in the
// real window: typing into Search (its match count appears beside it)
// widened the window from 1280 to 1324 px, and it never shrank back. The
// toolbar now lays itself out in the width it gets, moving what does not
// fit into its menu, so the window keeps the size it was given.
func TestTypingInSearchNeverWidensTheWindow(t *testing.T) {
	s := openWindowSession(t)
	before := s.windowWidth(t)
	if before != 1280 {
		t.Fatalf("the window opened %d px wide, want 1280", before)
	}
	s.d.Key("ctrl+f")
	for _, term := range []string{"the", "e", "Ceasefire talks resumed"} {
		s.d.Key("ctrl+a")
		s.d.Type(term)
		time.Sleep(700 * time.Millisecond) // the count shows, the window would follow
		if got := s.windowWidth(t); got != before {
			t.Fatalf("after typing %q into Search the window is %d px wide, was %d; screenshot: %s", term, got, before, s.d.Keep("widened"))
		}
	}
	s.d.Key("ctrl+a", "BackSpace")
	time.Sleep(500 * time.Millisecond)
	if got := s.windowWidth(t); got != before {
		t.Fatalf("after clearing Search the window is %d px wide, was %d", got, before)
	}
	// At 800×600 the toolbar moves its buttons into the menu instead of
	// asking for more width.
	s.d.Xdotool("windowsize", "--sync", s.app.Window, "800", "600")
	time.Sleep(700 * time.Millisecond)
	s.d.Key("ctrl+f")
	s.d.Type("ceasefire")
	time.Sleep(700 * time.Millisecond)
	if got := s.windowWidth(t); got != 800 {
		t.Fatalf("at 800 px, after typing into Search the window is %d px wide; screenshot: %s", got, s.d.Keep("narrow"))
	}
}

// labelRow is the first row (CEASEFIRE_TERM) of the Labels panel.
var labelRow = image.Pt(1053, 91)

// TestOneClickOnALabelWithItsTooltipLabels is the two-click bug in the
// real window: the pointer rests on a label until its guideline shows,
// then one click labels the selected text (the tooltip, a pop-up, took
// that click to close itself before), and the tooltip is gone.
func TestOneClickOnALabelWithItsTooltipLabels(t *testing.T) {
	s := openWindowSession(t)
	dragFirstWord(s.d, findArticleLine(t, s.d, articleArea))
	tipArea := image.Rect(labelRow.X-150, labelRow.Y+12, xwin.Width, labelRow.Y+80)
	before := s.d.WaitStable(tipArea, 10*time.Second)
	s.d.Xdotool("mousemove", "--sync", strconv.Itoa(labelRow.X), strconv.Itoa(labelRow.Y))
	s.d.WaitChange(tipArea, before, 10*time.Second, "the label's guideline tooltip")
	cell := labelCount(0)
	counted := s.d.WaitStable(cell, 10*time.Second)
	s.d.Xdotool("click", "1")
	if _, ok := s.d.PollChange(cell, counted, 4*time.Second); !ok {
		t.Fatalf("one click on the label with its tooltip showing labelled nothing; screenshot: %s", s.d.Keep("twoclicks"))
	}
	if got := s.annotationCount(t); got != 1 {
		t.Fatalf("the project holds %d annotations after one click, want 1", got)
	}
	if xwin.Differ(before, s.d.WaitStable(tipArea, 10*time.Second), tipArea) > xwin.Settled*20 {
		t.Fatalf("the tooltip is still shown after the click; screenshot: %s", s.d.Keep("tooltip"))
	}
}
