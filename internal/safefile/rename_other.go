//go:build !linux

package safefile

import "errors"

// Elsewhere Publish checks and renames when hard links are missing.
func renameNoReplaceOS(old, new string) error { return errors.ErrUnsupported }
