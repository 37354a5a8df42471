package main

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/internal/xwin"
)

// Where Curate's counts show: the mode radio, and the panel's summary
// ("Decided: …") below the Previous/Next and accept-all buttons (read
// off a screenshot at 1280×800, scale 1).
var (
	curateRadio   = image.Pt(258, 21)
	curateSummary = image.Rect(960, 315, xwin.Width, 400) // below a Labels pane of 3 rows, which scrolls, while curating (ui/panes_right.go)
	// undoConfirm is the Undo button of the undo's question (centred).
	undoConfirm = image.Pt(696, 551)
)

// openMergedSession is a real window on ana's project with bob's file
// merged in, both made with `margin import --format conll` from the first
// article of the CoNLL-2003 training set (realdata): bob's tags as
// published, ana's with German a LOC (not MISC) and no Peter Blackburn.
func openMergedSession(t *testing.T) *windowSession {
	t.Helper()
	raw, err := os.ReadFile(realdata.Path(t, "conll/conll2003-train.conll"))
	if err != nil {
		t.Fatal(err)
	}
	article := string(raw)
	if i := strings.Index(article[1:], "-DOCSTART-"); i >= 0 {
		article = article[:i+1]
	}
	ana := article
	for _, c := range [][2]string{{"German\tB-MISC", "German\tB-LOC"}, {"Peter\tB-PER\nBlackburn\tI-PER", "Peter\tO\nBlackburn\tO"}} {
		if !strings.Contains(ana, c[0]) {
			t.Fatalf("the CoNLL article has no %q", c[0])
		}
		ana = strings.Replace(ana, c[0], c[1], 1)
	}
	s := &windowSession{bin: xwin.BuildMargin(t), home: t.TempDir()}
	s.d = xwin.Start(t)
	work := filepath.Join(s.home, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	for who, text := range map[string]string{"ana": ana, "bob": article} {
		in, p := filepath.Join(work, who+".conll"), filepath.Join(work, who+".margin")
		if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		xwin.CLI(t, s.bin, s.home, "init", p)
		xwin.CLI(t, s.bin, s.home, "import", p, in, "--format", "conll", "--annotator", who)
	}
	s.project = filepath.Join(work, "ana.margin")
	xwin.CLI(t, s.bin, s.home, "merge", s.project, filepath.Join(work, "bob.margin"), "--annotator", "ana")
	s.app = s.d.Launch(t, s.bin, s.home, "^Margin", []string{"MARGIN_ANNOTATOR=ana"}, s.project)
	waitStatusText(t, s.d)
	s.d.WaitStable(statusLine, 15*time.Second)
	return s
}

// ocr reads the text in r of img with tesseract (enlarged, dark text on
// light: it reads the window's small light-on-dark text poorly as is).
func ocr(t *testing.T, img image.Image, r image.Rectangle, what string) string {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Fatal("reading the counts on screen needs tesseract: apt-get install tesseract-ocr (make test-deps installs it)")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.png"), filepath.Join(dir, "big.png")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
	if err := png.Encode(f, sub); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if b, err := exec.Command("convert", in, "-resize", "300%", "-colorspace", "Gray", "-negate", out).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v: %s", err, b)
	}
	b, err := exec.Command("tesseract", out, "-", "--psm", "6").Output()
	if err != nil {
		t.Fatalf("tesseract on %s: %v", what, err)
	}
	return string(b)
}

// shownCounts reads the status bar's and the panel's counts; the OCR's
// "·" varies ("-", "+", "«"), so the separators are any non-word run.
var (
	statusCounts  = regexp.MustCompile(`(\d+) gold spans?\W+(\d+) of (\d+) groups decided`)
	summaryCounts = regexp.MustCompile(`Decided: (\d+) of (\d+) disagreements, (\d+) of (\d+) exact matches\W+(\d+) gold`)
)

// undoButton stands for a click on undoConfirm among step's keys.
const undoButton = "<click Undo>"

type curateCounts struct{ gold, decided, groups, disDecided, dis, exactDecided, exact, panelGold int }

