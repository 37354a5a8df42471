package main

import (
	"image"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// geometryOf is the X window id's position and size (xdotool).
func geometryOf(t *testing.T, d *xwin.Display, id string) image.Rectangle {
	t.Helper()
	v := map[string]int{}
	for _, line := range strings.Split(d.Xdotool("getwindowgeometry", "--shell", id), "\n") {
		if k, val, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			v[k], _ = strconv.Atoi(val)
		}
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"])
}

// TestToolWindowsLeaveTheRightColumnRealWindow: on a 1024×640 screen each
// tool window (Ctrl+Shift+T the annotations table, F search, I
// statistics, P progress) opens inside the screen and leaves the main
// window's right-hand column (Labels, annotations, inspector) in view:
// the column's pixels are the same with the tool window open. The table
// opened 1000×620 and the statistics 960×620, over the column.
func TestToolWindowsLeaveTheRightColumnRealWindow(t *testing.T) {
	screen := image.Pt(1024, 640)
	s := openWindowSessionScreen(t, dialogArticle, "", screen)
	// The right-hand column at 1024 px is at least 252 px wide (README);
	// its panes, between the toolbar and the status bar.
	column := image.Rect(screen.X-240, 50, screen.X-10, screen.Y-60)
	for _, tool := range []struct{ key, title string }{
		{"ctrl+shift+t", "^Annotations"},
		{"ctrl+shift+f", "^Search all documents"},
		{"ctrl+shift+i", "^Statistics"},
		{"ctrl+shift+p", "^Progress"},
	} {
		s.d.Xdotool("windowfocus", "--sync", s.app.Window)
		before := s.d.WaitStable(column, 10*time.Second)
		s.d.Key(tool.key)
		id := strings.Fields(s.d.Xdotool("search", "--sync", "--onlyvisible", "--name", tool.title))[0]
		time.Sleep(time.Second) // drawn
		g := geometryOf(t, s.d, id)
		after := shot(s, "tool-"+strings.TrimPrefix(tool.title, "^")+"-1024.png")
		if g.Dx() > screen.X || g.Dy() > screen.Y {
			t.Errorf("%s opened %v on a %v screen", tool.title, g.Size(), screen)
		}
		if d := xwin.Differ(before, after, column); d > 0.01 {
			t.Errorf("%s (%v) covers the main window's right-hand column (%.0f%% of it changed); screenshot: %s",
				tool.title, g, 100*d, s.d.Keep("tool-over-column"))
		}
		s.d.Xdotool("windowunmap", "--sync", id)
	}
}

// TestDashboardWheelOverAMatrixRealWindow: ana and ben labelled the
// article with eight labels between them (a 9×9 confusion matrix) and
// its relevance; in the agreement dashboard, with the pointer held at
// one place in its column, the wheel scrolls the column down to the
// document labels at its end. Fyne gives the wheel to the innermost
// scroll under the pointer, and the matrices' sideways scrolls stopped
// the dashboard as soon as one came under the pointer.
func TestDashboardWheelOverAMatrixRealWindow(t *testing.T) {
	s := openWindowSession(t)
	ann := func(who, label, start, end string) {
		xwin.CLI(t, s.bin, s.home, "annotate", s.project, "--doc", "1", "--label", label, "--start", start, "--end", end, "--annotator", who)
	}
	for _, who := range []string{"ana", "ben"} {
		ann(who, "CEASEFIRE_TERM", "0", "9") // Ceasefire
		ann(who, "ACTOR", "45", "54")        // mediators
		xwin.CLI(t, s.bin, s.home, "label-doc", s.project, "--doc", "1", "--set", "relevance", "--value", "relevant", "--annotator", who)
	}
	ann("ana", "NEGOTIATION_EVENT", "10", "15") // talks
	ann("ben", "MILITARY_ACTION", "10", "15")
	ann("ana", "TERRITORIAL_CONTROL", "27", "31") // Doha
	ann("ben", "AID_OR_SANCTION", "27", "31")
	ann("ana", "PRECONDITION", "77", "83") // accept
	ann("ben", "CASUALTY_OR_DAMAGE", "77", "83")
	s.d.WaitStable(statusLine, 10*time.Second)
	before := s.d.Screenshot()
	s.d.Click(agreementButton.X, agreementButton.Y)
	s.d.WaitChange(dashboardArea, before, 15*time.Second, "the agreement dashboard")
	s.d.WaitStable(dashboardArea, 10*time.Second)
	// The dashboard's left column (the 900×640 dialog in the 1280×800
	// window: its matrices scroll there), and a point in it.
	column := image.Rect(210, 190, 760, 690)
	s.d.Xdotool("mousemove", "480", "450")
	for i := 0; i < 60; i++ {
		s.d.Xdotool("click", "5")
	}
	time.Sleep(500 * time.Millisecond)
	shot(s, "dashboard-wheel.png")
	s.readShows(t, column, "the dashboard's column after the wheel", "Document labels", "relevance")
}
