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
const Packages = "xvfb xdotool imagemagick"

// Display is an Xvfb server this test started.
type Display struct {
	t    testing.TB
	Name string // ":N", for DISPLAY
	cmd  *exec.Cmd
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
	needTools(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", Width, Height), "-nolisten", "tcp", "-noreset")
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

// WaitChange polls the screen until the pixels of r differ from the
// digest from (as Hash returned it) and returns the new digest; after
// timeout it saves a screenshot beside the test's temporary files and
// fails the test with what it waited for.
func (d *Display) WaitChange(r image.Rectangle, from string, timeout time.Duration, what string) string {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		img := d.Screenshot()
		if h := hashRect(img, r); h != from {
			return h
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited %v for %s (screen area %v unchanged); screenshot: %s", timeout, what, r, d.keep(img, "timeout"))
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// WaitStable polls until r shows the same pixels on two screenshots
// 300 ms apart (an animation or a redraw has finished) and returns them.
func (d *Display) WaitStable(r image.Rectangle, timeout time.Duration) string {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	last := d.Hash(r)
	for {
		time.Sleep(300 * time.Millisecond)
		h := d.Hash(r)
		if h == last {
			return h
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("screen area %v still changing after %v", r, timeout)
		}
		last = h
	}
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

// BuildMargin builds cmd/margin into the test's temporary folder and
// returns the binary's path.
func BuildMargin(t testing.TB) string {
	t.Helper()
	needTools(t) // before a long build that is of no use without them
	buildMu.Lock()
	defer buildMu.Unlock()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "margin")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/margin")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/margin: %v\n%s", err, out)
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
