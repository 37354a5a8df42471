package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"golang.org/x/sys/unix"

	"github.com/margin-app/margin/model"
)

// openWatch reports every open(2) of the given files, by any process
// (inotify IN_OPEN): the lsof that also sees a descriptor opened and closed
// at once, which is exactly what drops SQLite's POSIX locks.
type openWatch struct {
	fd    int
	names map[int]string
}

func watchOpens(t *testing.T, paths ...string) *openWatch {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	w := &openWatch{fd: fd, names: map[int]string{}}
	for _, p := range paths {
		wd, err := unix.InotifyAddWatch(fd, p, unix.IN_OPEN)
		if err != nil {
			t.Fatalf("watch %s: %v", p, err)
		}
		w.names[wd] = p
	}
	return w
}

// opened lists the watched files opened since the last call.
func (w *openWatch) opened(t *testing.T) []string {
	t.Helper()
	var got []string
	buf := make([]byte, 64*1024)
	for {
		n, err := unix.Read(w.fd, buf)
		if errors.Is(err, unix.EAGAIN) {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			got = append(got, filepath.Base(w.names[int(ev.Wd)]))
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
}

// projectFDs lists this process's descriptors of the project's files.
func projectFDs(t *testing.T, project string) map[string]string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, project) {
			got[fd.Name()] = target
		}
	}
	return got
}

// TestFileDialogNeverOpensProjectFiles lists the project's folder in Fyne's
// own open dialog (which asks every file for its MIME type), then asks the
// storage API for readers and writers of the project files, under three
// project names (one with an extension Margin registers, one with a common
// extension, one with none): no project file, -wal or -shm is ever opened.
func TestFileDialogNeverOpensProjectFiles(t *testing.T) {
	for _, name := range []string{"p.margin", "corpus.db", "corpus"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			project := filepath.Join(dir, name)
			db := demoProject(t, project)
			defer db.Close()
			w := openWindow(t, db) // installs the guard, as cmd/margin does
			if err := w.setStatusOfFirstDoc(); err != nil {
				t.Fatal(err)
			}
			files := []string{project, project + "-wal", project + "-shm"}
			for _, f := range files {
				if _, err := os.Stat(f); err != nil {
					t.Fatalf("the open project should have %s: %v", f, err)
				}
			}
			before := projectFDs(t, project)
			watch := watchOpens(t, files...)

			lister, err := storage.ListerForURI(storage.NewFileURI(dir))
			if err != nil {
				t.Fatal(err)
			}
			d := dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, w.win)
			d.SetLocation(lister)
			d.Resize(fyne.NewSize(900, 600))
			d.Show()
			w.win.Canvas().Capture() // paints the dialog: every file icon asks its MIME type
			d.Hide()
			for _, f := range files {
				if m := storage.NewFileURI(f).MimeType(); m == "" {
					t.Errorf("%s: no MIME type", f)
				}
			}
			// Checked before the writers below: unguarded, Writer truncates
			// the -shm SQLite has mapped, and the process dies of SIGBUS.
			if got := watch.opened(t); len(got) > 0 {
				t.Fatalf("listing the folder in the file dialog opened project files: %v", got)
			}
			for _, f := range files {
				u := storage.NewFileURI(f)
				if _, err := storage.Reader(u); !errors.Is(err, ErrProjectFile) {
					t.Errorf("Reader(%s): %v, want ErrProjectFile", f, err)
				}
				if _, err := storage.Writer(u); !errors.Is(err, ErrProjectFile) {
					t.Errorf("Writer(%s): %v, want ErrProjectFile", f, err)
				}
				if ok, _ := storage.CanWrite(u); ok {
					t.Errorf("CanWrite(%s) = true", f)
				}
				storage.CanRead(u)
			}
			// A hard link is the same file under another name.
			alias := filepath.Join(dir, "alias.txt")
			if err := os.Link(project, alias); err != nil {
				t.Fatal(err)
			}
			if _, err := storage.Reader(storage.NewFileURI(alias)); !errors.Is(err, ErrProjectFile) {
				t.Errorf("Reader of a hard link to the project: %v", err)
			}
			if got := watch.opened(t); len(got) > 0 {
				t.Fatalf("Reader, Writer, CanRead or CanWrite opened project files: %v", got)
			}
			if after := projectFDs(t, project); len(after) != len(before) {
				t.Fatalf("project descriptors changed: before %v, after %v", before, after)
			}
		})
	}
}

// TestSaveDialogWriterCreatesNothingUntilWritten: the writer Fyne's save
// dialog hands over creates no file and truncates nothing until written.
func TestSaveDialogWriterCreatesNothingUntilWritten(t *testing.T) {
	dir := t.TempDir()
	db := demoProject(t, filepath.Join(dir, "p.margin"))
	defer db.Close()
	openWindow(t, db)
	fresh := filepath.Join(dir, "new.jsonl")
	wc, err := storage.Writer(storage.NewFileURI(fresh))
	if err != nil {
		t.Fatal(err)
	}
	if fds := projectFDs(t, fresh); len(fds) > 0 {
		t.Fatalf("an unwritten writer holds %v", fds)
	}
	wc.Close()
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Fatalf("closing an unwritten writer created %s: %v", fresh, err)
	}
	old := filepath.Join(dir, "old.jsonl")
	os.WriteFile(old, []byte("keep me\n"), 0o644)
	wc, err = storage.Writer(storage.NewFileURI(old))
	if err != nil {
		t.Fatal(err)
	}
	wc.Close()
	if b, _ := os.ReadFile(old); string(b) != "keep me\n" {
		t.Fatalf("an unwritten writer truncated the existing file: %q", b)
	}
	wc, _ = storage.Writer(storage.NewFileURI(old))
	if _, err := wc.Write([]byte("new\n")); err != nil {
		t.Fatal(err)
	}
	wc.Close()
	if b, _ := os.ReadFile(old); string(b) != "new\n" {
		t.Fatalf("a written writer left %q", b)
	}
}

// setStatusOfFirstDoc writes once through the window so the project has a
// WAL with content, as in real use.
func (w *Window) setStatusOfFirstDoc() error {
	return w.store.SetStatus(w.ctx, w.docs[0].ID, w.annotator, model.StatusInProgress)
}
