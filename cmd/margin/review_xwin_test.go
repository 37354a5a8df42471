package main

import (
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// Where the word "Monday" of dialogArticle's first line (code points
// 35–41) is, from the line's start on screen (read off a screenshot at
// scale 1); the Compare mode radio is compareRadio.
var (
	mondayWord = image.Rect(246, -12, 306, 12) // from the first line's start
	// The toolbar's Agreement button and where its dashboard shows.
	agreementButton = image.Pt(646, 21)
	dashboardArea   = image.Rect(190, 80, 1090, 720)
)

// TestCompareNextAfterClickingAHighlightRealWindow: ana and ben disagree
// on four stretches of the article. In the compare view the user clicks
// the Monday span (a label disagreement), then presses N: the emphasis
// leaves Monday for the next disagreement. It used to stay on the clicked
// span, so N looked ignored (issue 15).
func TestCompareNextAfterClickingAHighlightRealWindow(t *testing.T) {
	s := openWindowSession(t)
	ann := func(who, label, start, end string) {
		xwin.CLI(t, s.bin, s.home, "annotate", s.project, "--doc", "1", "--label", label, "--start", start, "--end", end, "--annotator", who)
	}
	ann("ana", "ACTOR", "27", "31")             // Doha: ana only
	ann("ana", "NEGOTIATION_EVENT", "35", "41") // Monday: labels differ
	ann("ben", "PRECONDITION", "35", "41")      //
	ann("ana", "ACTOR", "45", "54")             // mediators: exact
	ann("ben", "ACTOR", "45", "54")             //
	ann("ben", "ACTOR", "68", "73")             // sides: ben only
	s.d.WaitStable(statusLine, 10*time.Second)  // the window reloaded the CLI's edits
	mondayWord := mondayWord.Add(s.lineStart(t))
	s.d.Click(compareRadio.X, compareRadio.Y)
	time.Sleep(time.Second)
	s.d.Click((mondayWord.Min.X+mondayWord.Max.X)/2, (mondayWord.Min.Y+mondayWord.Max.Y)/2)
	clicked := s.d.WaitStable(mondayWord, 5*time.Second)
	s.d.SaveScreenshot(filepath.Join(t.TempDir(), "clicked.png"))
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "compare-clicked.png"))
	}
	s.d.Key("n")
	s.d.WaitChange(mondayWord, clicked, 5*time.Second, "the emphasis leaving the clicked span after N")
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		time.Sleep(500 * time.Millisecond)
		s.d.SaveScreenshot(filepath.Join(dir, "compare-after-n.png"))
	}
	// The agreement dashboard: its confusion matrix and document labels.
	before := s.d.Screenshot()
	s.d.Click(agreementButton.X, agreementButton.Y)
	s.d.WaitChange(dashboardArea, before, 15*time.Second, "the agreement dashboard")
	s.d.WaitStable(dashboardArea, 10*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "dashboard.png"))
	}
}
