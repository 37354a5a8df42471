package main

import (
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
	"github.com/margin-app/margin/ui"
)

// TestWindowKeyboardSelectionAndLabelTags is issue 15's keyboard selection
// and label tags in the real window: a click puts the caret in the
// article, Ctrl+Home, Shift+Right twice and Ctrl+Shift+Right (which the
// desktop driver delivers as a shortcut, not a typed key) select the
// first two words, label 1's hotkey labels them, and with the label tags
// preference on the label's name is drawn above the span, moving the line
// down by one tag row only.
func TestWindowKeyboardSelectionAndLabelTags(t *testing.T) {
	s := openWindowSessionPrefs(t, dialogArticle+"\nA second paragraph stays where it was.\n", `{"`+ui.PrefLabelTags+`":true}`)
	start := s.lineStart(t) // waits for the article's first line
	before := s.d.Screenshot()
	// The text column: from just right of the caret at the line's start
	// to the line's end, short of the outline button right of the text.
	textArea := image.Rect(start.X+7, 85, s.line.Max.X, 760)
	firstInk, secondInk := inkRows(before, textArea)
	s.d.Click(start.X+100, start.Y)
	s.d.Key("ctrl+Home")
	// Shift+Right twice selects the whole first word (snapped, the caret
	// two characters in); Ctrl+Shift+Right goes to the word's end, then
	// past the next word.
	s.d.Key("shift+Right", "shift+Right", "ctrl+shift+Right", "ctrl+shift+Right")
	s.d.WaitStable(statusLine, 10*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "keyboard-selection.png"))
	}
	cell := labelCount(0)
	was := s.d.WaitStable(cell, 10*time.Second)
	s.d.Key("1")
	if _, ok := s.d.PollChange(cell, was, 10*time.Second); !ok {
		t.Fatalf("label 1 after the keyboard selection was not counted; screenshot: %s", s.d.Keep("label"))
	}
	out := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--annotator", "ana")
	var rec struct {
		Annotations []struct {
			Label string `json:"label"`
			Text  string `json:"text"`
		} `json:"annotations"`
	}
	line, _, _ := strings.Cut(out, "\n")
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	if a := rec.Annotations; len(a) != 1 || a[0].Label != "CEASEFIRE_TERM" || a[0].Text != "Ceasefire talks" {
		t.Fatalf("the keyboard selection labelled %+v, want CEASEFIRE_TERM “Ceasefire talks”; screenshot: %s", a, s.d.Keep("labelled"))
	}
	after := s.d.WaitStable(textArea, 10*time.Second)
	if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
		s.d.SaveScreenshot(filepath.Join(dir, "label-tags.png"))
	}
	tagFirst, tagSecond := inkRows(after, textArea)
	// The text moved down by one tag row, the second paragraph by as
	// much (only the labelled line grew), and the tag is drawn in the
	// label's red above the text (above the span's band), where the
	// text was.
	moved := tagFirst - firstInk
	if moved < 8 || moved > 24 {
		t.Errorf("the labelled line's text moved from y=%d to %d: want one tag row (8..24 px); screenshot: %s", firstInk, tagFirst, s.d.Keep("tags"))
	}
	if got := tagSecond - secondInk; got != moved {
		t.Errorf("the second paragraph moved by %d px (y=%d, was %d), the labelled line by %d; screenshot: %s", got, tagSecond, secondInk, moved, s.d.Keep("tags"))
	}
	if n := reddish(after, image.Rect(start.X, firstInk-8, start.X+120, tagFirst-7)); n < 20 {
		t.Errorf("no CEASEFIRE_TERM tag above the span (%d red pixels); screenshot: %s", n, s.d.Keep("tags"))
	}
}

// inkRows returns the first pixel row with bright (text) pixels in the
// article's text column textArea and the first row of the next block of
// text after a gap (the second paragraph).
func inkRows(img image.Image, textArea image.Rectangle) (first, second int) {
	first, second = -1, -1
	gap := 0
	for y := textArea.Min.Y; y < textArea.Max.Y; y++ {
		// The caret (2 px wide, taller than the glyphs, blinking) is not
		// text: a row counts from 3 bright pixels on. The same text gives
		// the same first row wherever it is drawn.
		bright := 0
		for x := textArea.Min.X; x < textArea.Max.X && bright < 3; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			if (c0+c1+c2)/3 > 0x8000 {
				bright++
			}
		}
		row := bright >= 3
		switch {
		case row && first < 0:
			first = y
		case row && gap >= 12:
			return first, y
		case row:
			gap = 0
		case first >= 0:
			gap++
		}
	}
	return first, second
}

// reddish counts the pixels in r that are clearly red (the CEASEFIRE_TERM
// colour #e4572e, as a tag draws it).
func reddish(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			if c0 > c1+0x3000 && c0 > c2+0x3000 {
				n++
			}
		}
	}
	return n
}
