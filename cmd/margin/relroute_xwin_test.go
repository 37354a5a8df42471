package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/margin-app/margin/internal/xwin"
)

// brightBands returns the bands of consecutive pixel rows of area that
// hold text (3 bright pixels or more), top to bottom, and each band's
// leftmost bright pixel.
func brightBands(img image.Image, area image.Rectangle) (bands [][2]int, left []int) {
	in := false
	for y := area.Min.Y; y < area.Max.Y; y++ {
		bright, first := 0, -1
		for x := area.Min.X; x < area.Max.X; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			if (c0+c1+c2)/3 > 0x8000 {
				bright++
				if first < 0 {
					first = x
				}
			}
		}
		switch {
		case bright >= 3 && !in:
			bands, left, in = append(bands, [2]int{y, y + 1}), append(left, first), true
		case bright >= 3:
			bands[len(bands)-1][1] = y + 1
			left[len(left)-1] = min(left[len(left)-1], first)
		default:
			in = false
		}
	}
	return bands, left
}

// relationWindow is a real window on article with ana's CEASEFIRE_TERM
// span over the first src, her ACTOR span over the first dst and a
// claimed_by relation from the one to the other, with the Fyne
// preferences prefs ("": none).
func relationWindow(t *testing.T, article, prefs, src, dst string) *windowSession {
	t.Helper()
	at := func(sub string) (int, int) {
		i := strings.Index(article, sub)
		s := utf8.RuneCountInString(article[:i])
		return s, s + utf8.RuneCountInString(sub)
	}
	return openAnnotatedSession(t, article, prefs, func(s *windowSession) {
		as, ae := at(dst)
		cs, ce := at(src)
		actor := s.annotate(t, "ACTOR", as, ae)
		term := s.annotate(t, "CEASEFIRE_TERM", cs, ce)
		xwin.CLI(t, s.bin, s.home, "relate", s.project, "--from", term, "--to", actor, "--type", "claimed_by")
	})
}

// atSizes resizes s's window to 1280×800, then 1024×640, and calls check
// with the size's name, the window's place and a settled screenshot.
func atSizes(t *testing.T, s *windowSession, check func(where string, win image.Rectangle, img image.Image)) {
	t.Helper()
	for _, size := range [][2]int{{1280, 800}, {1024, 640}} {
		s.d.Xdotool("windowsize", "--sync", s.app.Window, strconv.Itoa(size[0]), strconv.Itoa(size[1]))
		time.Sleep(900 * time.Millisecond)
		win := s.windowRect(t)
		check(fmt.Sprintf("%d×%d", size[0], size[1]), win, s.d.WaitStable(win, 15*time.Second))
	}
}

// TestRelationAcrossLinesKeepsOffTheTextInTheRealWindow: a relation from
// line 3 up to line 1 drew a vertical line at the target's x through the
// words of line 2 (docs/label-tags.png, "claimed_by" through "immediate
// ceasefire"). In the real window, at 1280×800 and 1024×640, line 2's
// text rows hold no pixel of the relation's red right of where the text
// starts, and the relation passes line 2 in the margin left of it.
func TestRelationAcrossLinesKeepsOffTheTextInTheRealWindow(t *testing.T) {
	article := "President Trump spoke to Russian president Vladimir Putin on Tuesday.\n" +
		"He asked for an immediate ceasefire with Ukraine.\n" +
		"The two leaders held a phone call.\n"
	s := relationWindow(t, article, "", "The two", "President")
	atSizes(t, s, func(where string, win image.Rectangle, img image.Image) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, "relation-across-lines-"+strconv.Itoa(win.Dx())+".png"))
		}
		// The article: right of the document list (16% of the window),
		// left of the panes, below the toolbar and the relevance row.
		area := image.Rect(win.Min.X+win.Dx()*165/1000, win.Min.Y+80, win.Min.X+win.Dx()*74/100, win.Min.Y+300)
		bands, left := brightBands(img, area)
		if len(bands) < 3 {
			t.Errorf("%s: %d text lines found in %v, want 3: %v; screenshot: %s", where, len(bands), area, bands, s.d.Keep("lines"))
			return
		}
		y0, y1, x0 := bands[1][0], bands[1][1], left[1]
		over := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < area.Max.X; x++ {
				if termRed(img, x, y) {
					over++
				}
			}
		}
		if over > 0 {
			t.Errorf("%s: %d pixels of the relation's red on line 2's text (rows %d–%d, from x=%d): the relation runs over the text; screenshot: %s",
				where, over, y0, y1, x0, s.d.Keep("overtext"))
		}
		if n := termRedColumns(img, image.Rect(x0-14, y0, x0-1, y1)); n == 0 {
			t.Errorf("%s: no relation line in the margin left of line 2 (x %d–%d, rows %d–%d); screenshot: %s", where, x0-14, x0-1, y0, y1, s.d.Keep("nolane"))
		}
		t.Logf("%s: line 2 at rows %d–%d from x=%d; screenshot: %s", where, y0, y1, x0, s.d.Keep("route"))
	})
}

