package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"github.com/margin-app/margin/internal/safefile"
)

// migrations is where migrate reads the numbered .sql files (under
// "migrations/"). Tests replace it to exercise a migration this build does
// not have yet.
var migrations fs.FS = migrationFiles

// backupStamp is the timestamp layout of backup names (local time, sortable).
const backupStamp = "20060102-150405"

// Backup copies the project, as of one consistent moment, to a new file dst
// with SQLite's online backup API: writers may go on meanwhile (WAL), and
// the copy includes what is still in the WAL. An existing dst is never
// overwritten; the copy is written beside dst under a temporary name and
// linked into place only when complete, so a failed backup leaves nothing.
func (s *DB) Backup(ctx context.Context, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("backup %s: file already exists; choose another name or remove it first", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", dst, err)
	}
	tmpName, err := createBackupTemp(dst)
	if err != nil {
		return fmt.Errorf("backup %s: %w", dst, err)
	}
	defer safefile.RemoveMade(tmpName)
	if err := s.backupTo(ctx, tmpName); err != nil {
		return fmt.Errorf("backup %s: %w", dst, friendly(s.path, err))
	}
	if f, err := os.OpenFile(tmpName, os.O_RDWR, 0); err == nil {
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("backup %s: %w", dst, err)
		}
	}
	return placeNew(tmpName, dst)
}

// link is os.Link; tests replace it to act as a file system without hard
// links.
var link = os.Link

// placeNew moves the finished file tmp to the new name dst, never
// replacing a file someone else put there meanwhile: a hard link fails if
// dst exists. Where the file system has no hard links (FAT, exFAT, some
// SMB shares) dst is reserved by creating it exclusively, then tmp is
// renamed over that empty placeholder of our own.
func placeNew(tmp, dst string) error {
	err := link(tmp, dst)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup %s: file already exists; choose another name or remove it first", dst)
	}
	f, err2 := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err2 != nil {
		return fmt.Errorf("backup %s: %w (and %v)", dst, err2, err)
	}
	f.Close()
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("backup %s: %w", dst, err)
	}
	return nil
}

// backupTo copies the main database of s into the (empty) SQLite file path.
func (s *DB) backupTo(ctx context.Context, path string) error {
	ddb, err := sql.Open("sqlite3", dsn(path, "mode=rw&_busy_timeout=5000"))
	if err != nil {
		return err
	}
	defer ddb.Close()
	dconn, err := ddb.Conn(ctx)
	if err != nil {
		return err
	}
	defer dconn.Close()
	sconn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()
	err = dconn.Raw(func(d any) error {
		return sconn.Raw(func(src any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := src.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return fmt.Errorf("unexpected driver connection %T", src)
			}
			bk, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				// -1: copy every page in one step, under one read
				// transaction, so the copy is one consistent snapshot.
				done, err := bk.Step(-1)
				if err != nil {
					bk.Finish()
					return err
				}
				if done {
					break
				}
				if err := ctx.Err(); err != nil {
					bk.Finish()
					return err
				}
				if time.Now().After(deadline) {
					bk.Finish()
					return fmt.Errorf("the project stayed locked for 30 s")
				}
				time.Sleep(20 * time.Millisecond)
			}
			return bk.Finish()
		})
	})
	if err != nil {
		return err
	}
	// The copy is a project nobody has open: the registrations of live
	// windows (instances.go) came along with the pages and would make
	// 'margin check' on the copy, or a window opening it, say another
	// window has it open.
	_, err = dconn.ExecContext(ctx, `DELETE FROM project WHERE substr(key, 1, length(?)) = ?`, instancePrefix, instancePrefix)
	return err
}

