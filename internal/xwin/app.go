package xwin

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// App is a margin window process on a Display.
type App struct {
	d      *Display
	cmd    *exec.Cmd
	Window string // X window id, as xdotool prints it
	Home   string // $HOME of the process (its Fyne preferences, backups)
	log    string // file holding its stdout and stderr
	exited chan struct{}
}

// Env is the environment a window process gets besides the caller's
// extras: this display, an English UTF-8 locale, Fyne at scale 1 (so
// coordinates in tests hold), and a private HOME and XDG folders under
// home so preferences and backups stay inside the test.
func (d *Display) Env(home string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL", "LANGUAGE", "HOME",
			"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "FYNE_SCALE", "FYNE_THEME":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"DISPLAY="+d.Name,
		"LANG=en_US.UTF-8",
		"HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"FYNE_SCALE=1",
	)
}

// Launch runs bin with args on the display (HOME=home, plus extra
// environment entries) and waits until its window is mapped; title is a
// regular expression xdotool matches against window names. The process
// is SIGKILLed in t.Cleanup if it is still running.
func (d *Display) Launch(t testing.TB, bin, home, title string, extra []string, args ...string) *App {
	t.Helper()
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(d.Env(home), extra...)
	logf, err := os.CreateTemp(home, "xwin-*.log")
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close() // the child keeps its own descriptor
	a := &App{d: d, cmd: cmd, Home: home, log: logf.Name(), exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() { cmd.Wait(); close(a.exited) }()
	t.Cleanup(func() {
		a.Kill()
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), a.Output())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	search := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--pid", strconv.Itoa(cmd.Process.Pid), "--name", title)
	search.Env = append(os.Environ(), "DISPLAY="+d.Name)
	out, err := search.Output()
	if err != nil {
		t.Fatalf("window %q of %s did not appear: %v\n%s", title, bin, err, a.Output())
	}
	a.Window = strings.Fields(string(out))[0]
	return a
}

// Pid is the window process's id.
func (a *App) Pid() int { return a.cmd.Process.Pid }

// Output is what the process printed so far (stdout and stderr).
func (a *App) Output() string {
	b, _ := os.ReadFile(a.log)
	return string(b)
}

// Running reports whether the process has not exited.
func (a *App) Running() bool {
	select {
	case <-a.exited:
		return false
	default:
		return true
	}
}

// Kill SIGKILLs the process (a crash, a power cut) and waits for it.
func (a *App) Kill() {
	if a.Running() {
		a.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-a.exited
}

// Wait waits up to timeout for the process to exit on its own and
// reports whether it did.
func (a *App) Wait(timeout time.Duration) bool {
	select {
	case <-a.exited:
		return true
	case <-time.After(timeout):
		return false
	}
}

// CLI runs bin (the margin command line) with args and HOME=home, without
// a display, and returns its standard output; a non-zero exit fails t.
func CLI(t testing.TB, bin, home string, args ...string) string {
	t.Helper()
	out, err := CLIResult(bin, home, args...)
	if err != nil {
		t.Fatalf("margin %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// CLIResult is CLI returning the error (with stderr) instead of failing.
func CLIResult(bin, home string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	d := &Display{}
	for _, kv := range d.Env(home) {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
