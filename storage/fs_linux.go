//go:build linux

package storage

import (
	"path/filepath"
	"syscall"
)

// Magic numbers of statfs(2)'s f_type for file systems on which SQLite's
// WAL mode is unsafe: WAL needs shared memory (the -shm file mapped by
// every process) that network file systems do not share between
// computers, and POSIX locks they often do not honour
// (https://www.sqlite.org/wal.html, "WAL does not work over a network
// filesystem").
var networkMagic = map[int64]string{
	0x6969:     "NFS",
	0x517B:     "SMB",
	0xFF534D42: "CIFS/SMB",
	0xFE534D42: "SMB2/3",
	0x65735546: "FUSE (sshfs, rclone, a cloud drive...)",
	0x5346414F: "AFS",
	0x00C36400: "Ceph",
	0x01021997: "9P",
	0x47504653: "GPFS",
	0x0BD00BD0: "Lustre",
}

// networkFileSystem names the network file system the project's folder
// is on, or "" for a local one (or when it cannot tell).
func networkFileSystem(path string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		return ""
	}
	return networkMagic[int64(st.Type)&0xFFFFFFFF]
}
