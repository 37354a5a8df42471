package ui

import (
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"

	"github.com/margin-app/margin/internal/safefile"
)

// Why this file exists (issue 12, item 1): closing any descriptor of a file
// drops every POSIX lock the process holds on it, and SQLite's locks are
// POSIX locks. Fyne's file dialog asks every listed file for its MIME type,
// and for a name without a registered extension (project.margin,
// project.margin-wal, corpus.db-shm, a project called "corpus") it opens
// and closes the file to sniff it. The next process to open the project
// then believes it is alone, checkpoints and deletes the live WAL while the
// window keeps writing into the unlinked file: edits shown as saved are
// lost. The save dialog also creates (truncates) the chosen file before
// Margin's callback runs. GuardProjectFiles puts a wrapper in front of
// Fyne's "file" repository that never opens, creates or truncates the open
// project or its sidecars, identified by device and inode, not by name.

// ErrProjectFile is wrapped when a file dialog or another Fyne storage call
// would have opened the open project or one of its SQLite sidecars.
var ErrProjectFile = safefile.ErrProjectFile

// SQLiteMIME is the MIME type registered for project file extensions.
const SQLiteMIME = "application/vnd.sqlite3"

var fsGuard struct {
	mu       sync.Mutex
	projects []string
}

// GuardProjectFiles protects project (and its -wal, -shm, -journal) from
// Fyne's storage: call it after the Fyne app is created (creating an app
// registers a fresh "file" repository) and before any file dialog.
// Calling it again adds projects and re-installs the wrapper if a new app
// replaced it.
func GuardProjectFiles(projects ...string) error {
	fsGuard.mu.Lock()
	defer fsGuard.mu.Unlock()
	for _, p := range projects {
		abs, err := filepath.Abs(p)
		if err != nil {
			return fmt.Errorf("guard %s: %w", p, err)
		}
		fsGuard.projects = append(fsGuard.projects, abs)
		// Registered types need no sniffing at all (belt and braces: the
		// wrapper refuses the read anyway).
		if ext := filepath.Ext(abs); ext != "" {
			for _, suffix := range append([]string{""}, safefile.Sidecars...) {
				if err := mime.AddExtensionType(ext+suffix, SQLiteMIME); err != nil {
					return fmt.Errorf("guard %s: %w", p, err)
				}
			}
		}
	}
	inner, err := repository.ForScheme("file")
	if err != nil {
		return fmt.Errorf("guard project files: %w", err)
	}
	if _, ok := inner.(*guardedRepo); !ok {
		repository.Register("file", &guardedRepo{inner: inner})
	}
	return nil
}

// isGuarded reports whether u is a protected project file (stat only).
func isGuarded(u fyne.URI) bool {
	if u == nil || u.Scheme() != "file" {
		return false
	}
	fsGuard.mu.Lock()
	projects := fsGuard.projects
	fsGuard.mu.Unlock()
	for _, p := range projects {
		if safefile.IsProjectFile(u.Path(), p) {
			return true
		}
	}
	return false
}

// GuardError is a refusal of the guarded repository; it wraps
// ErrProjectFile and names the file, so a dialog can say which.
type GuardError struct {
	Op   string // "read", "write", "replace", ...
	Path string
}

func (e *GuardError) Error() string {
	return fmt.Sprintf("%s %s: %v; Margin does not open it through a file dialog", e.Op, e.Path, ErrProjectFile)
}

func (e *GuardError) Unwrap() error { return ErrProjectFile }

func guardError(op string, u fyne.URI) error {
	return &GuardError{Op: op, Path: u.Path()}
}

// errNoCapability mirrors Fyne's answer when the wrapped repository lacks
// an operation.
var errNoCapability = errors.New("operation not supported by the file repository")

// guardedRepo wraps Fyne's file repository; everything that does not touch
// a protected file's content passes through.
type guardedRepo struct {
	inner repository.Repository
}

var (
	_ repository.AppendableRepository   = (*guardedRepo)(nil)
	_ repository.DeleteAllRepository    = (*guardedRepo)(nil)
	_ repository.HierarchicalRepository = (*guardedRepo)(nil)
	_ repository.ListableRepository     = (*guardedRepo)(nil)
	_ repository.CopyableRepository     = (*guardedRepo)(nil)
	_ repository.MovableRepository      = (*guardedRepo)(nil)
)

// Exists answers false with ErrProjectFile for a protected file: the save
// dialog then skips its own "Overwrite?" question (a Yes there could not
// be honoured) and asks Writer at once, which refuses with the same error,
// so Margin's callback shows the refusal first.
func (g *guardedRepo) Exists(u fyne.URI) (bool, error) {
	if isGuarded(u) {
		return false, guardError("replace", u)
	}
	return g.inner.Exists(u)
}