// BackupName is the default name of a backup of project made at t:
// DIR/NAME-YYYYmmdd-HHMMSS.margin, where NAME is the project file's name
// without ".margin" and DIR is dir, or the project's folder when dir is "".
// When that name is taken, -2, -3, ... is appended to the stamp.
func BackupName(project, dir string, t time.Time) string {
	if dir == "" {
		dir = filepath.Dir(project)
	}
	base := strings.TrimSuffix(filepath.Base(project), ".margin")
	name := filepath.Join(dir, base+"-"+t.Format(backupStamp)+".margin")
	for i := 2; fileExists(name); i++ {
		name = filepath.Join(dir, base+"-"+t.Format(backupStamp)+"-"+strconv.Itoa(i)+".margin")
	}
	return name
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// RotatingBackup keeps dir (created when missing) holding a recent copy
// of the project: it writes a new backup there unless the newest good one
// already has the project's current content (nothing changed since), and
// then keeps only the newest keep good backups of this project (see
// RotateBackups). It returns the path of the backup that holds the
// current content. The GUI calls it when a project opens and every so
// often while it is open.
//
// Backups of all projects share dir, so each is named after the project's
// identity, not only its file name: NAME-KEY-STAMP.margin, where KEY
// (backupKey) tells apart two corpus.margin in different folders, and a
// project from a copy of it.
func (s *DB) RotatingBackup(ctx context.Context, dir string, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	s.sess.backupMu.Lock()
	defer s.sess.backupMu.Unlock()
	key, err := s.backupKey(ctx)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	changes, err := s.ChangeCount(ctx)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if last := s.sess.lastBackup; last.path != "" && last.changes == changes && last.unchanged() {
		return last.path, nil // nothing changed since this handle's last backup
	}
	if newest, ok := newestGoodBackup(ctx, dir, key); ok && newest.changes == changes {
		s.sess.lastBackup = verifiedBackup(newest.path, changes)
		return newest.path, nil // nothing changed since: no copy of a copy
	}
	name := rotatingBackupName(s.path, key, dir, time.Now())
	if err := s.Backup(ctx, name); err != nil {
		return "", err
	}
	if _, err := checkBackup(ctx, name); err != nil {
		// A backup that does not read back is no backup; rotating would
		// count it as one. Remove it and leave the older ones alone.
		os.Remove(name)
		return "", fmt.Errorf("backup %s: the new copy does not read back (%v); older backups were kept", name, err)
	}
	s.sess.lastBackup = verifiedBackup(name, changes)
	if _, err := RotateBackups(ctx, dir, key, keep); err != nil {
		return name, err
	}
	return name, nil
}

// lastBackup is the backup a handle last made or checked, so that the
// periodic RotatingBackup of an unchanged project costs a stat, not a
// quick check reading the whole copy.
type lastBackup struct {
	path    string
	changes int64
	size    int64
	mod     time.Time
}

func verifiedBackup(path string, changes int64) lastBackup {
	st, err := os.Stat(path)
	if err != nil {
		return lastBackup{}
	}
	return lastBackup{path: path, changes: changes, size: st.Size(), mod: st.ModTime()}
}

// unchanged says whether the file is still the one that was checked.
func (b lastBackup) unchanged() bool {
	st, err := os.Stat(b.path)
	return err == nil && st.Size() == b.size && st.ModTime().Equal(b.mod)
}

// backupKey is the part of a rotating backup's name that identifies the
// project: 12 hex digits of SHA-256 over the project's own id (made on
// first use, kept in the file) and its absolute path. The id tells apart
// two projects that lived at one path in turn, the path a project and a
// copy of it; a moved project starts a new series and its old backups are
// left alone, never rotated away by another's.
func (s *DB) backupKey(ctx context.Context) (string, error) {
	id, err := s.projectID(ctx)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(s.path)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(id + "\x00" + abs))
	return hex.EncodeToString(sum[:6]), nil
}

// projectID is the project's own id (the project table's "id" row), made
// when first asked for. It is bookkeeping, not content: making it does
// not move the change counter.
func (s *DB) projectID(ctx context.Context) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM project WHERE key = 'id'`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("project id: %w", err)
	}
	err = s.metaTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO project (key, value) VALUES ('id', ?)`, uuid.NewString())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("project id: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM project WHERE key = 'id'`).Scan(&id); err != nil {
		return "", fmt.Errorf("project id: %w", err)
	}
	return id, nil
}

// rotatingBackupName is DIR/NAME-KEY-YYYYmmdd-HHMMSS[-N].margin.
func rotatingBackupName(project, key, dir string, t time.Time) string {
	base := strings.TrimSuffix(filepath.Base(project), ".margin") + "-" + key
	return BackupName(filepath.Join(dir, base+".margin"), dir, t)
}

