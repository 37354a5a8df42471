package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// windowProjects opens and creates projects for the window's menu: each
// project gets a window process of its own (this binary, started on the
// path), so the project open here keeps its locks, edit queue and undo.
type windowProjects struct {
	who string // the annotator, for the new project's schema history
}

func (p windowProjects) Open(path string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	cmd := exec.Command(exe, path)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := startWindow(cmd); err != nil { // gui_quit.go: Ctrl+Q reaches it
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}

func (p windowProjects) Create(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("new project %s: the file exists; Margin does not overwrite it", path)
	}
	store, err := createProject(context.Background(), path, p.who)
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return fmt.Errorf("new project %s: %w", path, err)
	}
	return p.Open(path)
}
