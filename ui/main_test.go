package ui

import (
	"os"
	"testing"
)

// Under Fyne's test driver fyne.Do runs a func on the goroutine that calls
// it, so the window's tests run the edit controller inline (its
// synchronous mode); the controller's own tests (ui/editctl) and
// TestWindowEditsOffTheUIGoroutine cover the queue.
func TestMain(m *testing.M) {
	postEdits = nil
	os.Exit(m.Run())
}
