package main

import (
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"

	"fyne.io/fyne/v2"
)

// Quitting the app from any project window closes all of them. Each
// project window is a process (windowProjects.Open starts this binary on
// the path), started from another window: together they form a tree.
// Ctrl+Q in a window sends quitApp up to the window that started the
// tree; that one sends closeWindows down to every window it started,
// which pass it on to theirs, and each closes the safe way
// (ui.Window.RequestClose: typed text saved, queued edits written, a
// running import asked about).

// parentWindowEnv names, in a window's environment, the process id of
// the window that started it.
const parentWindowEnv = "MARGIN_PARENT_WINDOW"

var (
	quitApp      = syscall.SIGUSR1 // to the root of the tree: quit every window
	closeWindows = syscall.SIGUSR2 // close this window and those it started
)

// projectWindows are the windows this process started, while they run.
var projectWindows struct {
	mu       sync.Mutex
	children map[*os.Process]bool
}

// startWindow starts cmd as a window of this one's tree.
func startWindow(cmd *exec.Cmd) error {
	cmd.Env = append(os.Environ(), parentWindowEnv+"="+strconv.Itoa(os.Getpid()))
	if err := cmd.Start(); err != nil {
		return err
	}
	p := cmd.Process
	projectWindows.mu.Lock()
	if projectWindows.children == nil {
		projectWindows.children = map[*os.Process]bool{}
	}
	projectWindows.children[p] = true
	projectWindows.mu.Unlock()
	go func() {
		cmd.Wait() // reaped when it exits; it outlives nothing of ours
		projectWindows.mu.Lock()
		delete(projectWindows.children, p)
		projectWindows.mu.Unlock()
	}()
	return nil
}

// parentWindow is the window that started this one, nil when none did or
// it has exited (then this process has been given another parent, so a
// reused process id is never signalled).
func parentWindow() *os.Process {
	pid, err := strconv.Atoi(os.Getenv(parentWindowEnv))
	if err != nil || pid != os.Getppid() {
		return nil
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil
	}
	return p
}

// closeChildren asks every window this one started to close (and theirs).
func closeChildren() {
	projectWindows.mu.Lock()
	defer projectWindows.mu.Unlock()
	for p := range projectWindows.children {
		p.Signal(closeWindows) // one that has just exited is no longer there: nothing to do
	}
}

// QuitAll is ui.AppQuitter: the whole tree is asked to close. From a
// window another one started, the request goes up and the root asks
// everyone, this window included (closesThis); at the root the windows
// it started are asked and the caller closes its own.
func (windowProjects) QuitAll() (closesThis bool) {
	if p := parentWindow(); p != nil && p.Signal(quitApp) == nil {
		return true
	}
	closeChildren()
	return false
}

// closeOnSignals makes this window close when its tree quits: quitApp
// (from a window it started) is passed up, or, at the root, down to all;
// closeWindows closes this window and those it started.
func closeOnSignals(closeWindow func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, quitApp, closeWindows)
	go func() {
		for s := range ch {
			if s == quitApp {
				if p := parentWindow(); p != nil && p.Signal(quitApp) == nil {
					continue
				}
			}
			closeChildren()
			fyne.Do(closeWindow)
		}
	}()
}
