// Package realdata finds the third-party files tests read: files written
// by other tools (brat, INCEpTION, doccano, Label Studio, CoNLL, REFI-QDA
// exporters), kept outside the repository in ../shared/realdata beside the
// checkout (CI lays it there). MARGIN_REALDATA overrides the folder.
//
// A missing folder fails the test: a test on real data that silently
// skips proves nothing.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the realdata folder, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv("MARGIN_REALDATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "realdata")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns the path of rel inside the realdata folder, failing t when
// the folder or the file is missing.
func Path(t testing.TB, rel string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Fatalf("realdata: ../shared/realdata not found beside the checkout (set MARGIN_REALDATA)")
	}
	p := filepath.Join(d, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("realdata: %v", err)
	}
	return p
}
