//go:build !unix

package formats

// openNoBlock: opening a pipe does not block on these systems.
const openNoBlock = 0
