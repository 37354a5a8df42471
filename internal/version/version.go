// Package version holds the version Margin reports (margin --version, the
// About dialog). Release builds set it from git describe:
//
//	go build -ldflags "-X github.com/margin-app/margin/internal/version.Version=$(git describe --tags --always --dirty)"
//
// (the Makefile's build does); any other build says "dev".
package version

// Version is set at link time; "dev" otherwise.
var Version = "dev"

// String is Version, never empty (an -X with an empty value would be).
func String() string {
	if Version == "" {
		return "dev"
	}
	return Version
}
