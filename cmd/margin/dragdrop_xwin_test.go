package main

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// TestDroppedFilesImportInTheRealWindow drags two text files onto the
// real window as a file manager does (XDND through GLFW, not a call into
// the handler as the headless test makes): the import form lists both,
// Enter imports them, and the project file holds them as documents.
func TestDroppedFilesImportInTheRealWindow(t *testing.T) {
	s := openWindowSession(t)
	dir := t.TempDir()
	var files []string
	for name, text := range map[string]string{
		"doha-talks.txt":    "Mediators in Doha said the talks would resume on Monday.\n",
		"geneva-report.txt": "Delegates in Geneva reported no progress on the ceasefire terms.\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	before := s.d.WaitStable(dialogArea, 10*time.Second)
	s.d.DropFiles(s.app.Window, 640, 400, files...)
	s.d.WaitChange(dialogArea, before, 10*time.Second, "the import form for the dropped files")
	s.d.WaitStable(dialogArea, 10*time.Second)
	s.d.Key("Return")
	deadline := time.Now().Add(20 * time.Second)
	for {
		out := xwin.CLI(t, s.bin, s.home, "docs", s.project)
		if strings.Contains(out, "doha-talks") && strings.Contains(out, "geneva-report") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after the drop and Enter the project lists:\n%s\nscreenshot: %s", out, s.d.Keep("drop"))
		}
		time.Sleep(300 * time.Millisecond)
	}
	// The list shows them too (the window reloads after its import).
	s.d.WaitChange(image.Rect(0, 190, 210, 300), before, 10*time.Second, "the dropped documents in the list")
}