// rotatingRE matches a rotating backup's name: NAME, KEY, stamp, number.
var rotatingRE = regexp.MustCompile(`^(.+)-([0-9a-f]{12})-(\d{8}-\d{6})(?:-(\d+))?\.margin$`)

type backupFile struct {
	path, stamp string
	n           int
	changes     int64 // the project's change counter as of the copy
}

// backupsOf lists dir's rotating backups of the project key, newest first.
func backupsOf(dir, key string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []backupFile
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := rotatingRE.FindStringSubmatch(e.Name())
		if m == nil || m[2] != key {
			continue
		}
		if _, err := time.Parse(backupStamp, m[3]); err != nil {
			continue
		}
		n := 1
		if m[4] != "" {
			n, _ = strconv.Atoi(m[4])
		}
		out = append(out, backupFile{path: filepath.Join(dir, e.Name()), stamp: m[3], n: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].stamp != out[j].stamp {
			return out[i].stamp > out[j].stamp
		}
		return out[i].n > out[j].n
	})
	return out, nil
}

// newestGoodBackup is the newest of key's backups in dir that reads back.
func newestGoodBackup(ctx context.Context, dir, key string) (backupFile, bool) {
	bs, err := backupsOf(dir, key)
	if err != nil {
		return backupFile{}, false
	}
	for _, b := range bs {
		if changes, err := checkBackup(ctx, b.path); err == nil {
			b.changes = changes
			return b, true
		}
	}
	return backupFile{}, false
}

// checkBackup opens a backup read-only (immutable: a finished backup is
// never written, and nothing is created beside it), runs SQLite's quick
// check and returns the change counter it holds; an error means the file
// cannot serve as a backup.
func checkBackup(ctx context.Context, path string) (int64, error) {
	db, err := sql.Open("sqlite3", dsn(path, "mode=ro&immutable=1"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var appID int
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, err
	}
	if appID != ApplicationID {
		return 0, ErrNotProject
	}
	var problems []string
	err = eachRow(ctx, db, `PRAGMA quick_check`, nil, func(rows *sql.Rows) error {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; "))
	}
	return changeCount(ctx, db)
}

// RotateBackups deletes old backups of the project key in dir, keeping the
// newest keep that pass SQLite's quick check (keep < 1 is taken as 1).
// Backups of other projects, damaged backups newer than the last one kept,
// and any file not named like a rotating backup are left alone; nothing
// is deleted unless a good backup is kept. It returns the deleted paths.
func RotateBackups(ctx context.Context, dir, key string, keep int) ([]string, error) {
	if keep < 1 {
		keep = 1
	}
	bs, err := backupsOf(dir, key)
	if err != nil {
		return nil, fmt.Errorf("rotate backups in %s: %w", dir, err)
	}
	good, i := 0, 0
	for ; i < len(bs) && good < keep; i++ {
		if _, err := checkBackup(ctx, bs[i].path); err == nil {
			good++
		}
	}
	if good == 0 {
		return nil, nil
	}
	var removed []string
	var errs []error
	for _, b := range bs[i:] {
		if err := os.Remove(b.path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, b.path)
	}
	sort.Strings(removed)
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("rotate backups in %s: %w", dir, err)
	}
	return removed, nil
}

// migrationBackupName is where the copy made before upgrading a project
// from file format version is written: beside it, NAME.bak-vVERSION-STAMP.
func migrationBackupName(project string, version int, t time.Time) string {
	base := fmt.Sprintf("%s.bak-v%d-%s", project, version, t.Format(backupStamp))
	name := base
	for i := 2; fileExists(name); i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	return name
}

// backupBeforeMigration copies the project before its file format is
// upgraded, so an upgrade never costs the user their only copy.
func (s *DB) backupBeforeMigration(ctx context.Context, version int) error {
	name := migrationBackupName(s.path, version, time.Now())
	if err := s.Backup(ctx, name); err != nil {
		return fmt.Errorf("backup before upgrading the file format (nothing was changed): %w", err)
	}
	return nil
}
