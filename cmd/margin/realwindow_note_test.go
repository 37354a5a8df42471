package main

import (
	"encoding/json"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// Screen positions in the 1280x800 window at scale 1, read off
// screenshots of this layout with an ACTOR span selected: the inspector's
// note entry (with a span selected the inspector has the room for its
// label, attributes and note, panes_right.go: no scrolling) and, from
// the first line's start, the two spans labelled below on it.
var (
	noteEntry  = image.Pt(1120, 600)
	claimSpan  = image.Pt(19, 0)  // "Ceasefire", labelled by label(t, 0)
	actorSpan  = image.Pt(155, 0) // "resumed in Doha", labelled ACTOR by label(t, 3)
	stableWait = 10 * time.Second
)

// notesInFile reads ana's notes by covered text, as a fresh process
// reads the file.
func (s *windowSession) notesInFile(t *testing.T) map[string]string {
	t.Helper()
	out := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--annotator", "ana")
	notes := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var doc struct {
			Annotations []struct {
				Text, Note string
			}
		}
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		for _, a := range doc.Annotations {
			notes[a.Text] = a.Note
		}
	}
	return notes
}

// TestRealWindowTypedNoteSurvivesMovingOnAndKill is issue 12 item 3 in the
// real window, driven by mouse and keys: a note typed into the inspector
// and left by clicking another span, then extended and left with Tab, is
// in the file after the window is SIGKILLed, though nobody pressed "Save
// note" or Enter. Before the fix both were dropped (and Tab typed a tab
// into the note).
func TestRealWindowTypedNoteSurvivesMovingOnAndKill(t *testing.T) {
	s := openWindowSession(t)
	s.label(t, 0)
	s.label(t, 3) // ACTOR, selected: the inspector shows it with its note
	s.d.WaitStable(statusLine, stableWait)

	s.d.Click(noteEntry.X, noteEntry.Y)
	s.d.Type("needs a second source")
	before := s.d.WaitStable(statusLine, stableWait)
	s.click(t, claimSpan) // moving on saves the note
	s.d.WaitChange(statusLine, before, stableWait, "the status bar after clicking the other span")
	s.d.WaitStable(statusLine, stableWait)
	if got := s.notesInFile(t)["resumed in Doha"]; got != "needs a second source" {
		t.Fatalf("note in the file after clicking another span: %q", got)
	}

	s.click(t, actorSpan)
	s.d.WaitStable(statusLine, stableWait)
	s.d.Click(noteEntry.X, noteEntry.Y)
	s.d.Key("End")
	s.d.Type(" (Reuters)")
	before = s.d.WaitStable(statusLine, stableWait)
	s.d.Key("Tab") // leaving the note with Tab saves it
	s.d.WaitChange(statusLine, before, stableWait, `the status bar to say the note was saved after Tab`)
	s.d.WaitStable(statusLine, stableWait)

	s.app.Kill()
	notes := s.notesInFile(t)
	if got := notes["resumed in Doha"]; got != "needs a second source (Reuters)" {
		t.Fatalf("note in the file after SIGKILL: %q (all notes: %q)", got, notes)
	}
}