// manyRelationsArticle has eight short paragraphs (one line each at
// 1024×640 too), each starting with a span: ACTOR (green) alone on lines
// 1, 3, 5 and 7, a CEASEFIRE_TERM (red) first on the others.
const manyRelationsArticle = "President Trump spoke to Vladimir Putin.\n" +
	"Immediate ceasefire was his first demand.\n" +
	"Officials said talks would continue.\n" +
	"Halt strikes, the Kremlin agreed.\n" +
	"Kyiv has proposed a ceasefire.\n" +
	"Full truce at sea, Zelensky said.\n" +
	"European leaders welcomed the call.\n" +
	"The two leaders spoke for two hours.\n"

// manyRelationsWindow is a real window on manyRelationsArticle with seven
// claimed_by relations from the red spans to the green ones, six of them
// across lines, five passing line 5, with the Fyne preferences prefs.
func manyRelationsWindow(t *testing.T, prefs string) *windowSession {
	t.Helper()
	at := func(sub string) (int, int) {
		i := strings.Index(manyRelationsArticle, sub)
		s := utf8.RuneCountInString(manyRelationsArticle[:i])
		return s, s + utf8.RuneCountInString(sub)
	}
	return openAnnotatedSession(t, manyRelationsArticle, prefs, func(s *windowSession) {
		ids := map[string]string{}
		for _, a := range []struct{ label, text string }{
			{"ACTOR", "President Trump"}, {"ACTOR", "Vladimir Putin"}, {"CEASEFIRE_TERM", "Immediate ceasefire"},
			{"ACTOR", "Officials"}, {"CEASEFIRE_TERM", "Halt strikes"}, {"ACTOR", "the Kremlin"},
			{"ACTOR", "Kyiv"}, {"CEASEFIRE_TERM", "Full truce at sea"}, {"ACTOR", "Zelensky"},
			{"ACTOR", "European leaders"}, {"CEASEFIRE_TERM", "The two"},
		} {
			st, en := at(a.text)
			ids[a.text] = s.annotate(t, a.label, st, en)
		}
		for _, r := range [][2]string{
			{"The two", "President Trump"}, {"Full truce at sea", "Vladimir Putin"}, {"The two", "the Kremlin"},
			{"Immediate ceasefire", "Zelensky"}, {"Halt strikes", "European leaders"}, {"Immediate ceasefire", "Kyiv"},
			{"Halt strikes", "Officials"},
		} {
			xwin.CLI(t, s.bin, s.home, "relate", s.project, "--from", ids[r[0]], "--to", ids[r[1]], "--type", "claimed_by")
		}
	})
}

// actorGreen is a pixel of an ACTOR span's band or edge.
func actorGreen(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	r, g, b = r>>8, g>>8, b>>8
	return g > r+15 && g > b+15 && g < 200
}

// redRuns counts the runs of the relations' red along row y from x0 to x1:
// the margin lanes crossing the row.
func redRuns(img image.Image, y, x0, x1 int) int {
	n, in := 0, false
	for x := x0; x < x1; x++ {
		red := termRed(img, x, y)
		if red && !in {
			n++
		}
		in = red
	}
	return n
}

// greenLines finds, in area, where the text starts (the left edge of the
// spans that begin every line) and the rows of the lines whose first span
// is an ACTOR's (green), top to bottom.
func greenLines(img image.Image, area image.Rectangle) (x0 int, lines [][2]int) {
	x0 = -1
	for x := area.Min.X; x < area.Max.X && x0 < 0; x++ {
		n := 0
		for y := area.Min.Y; y < area.Max.Y; y++ {
			if actorGreen(img, x, y) {
				n++
			}
		}
		if n >= 20 {
			x0 = x
		}
	}
	if x0 < 0 {
		return -1, nil
	}
	in := false
	for y := area.Min.Y; y < area.Max.Y; y++ {
		n := 0
		for x := x0; x < x0+40; x++ {
			if actorGreen(img, x, y) {
				n++
			}
		}
		switch {
		case n >= 8 && !in:
			lines, in = append(lines, [2]int{y, y + 1}), true
		case n >= 8:
			lines[len(lines)-1][1] = y + 1
		default:
			in = false
		}
	}
	return x0, lines
}

