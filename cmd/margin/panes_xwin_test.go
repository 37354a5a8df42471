package main

import (
	"image"
	"strconv"
	"strings"
	"testing"
	"time"
)

// actorColor is the default schema's ACTOR colour (#76b041): the swatch
// of every row of the annotation list below is drawn in it.
var actorColor = [3]uint32{0x76, 0xb0, 0x41}

// annotationRowSwatches counts the annotation list's rows that show whole
// in img: the list's rows start with a swatch in their label's colour,
// 18 px high; the Labels pane's swatches are squares half as high, so a
// column run of the colour 16 to 24 px high is a row's swatch, cut rows
// (at the list's edges) have shorter ones. Only the window's right part
// (x from 70% of its width) is searched: the right-hand panes.
func annotationRowSwatches(img image.Image, win image.Rectangle) int {
	near := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		c := [3]uint32{r >> 8, g >> 8, b >> 8}
		for i := range c {
			if d := int(c[i]) - int(actorColor[i]); d < -10 || d > 10 {
				return false
			}
		}
		return true
	}
	tops := map[int]bool{} // the swatches' top rows
	for x := win.Min.X + win.Dx()*7/10; x < win.Max.X; x++ {
		for y := win.Min.Y; y < win.Max.Y; {
			if !near(x, y) {
				y++
				continue
			}
			y0 := y
			for y < win.Max.Y && near(x, y) {
				y++
			}
			if n := y - y0; n >= 16 && n <= 24 {
				tops[y0] = true
			}
		}
	}
	// One swatch is several columns wide; rows are far more than 2 px apart.
	rows := 0
	for y := range tops {
		if !tops[y-1] && !tops[y-2] {
			rows++
		}
	}
	return rows
}

// TestAnnotationListShowsSeveralRowsInTheRealWindow: at 1024×640 the
// right-hand Annotations pane showed about 2 rows (3.5 at 1280×800) under
// a Labels pane grown to its labels. With 12 ACTOR spans, the real window
// shows at least 5 annotation rows whole at 1280×800 and at 1024×640
// (counted by their swatches on screenshots), and stays the size it was
// given.
func TestAnnotationListShowsSeveralRowsInTheRealWindow(t *testing.T) {
	const sentence = "Mediators in Doha said the ceasefire talks would resume on Monday after both delegations accepted the agenda. "
	s := openAnnotatedSession(t, strings.Repeat(sentence, 6)+"\n", "", func(s *windowSession) {
		for i := 0; i < 12; i++ { // "Mediators" (0–9) and "Doha" (13–17) of each sentence
			start, end := (i/2)*len(sentence), (i/2)*len(sentence)+9
			if i%2 == 1 {
				start, end = start+13, start+17
			}
			s.annotate(t, "ACTOR", start, end)
		}
	})
	for _, size := range [][2]int{{1280, 800}, {1024, 640}} {
		s.d.Xdotool("windowsize", "--sync", s.app.Window, strconv.Itoa(size[0]), strconv.Itoa(size[1]))
		time.Sleep(900 * time.Millisecond)
		win := s.windowRect(t)
		if win.Dx() != size[0] || win.Dy() != size[1] {
			t.Fatalf("the window is %v, want %d×%d; screenshot: %s", win, size[0], size[1], s.d.Keep("size"))
		}
		img := s.d.WaitStable(win, 15*time.Second)
		if n := annotationRowSwatches(img, win); n < 5 {
			t.Errorf("at %d×%d the Annotations pane shows %d rows whole, want at least 5; screenshot: %s", size[0], size[1], n, s.d.Keep("rows"))
		} else {
			t.Logf("at %d×%d: %d annotation rows whole; screenshot: %s", size[0], size[1], n, s.d.Keep("rows"))
		}
	}
}
