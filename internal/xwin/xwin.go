// Package xwin drives the real Margin window in tests: it starts a private
// Xvfb server, builds and runs cmd/margin on it, sends keys and mouse
// events with xdotool and watches the screen through screenshots
// (ImageMagick's import), so a test meets the app the way a user does.
//
// Everything it starts is ended in t.Cleanup. It never talks to a display
// it did not start. A machine without the tools fails the test with the
// packages to install: a real-window test that silently skips proves
// nothing.
package xwin

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Width and Height are the screen size: the window cmd/margin opens
// (1280x800) fills it, so window and screen coordinates agree.
const (
	Width  = 1280
	Height = 800
)

// Packages is what to install for these tests (Debian names).
const Packages = "xvfb xdotool imagemagick libx11-dev"

// Display is an Xvfb server this test started.
type Display struct {
	t    testing.TB
	Name string // ":N", for DISPLAY
	cmd  *exec.Cmd
	xdnd string // the xdnddrop binary, once built (DropFiles)
}

// needTools fails t when a program the harness runs is missing.
func needTools(t testing.TB) {
	t.Helper()
	for _, p := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("real-window test needs %s (not on PATH): apt-get install -y %s", p, Packages)
		}
	}
}

// Start starts a private Xvfb (1280x800x24) and returns it; Xvfb picks a
// free display number and reports it through -displayfd.
func Start(t testing.TB) *Display {
	t.Helper()
	return StartSize(t, Width, Height)
}

// StartSize is Start with a screen of width×height: a smaller screen
// than the window a test opens (a window size kept from a larger
// monitor) or a small laptop's.
func StartSize(t testing.TB, width, height int) *Display {
	t.Helper()
	needTools(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", width, height), "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	d := &Display{t: t, cmd: cmd}
	t.Cleanup(func() { killWait(cmd) })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("Xvfb did not report its display (%q): %s", s, stderr.String())
		}
		d.Name = ":" + strconv.Itoa(n)
	case <-time.After(20 * time.Second):
		t.Fatalf("Xvfb did not start in 20 s: %s", stderr.String())
	}
	return d
}

