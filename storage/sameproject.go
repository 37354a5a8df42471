package storage

import (
	"errors"
	"os"
)

// ErrSameProject is wrapped when a project is merged into itself: besides
// being meaningless, it would open the open project a second time.
var ErrSameProject = errors.New("is the open project itself; merge a colleague's copy instead")

// sameFile reports whether a and b are one file (os.SameFile); it only
// stats.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
