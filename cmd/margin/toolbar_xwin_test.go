package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
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
}