func killWait(cmd *exec.Cmd) {
	if cmd.Process == nil || cmd.ProcessState != nil {
		return
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// run runs an X client (xdotool, import) on this display and returns
// its standard output; a failure or a 30 s hang fails the test.
func (d *Display) run(name string, args ...string) []byte {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		d.t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// Xdotool runs xdotool with args on this display.
func (d *Display) Xdotool(args ...string) string {
	d.t.Helper()
	return strings.TrimSpace(string(d.run("xdotool", args...)))
}

// Click clicks the left button at screen point (x, y).
func (d *Display) Click(x, y int) {
	d.t.Helper()
	d.Xdotool("mousemove", "--sync", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
}

// Drag presses the left button at (x0, y0), moves to (x1, y1) in steps
// and releases it there (a text selection).
func (d *Display) Drag(x0, y0, x1, y1 int) {
	d.t.Helper()
	args := []string{"mousemove", "--sync", strconv.Itoa(x0), strconv.Itoa(y0), "mousedown", "1"}
	for i := 1; i <= 4; i++ {
		args = append(args, "mousemove", "--sync", strconv.Itoa(x0+(x1-x0)*i/4), strconv.Itoa(y0+(y1-y0)*i/4))
	}
	args = append(args, "mouseup", "1")
	d.Xdotool(args...)
}

// Key presses key combinations in order ("ctrl+z", "1", "Escape").
func (d *Display) Key(keys ...string) {
	d.t.Helper()
	d.Xdotool(append([]string{"key", "--delay", "60"}, keys...)...)
}

// Type types text as keystrokes.
func (d *Display) Type(text string) {
	d.t.Helper()
	d.Xdotool("type", "--delay", "40", text)
}

// Screenshot returns the whole screen.
func (d *Display) Screenshot() image.Image {
	d.t.Helper()
	out := d.run("import", "-window", "root", "png:-")
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		d.t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// SaveScreenshot writes the screen to path as PNG.
func (d *Display) SaveScreenshot(path string) {
	d.t.Helper()
	f, err := os.Create(path)
	if err != nil {
		d.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, d.Screenshot()); err != nil {
		d.t.Fatal(err)
	}
}

// Hash is a digest of the pixels of r on screen now.
func (d *Display) Hash(r image.Rectangle) string {
	d.t.Helper()
	return hashRect(d.Screenshot(), r)
}

func hashRect(img image.Image, r image.Rectangle) string {
	h := sha256.New()
	r = r.Intersect(img.Bounds())
	buf := make([]byte, 0, 8*r.Dx())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		buf = buf[:0]
		for x := r.Min.X; x < r.Max.X; x++ {
			c0, c1, c2, _ := img.At(x, y).RGBA()
			buf = append(buf, byte(c0>>8), byte(c1>>8), byte(c2>>8))
		}
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Settled is the largest fraction of a screen area's pixels (Differ) that
// may change between two screenshots for the area to count as unchanged:
// a blinking text caret or a hover fade is not a change; a new line of
// text in the status bar or a dialog is.
const Settled = 0.002

// WaitChange polls the screen until area r differs from the screenshot
// from (more than Settled) and returns the new screen; after timeout it
// saves a screenshot beside the test's temporary files and fails the test
// with what it waited for.
func (d *Display) WaitChange(r image.Rectangle, from image.Image, timeout time.Duration, what string) image.Image {
	d.t.Helper()
	img, ok := d.PollChange(r, from, timeout)
	if !ok {
		d.t.Fatalf("waited %v for %s (screen area %v unchanged); screenshot: %s", timeout, what, r, d.keep(img, "timeout"))
	}
	return img
}

// PollChange is WaitChange reporting a timeout instead of failing: it
// returns the last screen and whether r changed.
func (d *Display) PollChange(r image.Rectangle, from image.Image, timeout time.Duration) (image.Image, bool) {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		img := d.Screenshot()
		if Differ(from, img, r) > Settled {
			return img, true
		}
		if time.Now().After(deadline) {
			return img, false
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// WaitStable polls until r looks the same (within Settled) on two
// screenshots 300 ms apart (an animation or a redraw has finished) and
// returns the later one.
func (d *Display) WaitStable(r image.Rectangle, timeout time.Duration) image.Image {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	last := d.Screenshot()
	for {
		time.Sleep(300 * time.Millisecond)
		img := d.Screenshot()
		if Differ(last, img, r) <= Settled {
			return img
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("screen area %v still changing after %v; screenshot: %s", r, timeout, d.keep(img, "unstable"))
		}
		last = img
	}
}

// Keep saves the screen now for a failing test's reader (in the system's
// temporary folder, named after the test and tag) and returns its path.
func (d *Display) Keep(tag string) string {
	d.t.Helper()
	return d.keep(d.Screenshot(), tag)
}

// keep saves img for a failing test's reader and returns its path.
func (d *Display) keep(img image.Image, tag string) string {
	name := strings.NewReplacer("/", "_", " ", "_").Replace(d.t.Name())
	p := filepath.Join(os.TempDir(), fmt.Sprintf("xwin-%s-%s-%d.png", name, tag, time.Now().UnixNano()))
	f, err := os.Create(p)
	if err != nil {
		return "(not saved: " + err.Error() + ")"
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		return "(not saved: " + err.Error() + ")"
	}
	return p
}

var buildMu sync.Mutex

// BuildTags are the build tags of every margin binary (the Makefile's
// GOTAGS): sqlite_fts5 compiles FTS5 into go-sqlite3, for search across
// documents.
const BuildTags = "sqlite_fts5"

// BuildMargin builds cmd/margin into the test's temporary folder and
// returns the binary's path.
func BuildMargin(t testing.TB) string {
	t.Helper()
	return build(t, "./cmd/margin", "margin")
}

// build builds the module's package pkg into the test's temporary folder
// as name and returns the binary's path.
func build(t testing.TB, pkg, name string) string {
	t.Helper()
	needTools(t) // before a long build that is of no use without them
	buildMu.Lock()
	defer buildMu.Unlock()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", "build", "-tags", BuildTags, "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
		dir = parent
	}
}

// Differ is the fraction of the pixels of r whose colour differs by more
// than a quarter of the range in some channel between a and b: text
// anti-aliasing varies a little between renderings of the same word,
// another word differs in a large fraction.
func Differ(a, b image.Image, r image.Rectangle) float64 {
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2) > 0x4000 || absDiff(g1, g2) > 0x4000 || absDiff(b1, b2) > 0x4000 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// WaitInk polls until some text or drawing shows in r (at least 2% of its
// pixels brighter than mid-grey, on the dark theme) and stays the same for
// 300 ms; a window that has just mapped shows nothing there for a while.
func (d *Display) WaitInk(r image.Rectangle, timeout time.Duration, what string) image.Image {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	var last image.Image
	for {
		img := d.Screenshot()
		if ink(img, r) >= 0.02 && last != nil && Differ(img, last, r) <= Settled {
			return img
		}
		if ink(img, r) >= 0.02 {
			last = img
		} else {
			last = nil
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited %v for %s in %v; screenshot: %s", timeout, what, r, d.keep(img, "ink"))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func ink(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if inkAt(img, x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
