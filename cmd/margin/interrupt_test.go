package main

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/margin-app/margin/internal/xwin"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeBigDoccano writes docs doccano lines of about 7 kB with 100 spans.
func writeBigDoccano(t *testing.T, path string, docs int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	text := strings.Repeat("the ceasefire talks in Riyadh “agreed” energy infrastructure Kyiv ", 100)
	for i := 0; i < docs; i++ {
		var spans []string
		for j := 0; j < 100; j++ {
			spans = append(spans, fmt.Sprintf(`[%d,%d,"ACTOR"]`, j*60, j*60+5))
		}
		fmt.Fprintf(w, `{"text":"%d %s","label":[%s]}`+"\n", i, text, strings.Join(spans, ","))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestInterruptedImportLeavesProjectAsItWas: Ctrl+C (SIGINT) during a
// large import cancels it; the project has no trace of it, stderr has one
// line (and no progress bar: stderr is not a terminal).
func TestInterruptedImportLeavesProjectAsItWas(t *testing.T) {
	bin, p, data, env := bigImportSetup(t)

	// Interrupt after a delay; on a machine fast enough to finish first,
	// try again (into a fresh project) with an earlier interrupt.
	var stderr bytes.Buffer
	var ee *exec.ExitError
	var took time.Duration
	for _, delay := range []time.Duration{400 * time.Millisecond, 150 * time.Millisecond, 50 * time.Millisecond} {
		cmd := exec.Command(bin, "import", p, "--format", "doccano", data)
		cmd.Env = env
		stderr.Reset()
		cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Count the delay from when the import has the project open, not
		// from exec: on a loaded machine the process may not have reached
		// main, where Ctrl+C is handled, in 400 ms, and the default action
		// kills it (CI saw exit -1).
		waitUntilWriting(p)
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		took = time.Since(start)
		var ok bool
		if ee, ok = err.(*exec.ExitError); ok {
			break
		}
		for _, f := range []string{p, p + "-wal", p + "-shm", p + "-journal"} {
			os.Remove(f)
		}
		if out, err := exec.Command(bin, "init", p).CombinedOutput(); err != nil {
			t.Fatalf("init: %v %s", err, out)
		}
	}
	if ee == nil {
		t.Fatalf("the import finished before an interrupt even 50 ms in (%v): enlarge the input", took)
	}
	if ee.ExitCode() != 1 || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), "canceled") {
		t.Fatalf("exit %d after %v, stderr %q", ee.ExitCode(), took, stderr.String())
	}
	out, err := exec.Command(bin, "docs", p, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("docs: %v %s", err, out)
	}
	if strings.TrimSpace(string(out)) != "[]" {
		t.Fatalf("the interrupted import left documents:\n%.300s", out)
	}
	if out, err := exec.Command(bin, "check", p).CombinedOutput(); err != nil {
		t.Fatalf("check after the interrupt: %v %s", err, out)
	}
}

// bigImportSetup builds the binary, makes a new project and a doccano
// file of 6,000 articles (40 MB) in a temp dir, and returns the binary,
// the project, the file and the environment to import it with.
func bigImportSetup(t *testing.T) (bin, p, data string, env []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and imports 40 MB")
	}
	dir := t.TempDir()
	bin = filepath.Join(dir, "margin")
	if out, err := exec.Command("go", "build", "-tags", xwin.BuildTags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env = append(os.Environ(), "MARGIN_ANNOTATOR=ana")
	p = filepath.Join(dir, "p.margin")
	if out, err := exec.Command(bin, "init", p).CombinedOutput(); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	data = filepath.Join(dir, "big.jsonl")
	writeBigDoccano(t, data, 6000)
	return bin, p, data, env
}

// waitUntilWriting waits (at most 30 s) until an import has the project
// at p open: its -wal file exists, or, for a first import that writes the
// file directly (storage/bulkjournal.go), its -journal.
func waitUntilWriting(p string) {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		for _, f := range []string{p + "-wal", p + "-journal"} {
			if _, err := os.Stat(f); err == nil {
				return
			}
		}
	}
}

// TestKilledFirstImportLeavesProjectEmpty: a first import into a new
// project writes the project file directly, under SQLite's rollback
// journal; killed (SIGKILL, as a crash or power cut would stop it) after
// it has written pages into the file, it leaves a project that opens with
// no documents, passes margin check and imports again.
func TestKilledFirstImportLeavesProjectEmpty(t *testing.T) {
	bin, p, data, env := bigImportSetup(t)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	empty := fi.Size()
	cmd := exec.Command(bin, "import", p, "--format", "doccano", data)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once the import's pages are in the project file itself
	// (past its 32 MiB page cache), and its journal is beside it.
	grown := false
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !grown; time.Sleep(2 * time.Millisecond) {
		fi, err := os.Stat(p)
		_, jerr := os.Stat(p + "-journal")
		grown = err == nil && jerr == nil && fi.Size() > empty+8<<20
	}
	cmd.Process.Kill()
	err = cmd.Wait()
	if !grown {
		t.Fatalf("the import never wrote into the project file beside a journal (exit %v): the test tests nothing", err)
	}
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("the import was not killed: %v", err)
	}
	out, err := exec.Command(bin, "docs", p, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("docs after the kill: %v %s", err, out)
	}
	if strings.TrimSpace(string(out)) != "[]" {
		t.Fatalf("the killed import left documents:\n%.300s", out)
	}
	if out, err := exec.Command(bin, "check", p).CombinedOutput(); err != nil {
		t.Fatalf("check after the kill: %v %s", err, out)
	}
	imp := exec.Command(bin, "import", p, "--format", "doccano", data)
	imp.Env = env
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import after the kill: %v %.300s", err, out)
	}
	if out, err := exec.Command(bin, "docs", p, "--json").CombinedOutput(); err != nil || strings.Count(string(out), `"sha256"`) != 6000 {
		t.Fatalf("after importing again: %v, %d documents", err, strings.Count(string(out), `"sha256"`))
	}
}
