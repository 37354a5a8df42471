// Command margin is the Margin research annotator: with no arguments it
// opens the window; its subcommands script the same project files.
package main

import (
	"fmt"
	"os"
	"strings"

	_ "github.com/margin-app/margin/internal/clocale" // before Fyne reads the locale
)

func main() {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		// One line on stderr, as scripts expect.
		fmt.Fprintln(os.Stderr, "margin: "+strings.ReplaceAll(err.Error(), "\n", "; "))
		os.Exit(1)
	}
}
