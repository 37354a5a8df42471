// Package clocale keeps Fyne quiet under the "C" locale. Fyne reads the
// user's locale while its packages initialise and logs an error on stderr
// for "C"/"POSIX" (common in scripts, containers and CI), which would break
// the CLI's promise of one-line errors. Imported for its side effect by
// cmd/margin; Go initialises it before fyne.io/fyne/v2/lang because, among
// packages whose dependencies are ready, packages start in import-path
// order and this path sorts before github.com/nicksnyder/go-i18n, which
// Fyne's lang package needs first.
package clocale

import (
	"os"
	"strings"
)

func init() {
	for _, key := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(key)
		if v == "" {
			continue
		}
		base := strings.SplitN(strings.SplitN(v, ".", 2)[0], ":", 2)[0]
		if base != "C" && base != "POSIX" {
			return // a real locale: leave it alone
		}
		break
	}
	// No locale or a C locale: English is what C means for messages.
	os.Setenv("LANGUAGE", "en")
}
