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
