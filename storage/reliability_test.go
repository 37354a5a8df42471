package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/margin-app/margin/model"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Several handles (as several windows or CLIs would have) writing the same
// file at once: the busy timeout and immediate transactions absorb every
// wait, nothing fails with "database is locked" and nothing is lost.
func TestConcurrentWritersSeparateHandles(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	writers, each := 4, 40
	if os.Getenv("MARGIN_STRESS") != "" {
		writers, each = 8, 400
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	ids := make([][]string, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			h, err := Open(ctx, path)
			if err != nil {
				errs <- err
				return
			}
			defer h.Close()
			who := fmt.Sprintf("w%d", w)
			for i := 0; i < each; i++ {
				a := &model.Annotation{DocID: doc, Annotator: who, Label: "ACTOR",
					Fragments: []model.Fragment{{Start: i % 20, End: i%20 + 5}}}
				if err := h.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
					errs <- fmt.Errorf("%s create %d: %w", who, i, err)
					continue
				}
				ids[w] = append(ids[w], a.ID)
				if i%5 == 4 { // a read-then-write transaction
					a.Note = "edited"
					if err := h.UpdateAnnotation(ctx, a); err != nil {
						errs <- fmt.Errorf("%s update: %w", who, err)
					}
				}
				if i%10 == 9 {
					if err := h.DeleteAnnotation(ctx, a.ID, who); err != nil {
						errs <- fmt.Errorf("%s delete: %w", who, err)
					}
					if _, err := h.Undo(ctx, who); err != nil { // brings it back
						errs <- fmt.Errorf("%s undo: %w", who, err)
					}
				}
				if _, err := h.Documents(ctx); err != nil { // readers beside writers
					errs <- fmt.Errorf("%s read: %w", who, err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err) // includes any "database is locked"
	}
	anns, err := db.Annotations(ctx, doc, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != writers*each {
		t.Fatalf("%d annotations stored, want %d", len(anns), writers*each)
	}
	have := map[string]bool{}
	for _, a := range anns {
		have[a.ID] = true
	}
	for _, l := range ids {
		for _, id := range l {
			if !have[id] {
				t.Errorf("annotation %s lost", id)
			}
		}
	}
	if p, err := db.Check(ctx); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", p, err)
	}
}

// A file without write permission opens read-only: reads work, every write
// fails with a clear "read-only" error, and the file is not modified. Tests
// often run as root, for whom chmod does not stop writes; Open therefore
// looks at the permission bits itself (a file the user marked read-only
// stays read-only, even for root).
func TestReadOnlyFileOpensReadOnly(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	db.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}})
	db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o644) })
	before := fileSum(t, path)

	ro, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !ro.ReadOnly() {
		t.Fatal("a read-only file was opened read-write")
	}
	anns, err := ro.Annotations(ctx, doc, "")
	if err != nil || len(anns) != 1 {
		t.Fatalf("read: %v %v", anns, err)
	}
	writes := map[string]error{
		"create": ro.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 4, End: 9}}}}),
		"delete": ro.DeleteAnnotation(ctx, anns[0].ID, "ana"),
		"import": func() error {
			_, err := ro.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "b", Text: "other"}}})
			return err
		}(),
	}
	for name, err := range writes {
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s on a read-only project: %v", name, err)
		}
	}
	ro.Close()
	if fileSum(t, path) != before {
		t.Fatal("read-only file modified")
	}

	// OpenReadOnly (used for colleagues' files) refuses writes the same way.
	os.Chmod(path, 0o644)
	ro2, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro2.Close()
	if err := ro2.DeleteAnnotation(ctx, anns[0].ID, "ana"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("OpenReadOnly allowed a write: %v", err)
	}
	if rw, err := Open(ctx, path); err != nil || rw.ReadOnly() {
		t.Fatalf("writable file: %v, read-only %v", err, rw != nil && rw.ReadOnly())
	} else {
		rw.Close()
	}
}

