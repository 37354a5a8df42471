package ui

import (
	"os"
	"testing"
	"time"
)

// Under Fyne's test driver fyne.Do runs a func on the goroutine that calls
// it, so the window's tests run the edit controller inline (its
// synchronous mode); the controller's own tests (ui/editctl) and
// TestWindowEditsOffTheUIGoroutine cover the queue.
func TestMain(m *testing.M) {
	postEdits = nil
	tableInline = true                // see tableInline
	keepAlivePost = nil               // TestKeptFormsKeepTheirTheme calls touchKept itself
	goExport = func(f func()) { f() } // see goExport
	// No delayed layout save beside a test's own resizes (see
	// layoutSaveDelay); TestSplitsAreSavedWhenTheyChange turns it on.
	layoutSaveDelay = time.Hour
	os.Exit(m.Run())
}
