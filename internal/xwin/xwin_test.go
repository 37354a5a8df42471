package xwin

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Where cmd/margin's 1280x800 window shows the first line of the article
// and the status bar (measured on a screenshot of this layout at scale 1).
var (
	statusBar = image.Rect(0, 765, Width, 795)
)

// TestWindowLabelsSelection drives the real window: drag over the first
// word, press label 1's hotkey, wait for the status bar to change, and
// find the annotation in the file through the CLI.
func TestWindowLabelsSelection(t *testing.T) {
	bin := BuildMargin(t)
	d := Start(t)
	home := t.TempDir()
	p := filepath.Join(home, "p.margin")
	CLI(t, bin, home, "init", p)
	txt := filepath.Join(home, "a.txt")
	if err := os.WriteFile(txt, []byte("Ceasefire talks resumed in Doha on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	CLI(t, bin, home, "import", p, txt)

	app := d.Launch(t, bin, home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, p)
	d.WaitStable(statusBar, 10*time.Second)
	// The article's line where it is on screen (the document list's
	// width decides its x); "Ceasefire" is about 60 pixels wide at scale 1.
	line := waitTextLine(t, d)
	y := (line.Min.Y + line.Max.Y) / 2
	d.Drag(line.Min.X+2, y, line.Min.X+50, y)
	before := d.WaitStable(statusBar, 10*time.Second) // shows the selection
	d.Key("1")
	d.WaitChange(statusBar, before, 10*time.Second, "the status bar to show the label saved")
	if !app.Running() {
		t.Fatalf("window exited:\n%s", app.Output())
	}
	out := CLI(t, bin, home, "export", p, "--format", "jsonl", "--annotator", "ana")
	if !strings.Contains(out, `"CEASEFIRE_TERM"`) {
		t.Fatalf("the label applied in the window is not in the file:\n%s", out)
	}
}

// waitTextLine waits until a line of text 200 px wide (the article's
// "Ceasefire talks resumed in Doha on Monday.") shows below the toolbar
// and returns its box.
func waitTextLine(t *testing.T, d *Display) image.Rectangle {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		img := d.Screenshot()
		if r, ok := TextLine(img, image.Rect(0, 80, Width, 400), 200); ok {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("no line of text on screen after 15 s; screenshot: %s", d.keep(img, "noline"))
		}
		time.Sleep(300 * time.Millisecond)
	}
}
