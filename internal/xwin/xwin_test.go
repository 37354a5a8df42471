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
	firstLine = image.Pt(241, 108)
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
	// "Ceasefire" is about 62 pixels wide at scale 1.
	d.Drag(firstLine.X+1, firstLine.Y, firstLine.X+60, firstLine.Y)
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