func (g *guardedRepo) Destroy(scheme string) { g.inner.Destroy(scheme) }

// Reader refuses protected files; Fyne's MIME sniffing then falls back to
// text/plain without opening anything.
func (g *guardedRepo) Reader(u fyne.URI) (fyne.URIReadCloser, error) {
	if isGuarded(u) {
		return nil, guardError("read", u)
	}
	return g.inner.Reader(u)
}

// CanRead and CanWrite answer false for protected files: Fyne's own answer
// opens and closes the file.
func (g *guardedRepo) CanRead(u fyne.URI) (bool, error) {
	if isGuarded(u) {
		return false, nil
	}
	return g.inner.CanRead(u)
}

func (g *guardedRepo) writable() (repository.WritableRepository, error) {
	w, ok := g.inner.(repository.WritableRepository)
	if !ok {
		return nil, errNoCapability
	}
	return w, nil
}

// Writer refuses protected files and otherwise creates nothing until the
// first Write: the save dialog hands Margin a writer only to say where,
// and Margin writes through a temporary file (dataset.ExportFile), so a
// cancelled or failed export leaves no empty file and an existing file is
// not truncated before the export succeeded.
func (g *guardedRepo) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if isGuarded(u) {
		return nil, guardError("write", u)
	}
	w, err := g.writable()
	if err != nil {
		return nil, err
	}
	return &lazyWriter{uri: u, open: func() (fyne.URIWriteCloser, error) { return w.Writer(u) }}, nil
}

func (g *guardedRepo) CanWrite(u fyne.URI) (bool, error) {
	if isGuarded(u) {
		return false, nil
	}
	w, err := g.writable()
	if err != nil {
		return false, err
	}
	return w.CanWrite(u)
}

func (g *guardedRepo) Delete(u fyne.URI) error {
	if isGuarded(u) {
		return guardError("delete", u)
	}
	w, err := g.writable()
	if err != nil {
		return err
	}
	return w.Delete(u)
}

func (g *guardedRepo) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	if isGuarded(u) {
		return nil, guardError("append to", u)
	}
	a, ok := g.inner.(repository.AppendableRepository)
	if !ok {
		return nil, errNoCapability
	}
	return a.Appender(u)
}

func (g *guardedRepo) DeleteAll(u fyne.URI) error {
	if isGuarded(u) {
		return guardError("delete", u)
	}
	d, ok := g.inner.(repository.DeleteAllRepository)
	if !ok {
		return errNoCapability
	}
	return d.DeleteAll(u)
}

func (g *guardedRepo) CanList(u fyne.URI) (bool, error) {
	l, ok := g.inner.(repository.ListableRepository)
	if !ok {
		return false, errNoCapability
	}
	return l.CanList(u)
}

func (g *guardedRepo) List(u fyne.URI) ([]fyne.URI, error) {
	l, ok := g.inner.(repository.ListableRepository)
	if !ok {
		return nil, errNoCapability
	}
	return l.List(u)
}

func (g *guardedRepo) CreateListable(u fyne.URI) error {
	l, ok := g.inner.(repository.ListableRepository)
	if !ok {
		return errNoCapability
	}
	return l.CreateListable(u)
}

func (g *guardedRepo) Parent(u fyne.URI) (fyne.URI, error) {
	h, ok := g.inner.(repository.HierarchicalRepository)
	if !ok {
		return nil, errNoCapability
	}
	return h.Parent(u)
}

func (g *guardedRepo) Child(u fyne.URI, name string) (fyne.URI, error) {
	h, ok := g.inner.(repository.HierarchicalRepository)
	if !ok {
		return nil, errNoCapability
	}
	return h.Child(u, name)
}

// Copy and Move refuse protected sources and destinations (a copy opens
// the source; a destination is truncated).
func (g *guardedRepo) Copy(src, dst fyne.URI) error {
	if isGuarded(src) || isGuarded(dst) {
		return guardError("copy", src)
	}
	c, ok := g.inner.(repository.CopyableRepository)
	if !ok {
		return errNoCapability
	}
	return c.Copy(src, dst)
}

func (g *guardedRepo) Move(src, dst fyne.URI) error {
	if isGuarded(src) || isGuarded(dst) {
		return guardError("move", src)
	}
	m, ok := g.inner.(repository.MovableRepository)
	if !ok {
		return errNoCapability
	}
	return m.Move(src, dst)
}

// lazyWriter opens (creates, truncates) its file at the first Write.
type lazyWriter struct {
	uri  fyne.URI
	open func() (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
	err  error
}

func (l *lazyWriter) URI() fyne.URI { return l.uri }

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil && l.err == nil {
		if isGuarded(l.uri) {
			l.err = guardError("write", l.uri)
		} else {
			l.w, l.err = l.open()
		}
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.w.Write(p)
}

func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}
