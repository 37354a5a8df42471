package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SharedPort is the shared test server's port (.ci/postgres): never
// restarted or stopped by a benchmark, since others' tests use it.
const SharedPort = 54329

// Private is a PostgreSQL server of one benchmark's own, started with
// .ci/postgres on its own port and data directory, so that it may be
// restarted in the middle of a run.
type Private struct {
	URL  string
	Dir  string // its data directory
	env  []string
	tool string
}

// StartPrivate starts (or reuses) a private server on port with fsync as
// given ("on" or "off") and stops it when the benchmark ends.
func StartPrivate(tb testing.TB, port int, fsync string) *Private {
	tb.Helper()
	if port == SharedPort {
		tb.Fatalf("port %d is the shared test server's: a private server needs a port of its own", port)
	}
	tool, err := ciScript()
	if err != nil {
		tb.Fatal(err)
	}
	dir := fmt.Sprintf("/tmp/margin-pg-private-%d", port)
	p := &Private{Dir: dir, tool: tool, env: append(os.Environ(),
		fmt.Sprintf("MARGIN_PG_PORT=%d", port),
		"MARGIN_PG_DIR="+dir,
		"MARGIN_PG_FSYNC="+fsync)}
	out, err := p.run("start")
	if err != nil {
		tb.Fatalf(".ci/postgres start (port %d): %v\n%s", port, err, out)
	}
	p.URL = strings.TrimSpace(out)
	tb.Cleanup(func() {
		if out, err := p.run("stop"); err != nil {
			tb.Errorf(".ci/postgres stop (port %d): %v\n%s", port, err, out)
		}
	})
	return p
}

// Restart restarts the server: mode "fast" (a clean shutdown) or
// "immediate" (no checkpoint: the server recovers from its WAL, as after
// a crash).
func (p *Private) Restart(mode string) error {
	out, err := p.run("restart", "MARGIN_PG_RESTART_MODE="+mode)
	if err != nil {
		return fmt.Errorf(".ci/postgres restart: %v\n%s", err, out)
	}
	return nil
}

func (p *Private) run(cmd string, env ...string) (string, error) {
	c := exec.Command(p.tool, cmd)
	c.Env = append(append([]string{}, p.env...), env...)
	out, err := c.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		out = append(out, ee.Stderr...)
	}
	return string(out), err
}

// ciScript finds .ci/postgres in the working directory or above it (the
// module's root).
func ciScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ".ci", "postgres")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no .ci/postgres above the working directory")
		}
		dir = parent
	}
}
