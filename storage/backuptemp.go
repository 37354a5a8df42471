package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// createBackupTemp creates the empty file a backup of dst is written to,
// beside dst, with the mode a project file gets when SQLite creates it
// (0644 less the umask): os.CreateTemp makes 0600, so a saved copy or a
// backup could not be read by the colleagues a project file can.
func createBackupTemp(dst string) (string, error) {
	for i := 0; ; i++ {
		name := filepath.Join(filepath.Dir(dst), fmt.Sprintf(".%s.%d.%d.tmp", filepath.Base(dst), os.Getpid(), rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return "", err
		}
		return name, f.Close()
	}
}
