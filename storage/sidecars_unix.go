//go:build unix

package storage

import (
	"os"
	"syscall"
)

// shmDMSByte is the byte of a -shm file that SQLite's unix VFS keeps a
// shared lock on for as long as a connection (of any process) has the
// -shm open ("DMS", the dead-man switch, in sqlite3's os_unix.c).
const shmDMSByte = 128

// removeUnusedSidecars removes path's -wal and -shm that a read-only
// open created (a read-only connection cannot delete them on close, as
// a writer does), when nobody uses them: the -wal holds nothing and an
// exclusive lock on the -shm's DMS byte is granted, which SQLite itself
// takes before it removes a -shm. Otherwise they stay, as they must.
func removeUnusedSidecars(path string) {
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() != 0 {
		return
	}
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close() // releases the lock
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmDMSByte, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		return // someone has the project open now: their files
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}
