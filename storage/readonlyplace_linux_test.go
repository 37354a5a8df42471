package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/margin-app/margin/model"
)

// Read-only places are tested on a real read-only file system: the test
// binary runs TestReadOnlyPlaceChild again in a mount namespace of its own
// (CLONE_NEWNS, so nothing outside it sees the mount) where the project's
// folder is bind-mounted read-only onto itself. Open then meets EROFS as
// it would on a CD, a write-protected card or a read-only share: a chmod
// 0555 folder would not do, because the tests run as root and root ignores
// permissions. The namespace needs CAP_SYS_ADMIN, which root has.
const roChildEnv = "MARGIN_TEST_READONLY_PLACE"

// TestReadOnlyPlaceChild is the part run inside the namespace; run
// directly (without roChildEnv) it has nothing to do.
func TestReadOnlyPlaceChild(t *testing.T) {
	spec := os.Getenv(roChildEnv)
	if spec == "" {
		return
	}
	dir, path, _ := strings.Cut(spec, "|")
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Fatalf("bind mount: %v", err)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("read-only remount: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("the folder is not read-only: %v", err)
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open on a read-only file system: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Fatal("opened read-write on a read-only file system")
	}
	docs, err := db.Documents(ctx)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents: %v %v", docs, err)
	}
	anns, err := db.Annotations(ctx, docs[0].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	// Print what was read for the parent to compare.
	fmt.Printf("READ docs=%d anns=%d\n", len(docs), len(anns))
	err = db.CreateAnnotations(ctx, []*model.Annotation{{DocID: docs[0].ID, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}})
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write on a read-only file system: %v", err)
	}
}

func runReadOnlyChild(t *testing.T, dir, path string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyPlaceChild$", "-test.v")
	cmd.Env = append(os.Environ(), roChildEnv+"="+dir+"|"+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	return string(out)
}

// TestProjectOnAReadOnlyFileSystemOpensReadOnly: a project (in WAL mode,
// with no -wal/-shm beside it, as after a clean close) on read-only media
// used to fail with "unable to open database file"; it opens read-only.
func TestProjectOnAReadOnlyFileSystemOpensReadOnly(t *testing.T) {
	db, path := newProject(t)
	doc := importDoc(t, db, article)
	if err := db.CreateAnnotations(context.Background(), []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := fileSum(t, path)
	out := runReadOnlyChild(t, filepath.Dir(path), path)
	if !strings.Contains(out, "READ docs=1 anns=1") {
		t.Fatalf("child read: %s", out)
	}
	if fileSum(t, path) != before {
		t.Fatal("the project changed")
	}
}

// TestProjectWithAWALOnAReadOnlyFileSystem: a project copied to read-only
// media while open elsewhere carries its newest changes in the -wal file;
// opening it read-only must see them (SQLite's immutable mode alone would
// ignore the WAL).
func TestProjectWithAWALOnAReadOnlyFileSystem(t *testing.T) {
	db, path := newProject(t)
	doc := importDoc(t, db, article)
	// Keep the changes in the WAL: a second handle holds it open (so
	// closing this one does not checkpoint), then both files are copied
	// as a copy tool would.
	keep, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keep.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateAnnotations(context.Background(), []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}}); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "media")
	os.MkdirAll(dst, 0o755)
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, "p.margin"+suffix), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keep.Close()
	if st, err := os.Stat(filepath.Join(dst, "p.margin-wal")); err != nil || st.Size() == 0 {
		t.Fatalf("the copy has no WAL: %v", err)
	}
	out := runReadOnlyChild(t, dst, filepath.Join(dst, "p.margin"))
	if !strings.Contains(out, "READ docs=1 anns=1") {
		t.Fatalf("child read: %s", out)
	}
}

// TestNetworkFileSystemIsNamed: the statfs magic numbers of network file
// systems are named (the window warns: WAL is unsafe there), a local
// folder (the test's temporary one) is not.
func TestNetworkFileSystemIsNamed(t *testing.T) {
	for magic, want := range map[int64]string{0x6969: "NFS", 0xFF534D42: "CIFS/SMB", 0xFE534D42: "SMB2/3", 0x65735546: "FUSE (sshfs, rclone, a cloud drive...)"} {
		if got := networkMagic[magic]; got != want {
			t.Errorf("magic %#x: %q, want %q", magic, got, want)
		}
	}
	db, _ := newProject(t)
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(db.Path()), &st); err != nil {
		t.Fatal(err)
	}
	if got := db.NetworkFileSystem(); got != networkMagic[int64(st.Type)&0xFFFFFFFF] || got != "" {
		t.Fatalf("local temporary folder (type %#x) named %q", st.Type, got)
	}
}
