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
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// TestRealWindowSaysWhyItCouldNotOpen: launched as the desktop entry
// launches it (--error-window), Margin shows an error that keeps the
// project's window from opening in a window of its own, which the person
// reads and closes (a click on Close, or Escape); the process then exits
// with the error, as without
// the flag. Two such errors a researcher meets from a file manager or a
// link: a damaged file, and the server project of a removed member.
func TestRealWindowSaysWhyItCouldNotOpen(t *testing.T) {
	bin, home := xwin.BuildMargin(t), t.TempDir()
	damaged := filepath.Join(home, "thesis.margin")
	if err := os.WriteFile(damaged, []byte(strings.Repeat("not a database ", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	u := pgtest.FreshDatabase(t)
	xwin.CLI(t, bin, home, "init", u)
	annURL, _ := addedMember(t, xwin.CLI(t, bin, home, "team", "add", u, "--name", "ann", "--role", "annotator"))
	xwin.CLI(t, bin, home, "team", "remove", u, "--name", "ann")

	d := xwin.Start(t)
	for _, c := range []struct {
		args []string
		says string // a word of the message on screen
	}{
		{[]string{"--error-window", damaged}, "Margin project"},
		{[]string{"open", "--error-window", annURL}, "removed"},
	} {
		app := d.Launch(t, bin, home, "could not open", nil, c.args...)
		shot := d.WaitStable(image.Rect(0, 0, 620, 300), 15*time.Second)
		if text := ocr(t, shot, image.Rect(0, 0, 620, 200), "the error window"); !strings.Contains(text, "could not open") || !strings.Contains(text, c.says) {
			t.Fatalf("%v: the error window reads %q; screenshot %s", c.args, text, d.Keep("error"))
		}
		geo := d.Xdotool("getwindowgeometry", "--shell", app.Window)
		var w, h int
		for _, line := range strings.Fields(geo) {
			if v, ok := strings.CutPrefix(line, "WIDTH="); ok {
				w = atoi(t, v)
			}
			if v, ok := strings.CutPrefix(line, "HEIGHT="); ok {
				h = atoi(t, v)
			}
		}
		if c.says == "removed" {
			d.Key("Escape") // from the keyboard, as a dialog
		} else {
			d.Click(w-31, h-22) // Close, bottom right
		}
		if !app.Wait(10 * time.Second) {
			t.Fatalf("%v: the process kept running after Close; screenshot %s", c.args, d.Keep("close"))
		}
		if out := app.Output(); !strings.Contains(out, c.says) {
			t.Fatalf("%v: stderr after Close: %q", c.args, out)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}