func (s *windowSession) shownCounts(t *testing.T, img image.Image) curateCounts {
	t.Helper()
	st := ocr(t, img, statusLine, "the status bar")
	m := statusCounts.FindStringSubmatch(st)
	sum := strings.Join(strings.Fields(ocr(t, img, curateSummary, "the Curate summary")), " ")
	n := summaryCounts.FindStringSubmatch(sum)
	if m == nil || n == nil {
		t.Fatalf("cannot read the counts: status bar %q, summary %q; screenshot %s", st, sum, s.d.Keep("counts"))
	}
	a := func(x string) int { v, _ := strconv.Atoi(x); return v }
	return curateCounts{a(m[1]), a(m[2]), a(m[3]), a(n[1]), a(n[2]), a(n[3]), a(n[4]), a(n[5])}
}

// fileCounts is what the project file holds, read by fresh processes:
// the gold spans and the verdicts.
func (s *windowSession) fileCounts(t *testing.T) (gold, verdicts int) {
	t.Helper()
	g := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl", "--gold")
	all := xwin.CLI(t, s.bin, s.home, "export", s.project, "--format", "jsonl")
	return strings.Count(g, `"label":`), strings.Count(all, `"verdict":"`)
}

// TestCurateByKeysRealWindow: ana curates her and bob's merged CoNLL tags
// in the real window by keys alone: N and Enter accept her German LOC,
// Delete rejects bob's lone Peter Blackburn, Shift+Enter accepts every
// exact match, Ctrl+Z (and Enter to its question) takes them back in one
// step. After each key the
// status bar and the panel show the same counts, and they are the
// file's (issue 15: "4 gold spans" against "0 curated").
func TestCurateByKeysRealWindow(t *testing.T) {
	s := openMergedSession(t)
	s.d.Click(curateRadio.X, curateRadio.Y) // the keys go to the article after it
	shot := s.d.WaitStable(statusLine, 10*time.Second)
	c := s.shownCounts(t, shot)
	if c.gold != 0 || c.decided != 0 || c.dis != 2 || c.exact == 0 || c.groups != c.dis+c.exact {
		t.Fatalf("entering Curate: %+v, want nothing decided, 2 disagreements", c)
	}
	groups, exact := c.groups, c.exact
	step := func(what string, keys ...string) curateCounts {
		t.Helper()
		before := s.d.Screenshot()
		if keys[0] == undoButton {
			s.d.Click(undoConfirm.X, undoConfirm.Y)
		} else {
			s.d.Key(keys...)
		}
		s.d.WaitChange(statusLine, before, 10*time.Second, "the status bar after "+what)
		s.d.WaitStable(statusLine, 10*time.Second)
		time.Sleep(300 * time.Millisecond) // the panel is drawn in the same frame; let it settle
		c := s.shownCounts(t, s.d.Screenshot())
		gold, verdicts := s.fileCounts(t)
		if c.gold != gold || c.panelGold != gold || c.decided != c.disDecided+c.exactDecided || c.groups != groups {
			t.Fatalf("after %s the window shows %+v, the file holds %d gold spans and %d verdicts", what, c, gold, verdicts)
		}
		if dir := os.Getenv("MARGIN_XWIN_SHOTS"); dir != "" {
			s.d.SaveScreenshot(filepath.Join(dir, "curate-"+strings.ReplaceAll(what, " ", "-")+".png"))
		}
		return c
	}
	if c := step("N and Enter", "n", "Return"); c.gold != 1 || c.disDecided != 1 {
		t.Fatalf("after accepting German: %+v", c)
	}
	if c := step("Delete", "Delete"); c.gold != 1 || c.disDecided != 2 || c.decided != 2 {
		t.Fatalf("after rejecting Peter Blackburn: %+v", c)
	}
	if c := step("Shift+Enter", "shift+Return"); c.gold != 1+exact || c.decided != groups {
		t.Fatalf("after accepting every exact match: %+v", c)
	}
	// Ctrl+Z takes the accept-all back as one step, after its question,
	// answered with a click on its Undo button (Enter is not the
	// dialog's: the focus stays in the article).
	before := s.d.Screenshot()
	s.d.Key("ctrl+z")
	s.d.WaitChange(dialogArea, before, 10*time.Second, "the undo's question")
	s.d.WaitStable(dialogArea, 5*time.Second)
	if c := step("Ctrl+Z and Undo", undoButton); c.gold != 1 || c.decided != 2 || c.exactDecided != 0 {
		t.Fatalf("after undoing the accept-all: %+v", c)
	}
	if _, verdicts := s.fileCounts(t); verdicts != 2 {
		t.Errorf("the file holds %d verdicts, want one per decided group (2)", verdicts)
	}
}
