package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the folder of the Makefile (this package is cmd/margin).
const repoRoot = "../.."

// tool finds a system command the packaging tests need, failing with the
// package to install when it is missing (make deps installs them).
func tool(t *testing.T, name, debian string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: install the Debian package %s (make deps does)", name, debian)
	}
	return p
}

func runMake(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("make", append([]string{"--no-print-directory", "-C", repoRoot}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestDesktopEntryValidates: assets/margin.desktop passes
// desktop-file-validate (Debian desktop-file-utils) without a warning, and
// opens the Margin project type with one file.
func TestDesktopEntryValidates(t *testing.T) {
	validate := tool(t, "desktop-file-validate", "desktop-file-utils")
	entry := filepath.Join(repoRoot, "assets", "margin.desktop")
	if out, err := exec.Command(validate, entry).CombinedOutput(); err != nil || len(out) != 0 {
		t.Fatalf("desktop-file-validate %s: %v\n%s", entry, err, out)
	}
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nExec=margin --error-window %f\n", "\nIcon=margin\n", "\nMimeType=application/x-margin-project;\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("margin.desktop lacks %q", strings.TrimSpace(want))
		}
	}
}

// TestMakeInstall: make build stamps the version from git describe; make
// install-files (what make install runs after building) puts the binary,
// the desktop entry, the icons and the MIME type under PREFIX and, with no
// DESTDIR, refreshes the MIME and desktop databases there, so *.margin is
// application/x-margin-project, a subclass of SQLite, opened by
// margin.desktop; with DESTDIR the same files land under it and no cache
// is written; make uninstall removes what install put there.
func TestMakeInstall(t *testing.T) {
	tool(t, "update-mime-database", "shared-mime-info")
	tool(t, "update-desktop-database", "desktop-file-utils")
	validate := tool(t, "desktop-file-validate", "desktop-file-utils")
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "margin")
	runMake(t, "build", "BIN="+bin)
	describe, err := exec.Command("git", "-C", repoRoot, "describe", "--tags", "--always", "--dirty").Output()
	if err != nil {
		t.Fatalf("git describe: %v", err)
	}
	if out, err := exec.Command(bin, "--version").Output(); err != nil || string(out) != "margin version "+strings.TrimSpace(string(describe))+"\n" {
		t.Errorf("make build's binary: --version %q, %v; git describe says %q", out, err, describe)
	}

	files := []string{"bin/margin", "share/applications/margin.desktop", "share/mime/packages/margin.xml",
		"share/icons/hicolor/256x256/apps/margin.png", "share/icons/hicolor/256x256/mimetypes/application-x-margin-project.png"}
	prefix := filepath.Join(tmp, "prefix")
	runMake(t, "install-files", "BIN="+bin, "PREFIX="+prefix)
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(prefix, f)); err != nil {
			t.Errorf("not installed: %v", err)
		}
	}
	if st, err := os.Stat(filepath.Join(prefix, "bin/margin")); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("installed binary: %v %v", st.Mode(), err)
	}
	if out, err := exec.Command(validate, filepath.Join(prefix, "share/applications/margin.desktop")).CombinedOutput(); err != nil || len(out) != 0 {
		t.Errorf("installed entry: %v\n%s", err, out)
	}
	read := func(rel string) string {
		data, err := os.ReadFile(filepath.Join(prefix, rel))
		if err != nil {
			t.Errorf("after install: %v", err)
		}
		return string(data)
	}
	if g := read("share/mime/globs2"); !strings.Contains(g, ":application/x-margin-project:*.margin\n") {
		t.Errorf("MIME globs2 lacks *.margin:\n%s", g)
	}
	if s := read("share/mime/subclasses"); !strings.Contains(s, "application/x-margin-project application/vnd.sqlite3\n") {
		t.Errorf("MIME subclasses:\n%s", s)
	}
	if c := read("share/applications/mimeinfo.cache"); !strings.Contains(c, "application/x-margin-project=margin.desktop;") {
		t.Errorf("desktop database does not open the type with margin.desktop:\n%s", c)
	}
	runMake(t, "uninstall", "PREFIX="+prefix)
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(prefix, f)); !os.IsNotExist(err) {
			t.Errorf("uninstall left %s (%v)", f, err)
		}
	}
	if c := read("share/applications/mimeinfo.cache"); strings.Contains(c, "margin.desktop") {
		t.Errorf("desktop database still names margin.desktop after uninstall:\n%s", c)
	}

	dest := filepath.Join(tmp, "stage")
	runMake(t, "install-files", "BIN="+bin, "DESTDIR="+dest, "PREFIX=/usr")
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dest, "usr", f)); err != nil {
			t.Errorf("staged install: %v", err)
		}
	}
	for _, cache := range []string{"usr/share/mime/mime.cache", "usr/share/applications/mimeinfo.cache"} {
		if _, err := os.Stat(filepath.Join(dest, cache)); !os.IsNotExist(err) {
			t.Errorf("a staged install wrote %s (%v)", cache, err)
		}
	}
}