// A full disk, simulated with PRAGMA max_page_count on the only connection:
// the import fails with a clear message and nothing is half-written.
func TestDiskFullLeavesProjectUnchanged(t *testing.T) {
	db, _ := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	db.db.SetMaxOpenConns(1) // the pragma is per connection
	var pages int
	if err := db.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+2)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("A long article about a ceasefire. ", 20000) // ~700 kB
	_, err := db.ImportDocuments(ctx, []model.DocumentImport{{
		Doc:         model.NewDocument{Name: "big", Text: big},
		Annotations: []model.Annotation{{Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 6}}}},
	}})
	if err == nil || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), "not saved") {
		t.Fatalf("import on a full disk: %v", err)
	}
	docs, _ := db.Documents(ctx)
	if len(docs) != 1 || docs[0].ID != doc {
		t.Fatalf("documents after a failed import: %+v", docs)
	}
	var hist int
	db.db.QueryRow("SELECT count(*) FROM history").Scan(&hist)
	if hist != 0 {
		t.Fatalf("%d history rows written by a failed import", hist)
	}
	// Small edits that fit still work; after space is freed, the import too.
	if err := db.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: 0, End: 3}}}}); err != nil {
		t.Fatalf("small edit on a nearly full disk: %v", err)
	}
	db.db.Exec("PRAGMA max_page_count = 1073741823")
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "big", Text: big}}}); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Check(ctx); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", p, err)
	}
}

// A project file cut short (interrupted copy) is refused with a clear
// message and not modified; so is one with garbage after a valid header.
func TestTruncatedProjectRefusedUntouched(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		importDoc(t, db, fmt.Sprintf("%d %s", i, strings.Repeat(article, 40)))
	}
	db.Close()
	full, _ := os.ReadFile(path)
	if len(full) < 8*4096 {
		t.Fatalf("project only %d bytes", len(full))
	}
	for _, cut := range []int{len(full) / 2, len(full) - 4096, 4096, 200} {
		p := filepath.Join(t.TempDir(), "cut.margin")
		os.WriteFile(p, full[:cut], 0o644)
		_, err := Open(ctx, p)
		if err == nil {
			t.Errorf("cut at %d: opened", cut)
			continue
		}
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("cut at %d: %v", cut, err)
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, full[:cut]) {
			t.Errorf("cut at %d: file modified", cut)
		}
		if _, err := OpenReadOnly(ctx, p); err == nil {
			t.Errorf("cut at %d: OpenReadOnly accepted it", cut)
		}
	}
	// Page 2 onward overwritten with garbage: the header is fine, so it
	// opens, but check reports the damage rather than crashing.
	p := filepath.Join(t.TempDir(), "garbled.margin")
	bad := append([]byte{}, full...)
	for i := 4096; i < len(bad); i++ {
		bad[i] = byte(i * 7)
	}
	os.WriteFile(p, bad, 0o644)
	if g, err := Open(ctx, p); err == nil {
		problems, err := g.Check(ctx)
		if err == nil && len(problems) == 0 {
			t.Error("garbled file passes check")
		}
		g.Close()
	}
}

