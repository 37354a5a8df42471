package main

import (
	"bytes"
	"github.com/margin-app/margin/internal/xwin"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryStderrIsOneLine runs the real binary: under the C locale that
// scripts and CI use, a failing command prints exactly one line on stderr
// and exits 1, and a succeeding one prints nothing on stderr.
func TestBinaryStderrIsOneLine(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "margin")
	build := exec.Command("go", "build", "-tags", xwin.BuildTags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=", "LANGUAGE=", "MARGIN_ANNOTATOR=ana")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return stdout.String(), stderr.String(), code
	}
	p := filepath.Join(dir, "p.margin")
	if _, stderr, code := run("init", p); code != 0 || stderr != "" {
		t.Fatalf("init: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code := run("annotate", p, "--doc", "7", "--label", "ACTOR", "--start", "0", "--end", "3")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "margin: ") {
		t.Fatalf("failing command: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := run("docs", filepath.Join(dir, "missing.margin")); code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("missing project: exit %d, stderr %q", code, stderr)
	}
	if out, _, code := run("import", "--help"); code != 0 || !strings.Contains(out, "brat") {
		t.Fatalf("import --help: exit %d\n%s", code, out)
	}
}
