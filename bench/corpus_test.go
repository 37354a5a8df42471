package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestShapesMatchBaselinePy: every corpus shape is written byte for byte
// the same by the Go generator and by baseline.py, since the ratios in
// BENCHMARKS.md compare Margin and the Python baseline on the same file.
func TestShapesMatchBaselinePy(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is needed to run bench/baseline.py: %v", err)
	}
	for name, sh := range Shapes {
		t.Run(name, func(t *testing.T) {
			sh.Docs = 3 // the full corpora take seconds to write; the generator is the same loop
			dir := t.TempDir()
			goFile, pyFile := filepath.Join(dir, "go.jsonl"), filepath.Join(dir, "py.jsonl")
			if err := sh.Write(goFile); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "baseline.py", "generate", pyFile, "--shape", name, "--docs", strconv.Itoa(sh.Docs)).CombinedOutput()
			if err != nil {
				t.Fatalf("baseline.py generate: %v\n%s", err, out)
			}
			g, _ := os.ReadFile(goFile)
			p, err := os.ReadFile(pyFile)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(g, p) {
				t.Fatalf("Go wrote %d bytes, baseline.py %d; first difference at byte %d", len(g), len(p), firstDiff(g, p))
			}
			if lines := bytes.Count(g, []byte("\n")); lines != sh.Docs {
				t.Fatalf("%d lines, want %d", lines, sh.Docs)
			}
			if len(sh.Extra) > 0 && !bytes.Contains(g, []byte(`"`+sh.Extra[0]+`"`)) {
				t.Fatalf("the label %s never drawn", sh.Extra[0])
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
