//go:build !linux

package storage

// networkFileSystem cannot tell on this system.
func networkFileSystem(path string) string { return "" }
