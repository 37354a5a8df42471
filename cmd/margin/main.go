// Command margin is the Margin research annotator: with no arguments it
// opens the window; its subcommands script the same project files.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "github.com/margin-app/margin/internal/clocale" // before Fyne reads the locale
)

func main() {
	// Ctrl+C (or SIGTERM) cancels the command's context: an import rolls
	// back and leaves the project as it was, an export stops. A second
	// signal, or 3 s without the command returning (the window does not
	// watch the context), ends the process as before.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
		time.Sleep(3 * time.Second)
		os.Exit(130)
	}()
	root := newRootCmd()
	if err := root.ExecuteContext(ctx); err != nil {
		// One line on stderr, as scripts expect.
		fmt.Fprintln(os.Stderr, "margin: "+strings.ReplaceAll(err.Error(), "\n", "; "))
		os.Exit(1)
	}
}
