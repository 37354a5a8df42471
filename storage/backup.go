package storage

import (
	"context"
	"database/sql"
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
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup %s: %w", dst, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer func() {
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(tmpName + suffix)
		}
	}()
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
	// Never over a dst that appeared meanwhile: a hard link, or where the
	// file system has none (exFAT, FAT, SMB) rename with RENAME_NOREPLACE.
	if err := safefile.Publish(tmpName, dst, false); err != nil {
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
	return dconn.Raw(func(d any) error {
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

// RotatingBackup writes a new backup of the project into dir (created when
// missing) and then keeps only the newest keep backups of each project
// there (see RotateBackups). It returns the new backup's path. The GUI calls
// it, e.g. on opening a project and every so often while it is open.
func (s *DB) RotatingBackup(ctx context.Context, dir string, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	name := BackupName(s.path, dir, time.Now())
	if err := s.Backup(ctx, name); err != nil {
		return "", err
	}
	if _, err := RotateBackups(dir, keep); err != nil {
		return name, err
	}
	return name, nil
}

var backupRE = regexp.MustCompile(`^(.+)-(\d{8}-\d{6})(?:-(\d+))?\.margin$`)

// RotateBackups deletes old backups in dir, keeping the newest keep of each
// project. Only files named like BackupName's (NAME-YYYYmmdd-HHMMSS[-N].margin)
// are considered; anything else in dir is left alone. keep < 1 is treated
// as 1: rotation never deletes a project's last backup. It returns the
// deleted paths.
func RotateBackups(dir string, keep int) ([]string, error) {
	if keep < 1 {
		keep = 1
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("rotate backups in %s: %w", dir, err)
	}
	type backup struct {
		name, stamp string
		n           int
	}
	groups := map[string][]backup{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := backupRE.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		if _, err := time.Parse(backupStamp, m[2]); err != nil {
			continue
		}
		n := 1
		if m[3] != "" {
			n, _ = strconv.Atoi(m[3])
		}
		groups[m[1]] = append(groups[m[1]], backup{e.Name(), m[2], n})
	}
	var removed []string
	var errs []error
	for _, bs := range groups {
		sort.Slice(bs, func(i, j int) bool {
			if bs[i].stamp != bs[j].stamp {
				return bs[i].stamp > bs[j].stamp
			}
			return bs[i].n > bs[j].n
		})
		for _, b := range bs[min(keep, len(bs)):] {
			p := filepath.Join(dir, b.name)
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
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
