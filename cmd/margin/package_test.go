package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMakePackageInstallsTheFileTypeIcon: the tarball make package builds
// (Fyne's packager, fyne.io/tools v1.7.4, completed by the Makefile)
// carries the *.margin file-type icon and the MIME type; its staged
// install (DESTDIR) puts both under DESTDIR and writes no MIME cache
// there, while a real install (no DESTDIR) refreshes the cache.
func TestMakePackageInstallsTheFileTypeIcon(t *testing.T) {
	tool(t, "update-mime-database", "shared-mime-info")
	tmp := t.TempDir()
	runMake(t, "package", "BIN="+filepath.Join(tmp, "margin"))
	tarball := filepath.Join(tmp, "Margin.tar.xz")
	if err := os.Rename(filepath.Join(repoRoot, "Margin.tar.xz"), tarball); err != nil {
		t.Fatal(err)
	}
	unpacked := filepath.Join(tmp, "unpacked")
	os.Mkdir(unpacked, 0o755)
	if out, err := exec.Command("tar", "-xJf", tarball, "-C", unpacked).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	top := filepath.Join(unpacked, "margin")
	install := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("make", append([]string{"-s", "-C", top, "install"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("make install %v: %v\n%s", args, err, out)
		}
	}
	icon := "share/icons/hicolor/256x256/mimetypes/application-x-margin-project.png"
	stage := filepath.Join(tmp, "stage")
	install("DESTDIR="+stage, "PREFIX=/usr")
	for _, f := range []string{"bin/margin", icon, "share/mime/packages/margin.xml"} {
		if _, err := os.Stat(filepath.Join(stage, "usr", f)); err != nil {
			t.Errorf("staged install lacks %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(stage, "usr/share/mime/mime.cache")); !os.IsNotExist(err) {
		t.Errorf("a staged install wrote the MIME cache into DESTDIR (%v)", err)
	}
	prefix := filepath.Join(tmp, "prefix")
	install("PREFIX=" + prefix)
	if _, err := os.Stat(filepath.Join(prefix, "share/mime/mime.cache")); err != nil {
		t.Errorf("a real install did not refresh the MIME cache: %v", err)
	}
}
