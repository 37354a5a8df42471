package main

import (
	"image"
	"testing"
)

// termRed is whether a pixel is the default schema's CEASEFIRE_TERM colour (#e4572e), as the
// window draws a relation from such a span: its line (a little
// translucent over the dark background) and its label's text.
func termRed(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	r, g, b = r>>8, g>>8, b>>8
	return r >= 150 && g >= 45 && g <= 120 && b <= 90 && r > 2*g
}

// relationElbow finds, in area of img, the relation's elbow: the topmost
// row with a run of reddish pixels at least 40 px long (the label's
// letters make no such run, and the span's solid bottom edge is below the
// text, under the elbow). It returns the row and the run's ends.
func relationElbow(img image.Image, area image.Rectangle) (y, x0, x1 int, ok bool) {
	for y := area.Min.Y; y < area.Max.Y; y++ {
		run := 0
		for x := area.Min.X; x < area.Max.X; x++ {
			if termRed(img, x, y) {
				run++
				if run >= 40 {
					x0, x1 := x-run+1, x
					for x1+1 < area.Max.X && termRed(img, x1+1, y) {
						x1++
					}
					return y, x0, x1, true
				}
				continue
			}
			run = 0
		}
	}
	return 0, 0, 0, false
}

// termRedColumns counts the columns of area with a reddish pixel.
func termRedColumns(img image.Image, area image.Rectangle) int {
	n := 0
	for x := area.Min.X; x < area.Max.X; x++ {
		for y := area.Min.Y; y < area.Max.Y; y++ {
			if termRed(img, x, y) {
				n++
				break
			}
		}
	}
	return n
}

// TestRelationLabelIsClearOfItsLineInTheRealWindow: with label tags on,
// a relation's label ("claimed_by") sat on its horizontal line, which ran
// under it, half a label above the tags. In the real window, at 1280×800
// and 1024×640, the relation's elbow now runs unbroken between its two
// ends, its label's letters are all above it (the rows just below the
// elbow hold only the two ends' vertical lines), and the label is drawn.
func TestRelationLabelIsClearOfItsLineInTheRealWindow(t *testing.T) {
	article := "The White House said the infrastructure and energy ceasefire was agreed.\n"
	s := relationWindow(t, article, `{"articleLabelTags":true}`, "infrastructure and energy ceasefire", "The White House")
	atSizes(t, s, func(where string, win image.Rectangle, img image.Image) {
		// The article: right of the document list, left of the panes,
		// below the toolbar and the relevance row.
		area := image.Rect(win.Min.X+win.Dx()*15/100, win.Min.Y+80, win.Min.X+win.Dx()*74/100, win.Min.Y+300)
		y, x0, x1, ok := relationElbow(img, area)
		if !ok {
			t.Errorf("%s: no relation line in %v; screenshot: %s", where, area, s.d.Keep("norelation"))
			return
		}
		// The elbow's run ends where the two vertical lines leave it: the
		// rows below must be reddish at both ends.
		for _, x := range []int{x0, x1} {
			if termRedColumns(img, image.Rect(x-2, y+3, x+3, y+6)) == 0 {
				t.Errorf("%s: the relation line at y=%d runs %d–%d and has no vertical line at x=%d: the line is cut (by its label?); screenshot: %s",
					where, y, x0, x1, x, s.d.Keep("cut"))
			}
		}
		// Just below the elbow: only the two vertical lines (a few columns
		// each), no letters.
		if n := termRedColumns(img, image.Rect(x0-4, y+2, x1+5, y+7)); n > 12 {
			t.Errorf("%s: %d reddish columns in the 5 rows under the relation line (y=%d, x %d–%d), want only its two ends' lines: the label sits on the line; screenshot: %s",
				where, n, y, x0, x1, s.d.Keep("online"))
		}
		// Above it, the label's letters.
		if n := termRedColumns(img, image.Rect(x0, y-20, x1, y-2)); n < 30 {
			t.Errorf("%s: %d reddish columns above the relation line (y=%d), want the label's letters; screenshot: %s", where, n, y, s.d.Keep("nolabel"))
		}
		t.Logf("%s: relation line at y=%d, x %d–%d; screenshot: %s", where, y, x0, x1, s.d.Keep("relation"))
	})
}
