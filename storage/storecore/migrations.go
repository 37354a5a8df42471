package storecore

import (
	"io/fs"
	"sort"
)

// MigrationNames lists a store's embedded migration files (the dir
// folder of fsys) in the order they apply.
func MigrationNames(fsys fs.FS, dir string) []string {
	entries, _ := fs.ReadDir(fsys, dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}