// manyRelationsCheck finds the article's four green lines (1, 3, 5, 7) in
// a screenshot and fails for a relation's red on them right of where the
// text starts (their first 2 rows aside: an arrowhead's tip touches the
// top of its target's band). It returns the lines' rows and the text's x.
func manyRelationsCheck(t *testing.T, s *windowSession, where string, win image.Rectangle, img image.Image) (lines [][2]int, x0 int, ok bool) {
	t.Helper()
	area := image.Rect(win.Min.X+win.Dx()*165/1000, win.Min.Y+80, win.Min.X+win.Dx()*74/100, win.Max.Y-60)
	x0, lines = greenLines(img, area)
	if len(lines) != 4 {
		t.Errorf("%s: %d green lines found in %v from x=%d, want 4 (lines 1, 3, 5, 7): %v; screenshot: %s", where, len(lines), area, x0, lines, s.d.Keep("lines"))
		return nil, 0, false
	}
	for i, l := range lines {
		over := 0
		for y := l[0] + 2; y < l[1]; y++ {
			for x := x0; x < area.Max.X; x++ {
				if termRed(img, x, y) {
					over++
				}
			}
		}
		if over > 0 {
			t.Errorf("%s: %d pixels of the relations' red on line %d (rows %d–%d, from x=%d): a relation runs over the text; screenshot: %s",
				where, over, 2*i+1, l[0], l[1], x0, s.d.Keep("overtext"))
		}
	}
	return lines, x0, true
}

// TestManyRelationsGetLanesOfTheirOwnInTheRealWindow: with six relations
// across lines the margin had three lanes, and the fourth route ran on
// the first one's, so the two could not be told apart. In the real
// window, at 1280×800 and 1024×640, line 5's rows are crossed in the
// margin by five separate red lanes (the five relations passing it), and
// no relation's red is on a line without a red span.
func TestManyRelationsGetLanesOfTheirOwnInTheRealWindow(t *testing.T) {
	s := manyRelationsWindow(t, "")
	atSizes(t, s, func(where string, win image.Rectangle, img image.Image) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, "relation-lanes-"+strconv.Itoa(win.Dx())+".png"))
		}
		lines, x0, ok := manyRelationsCheck(t, s, where, win, img)
		if !ok {
			return
		}
		y := (lines[2][0] + lines[2][1]) / 2
		if n := redRuns(img, y, win.Min.X+win.Dx()*165/1000, x0-1); n != 5 {
			t.Errorf("%s: %d relation lanes cross line 5 (row %d, left of x=%d), want 5 apart; screenshot: %s", where, n, y, x0, s.d.Keep("lanes"))
		}
		t.Logf("%s: text from x=%d, line 5 at rows %d–%d; screenshot: %s", where, x0, lines[2][0], lines[2][1], s.d.Keep("lanes"))
	})
}

// TestRelationsWithoutRowsKeepOffTheTextInTheRealWindow: with Preferences
// → Relation rows off, the lines keep their spacing, and a relation's
// elbow ran above its line, through the words of the line before, and
// its verticals through every line between its ends. In the real window,
// at 1280×800 and 1024×640, the lines are evenly spaced (no relation
// rows), no relation's red is on a line without a red span, and the
// relations are in the margin left of the text.
func TestRelationsWithoutRowsKeepOffTheTextInTheRealWindow(t *testing.T) {
	s := manyRelationsWindow(t, `{"articleRelationSpace": false}`)
	atSizes(t, s, func(where string, win image.Rectangle, img image.Image) {
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, "relation-norows-"+strconv.Itoa(win.Dx())+".png"))
		}
		lines, x0, ok := manyRelationsCheck(t, s, where, win, img)
		if !ok {
			return
		}
		pitch := lines[1][1] - lines[0][1] // two lines, bottom to bottom
		for i := 2; i < 4; i++ {
			if d := lines[i][1] - lines[i-1][1]; d < pitch-1 || d > pitch+1 {
				t.Errorf("%s: line %d ends %d px below line %d, line 3 %d px below line 1: a relation row? screenshot: %s", where, 2*i+1, d, 2*i-1, pitch, s.d.Keep("rows"))
			}
		}
		margin := image.Rect(win.Min.X+win.Dx()*165/1000, lines[0][0], x0-1, lines[3][1])
		if n := termRedColumns(img, margin); n < 5 {
			t.Errorf("%s: %d columns of the relations' red in the margin %v, want their lanes there; screenshot: %s", where, n, margin, s.d.Keep("nomargin"))
		}
		t.Logf("%s: text from x=%d, two lines %d px; screenshot: %s", where, x0, pitch, s.d.Keep("norows"))
	})
}
