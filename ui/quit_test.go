package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// fakeQuitter is a ProjectOpener and AppQuitter that records QuitAll.
type fakeQuitter struct {
	calls      int
	closesThis bool
}

func (q *fakeQuitter) Open(string) error   { return nil }
func (q *fakeQuitter) Create(string) error { return nil }
func (q *fakeQuitter) QuitAll() bool       { q.calls++; return q.closesThis }

// TestCtrlQQuitsEveryProjectWindow: Ctrl+Q asks the app's other project
// windows to close (it closed only the window it was pressed in), then
// closes this one; when the request went to the window that started this
// one, that one asks this window too, and it does not close twice.
func TestCtrlQQuitsEveryProjectWindow(t *testing.T) {
	for _, closesThis := range []bool{false, true} {
		db := demoProject(t, filepath.Join(t.TempDir(), "p.margin"))
		w := openWindow(t, db)
		q := &fakeQuitter{closesThis: closesThis}
		w.Projects = q
		w.win.Canvas().(fyne.Shortcutable).TypedShortcut(quitShortcut)
		if q.calls != 1 {
			t.Fatalf("Ctrl+Q asked the other windows %d times", q.calls)
		}
		if closesThis {
			time.Sleep(300 * time.Millisecond) // a close would have been queued by now
			stillOpen(t, w, "by itself although the window that started it closes it")
		} else {
			waitClosed(t, w)
		}
		db.Close()
	}
}