func TestBackupCopiesConsistentlyAndNeverOverwrites(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	for i := 0; i < 30; i++ {
		db.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ana", Label: "X", Fragments: []model.Fragment{{Start: i, End: i + 3}}}})
	}
	// A second handle keeps writing while the backup runs.
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		h, err := Open(ctx, path)
		if err != nil {
			done <- err
			return
		}
		defer h.Close()
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := h.CreateAnnotations(ctx, []*model.Annotation{{DocID: doc, Annotator: "ben", Label: "X", Fragments: []model.Fragment{{Start: i % 50, End: i%50 + 2}}}}); err != nil {
				done <- err
				return
			}
		}
	}()
	dst := BackupName(path, "", time.Date(2025, 3, 18, 9, 30, 0, 0, time.Local))
	if filepath.Base(dst) != "p-20250318-093000.margin" {
		t.Fatalf("backup name %s", dst)
	}
	err := db.Backup(ctx, dst)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatalf("writer during backup: %v", werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	bk, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := bk.Annotations(ctx, doc, "ana")
	if len(anns) != 30 {
		t.Fatalf("backup has %d of ana's annotations", len(anns))
	}
	if p, err := bk.Check(ctx); err != nil || len(p) > 0 {
		t.Fatalf("backup check: %v %v", p, err)
	}
	bk.Close()
	sum := fileSum(t, dst)
	if err := db.Backup(ctx, dst); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if fileSum(t, dst) != sum {
		t.Fatal("existing backup modified")
	}
	if next := BackupName(path, "", time.Date(2025, 3, 18, 9, 30, 0, 0, time.Local)); filepath.Base(next) != "p-20250318-093000-2.margin" {
		t.Fatalf("second name in the same second: %s", next)
	}
	// No temporary files left beside it.
	entries, _ := os.ReadDir(filepath.Dir(dst))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestRotateBackupsKeepsNewestPerProject(t *testing.T) {
	ctx := context.Background()
	db, _ := newProject(t)
	dir := t.TempDir()
	key, err := db.backupKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Files rotation must never touch: older-style names, another
	// project's key, anything else.
	others := []string{
		"p-20250101-000000.margin", "p-000000000000-20250101-000000.margin",
		"p.margin", "notes.txt", "p-" + key + "-2025-01-01.margin", "p-" + key + "-20251399-000000.margin",
	}
	for _, n := range others {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	var made []string
	for i := 0; i < 4; i++ {
		importDoc(t, db, strings.Repeat("x", i+1))
		p, err := db.RotatingBackup(ctx, dir, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(filepath.Base(p), "-"+key+"-") {
			t.Fatalf("backup name %s lacks the project key %s", p, key)
		}
		made = append(made, p)
	}
	if fileExists(made[0]) {
		t.Errorf("oldest of 4 backups kept with keep 3")
	}
	for _, p := range made[1:] {
		if !fileExists(p) {
			t.Errorf("%s deleted", p)
		}
	}
	for _, n := range others {
		if !fileExists(filepath.Join(dir, n)) {
			t.Errorf("%s deleted", n)
		}
	}
	if removed, _ := RotateBackups(ctx, dir, key, 0); len(removed) != 2 {
		t.Errorf("keep 0 should keep one backup, removed %v", removed)
	}
}

// withMigrations makes this build know the real migrations plus extra ones.
func withMigrations(t *testing.T, extra map[string]string) {
	t.Helper()
	m := fstest.MapFS{}
	entries, _ := fs.ReadDir(migrationFiles, "migrations")
	for _, e := range entries {
		b, _ := migrationFiles.ReadFile("migrations/" + e.Name())
		m["migrations/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	for name, body := range extra {
		m["migrations/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	old := migrations
	migrations = m
	t.Cleanup(func() { migrations = old })
}

func TestBackupBeforeMigration(t *testing.T) {
	db, path := newProject(t)
	ctx := context.Background()
	doc := importDoc(t, db, article)
	db.Close()
	n := len(migrationNames())

	// A migration that fails: the project is refused, the backup exists,
	// the file keeps its old version and content.
	withMigrations(t, map[string]string{fmt.Sprintf("%03d_broken.sql", n+1): "CREATE TABLE extra (x); THIS IS NOT SQL;"})
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("broken migration applied")
	}
	baks, _ := filepath.Glob(path + fmt.Sprintf(".bak-v%d-*", n))
	if len(baks) != 1 {
		t.Fatalf("backups: %v", baks)
	}
	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Fatal("OpenReadOnly accepted an older format")
	}
	withMigrations(t, nil)
	if chk, err := Open(ctx, path); err != nil {
		t.Fatalf("after failed migration: %v", err)
	} else {
		var tables int
		chk.db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").Scan(&tables)
		if tables != 0 {
			t.Fatal("failed migration left a table")
		}
		chk.Close()
	}

	// A good migration: backed up first, then applied.
	os.Remove(baks[0])
	withMigrations(t, map[string]string{fmt.Sprintf("%03d_extra.sql", n+1): "CREATE TABLE extra (x TEXT);"})
	up, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	up.db.QueryRow("PRAGMA user_version").Scan(&version)
	up.Close()
	if version != n+1 {
		t.Fatalf("version %d after migration", version)
	}
	baks, _ = filepath.Glob(path + fmt.Sprintf(".bak-v%d-*", n))
	if len(baks) != 1 {
		t.Fatalf("backups: %v", baks)
	}
	withMigrations(t, nil) // the backup is the old format: this build opens it
	old, err := Open(ctx, baks[0])
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	old.db.QueryRow("PRAGMA user_version").Scan(&version)
	if d, err := old.Document(ctx, doc); err != nil || d.Text != article || version != n {
		t.Fatalf("backup: version %d, %v", version, err)
	}
	// Opening an up-to-date file makes no backup.
	again, _ := Open(ctx, baks[0])
	again.Close()
	if more, _ := filepath.Glob(baks[0] + ".bak-*"); len(more) != 0 {
		t.Fatalf("backup of an up-to-date file: %v", more)
	}
}
