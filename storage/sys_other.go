//go:build !unix

package storage

import "os"

// processRuns cannot tell here; the heartbeat then decides (see live).
func processRuns(pid int) bool { return true }

// dirWritable: without access(2), the folder's permission bits.
func dirWritable(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.Mode().Perm()&0o200 != 0
}
