package main

import (
	"image"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/xwin"
)

// articleArea is where the article's first line can be: below the
// toolbar and the relevance row, anywhere across the window (the
// document list's width follows the window and its contents, so the
// article does not start at a fixed x).
var articleArea = image.Rect(0, 80, xwin.Width, 400)

// minLineWidth tells the article's first line (dialogArticle's, about
// 640 px) from the short texts beside it: a document's name and count,
// a Labels panel row.
const minLineWidth = 300

// findArticleLine waits until the first line of text at least
// minLineWidth wide shows in area and stays put on two screenshots 300 ms
// apart, and returns its ink's box: a test drags over the text where it
// is on screen, as a user aims at the words they see.
func findArticleLine(t *testing.T, d *xwin.Display, area image.Rectangle) image.Rectangle {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last image.Rectangle
	for {
		if r, ok := xwin.TextLine(d.Screenshot(), area, minLineWidth); ok {
			if r == last {
				return r
			}
			last = r
		}
		if time.Now().After(deadline) {
			t.Fatalf("no line of text %d px wide in %v after 15 s (last %v); screenshot: %s", minLineWidth, area, last, d.Keep("noline"))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// dragFirstWord drags over the first word of line (a box from
// findArticleLine): from just inside its left edge 35 px to the right,
// inside "Ceasefire" (about 60 px wide), which word snapping selects
// whole.
func dragFirstWord(d *xwin.Display, line image.Rectangle) {
	y := (line.Min.Y + line.Max.Y) / 2
	d.Drag(line.Min.X+2, y, line.Min.X+37, y)
}

// lineStart is the left end of the article's first line, at its middle
// row, found on screen the first time it is asked for (before any label
// colours the line).
func (s *windowSession) lineStart(t *testing.T) image.Point {
	t.Helper()
	if s.line.Empty() {
		s.line = findArticleLine(t, s.d, articleArea)
	}
	return image.Pt(s.line.Min.X, (s.line.Min.Y+s.line.Max.Y)/2)
}

// click clicks at offset from the start of the article's first line.
func (s *windowSession) click(t *testing.T, offset image.Point) {
	t.Helper()
	p := s.lineStart(t).Add(offset)
	s.d.Click(p.X, p.Y)
}
