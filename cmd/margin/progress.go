package main

import (
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// progress is a progress bar on stderr, shown only when stderr is a
// terminal: scripts and tests that read stderr never see it. A nil
// *progress does nothing, so callers need no checks.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a bar described by desc (sizes in bytes when bytes
// is set), or nil when stderr is not a terminal.
func newProgress(cmd *cobra.Command, desc string, bytes bool) *progress {
	f, ok := cmd.ErrOrStderr().(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowCount())
	}
	return &progress{bar: progressbar.NewOptions64(-1, opts...)}
}

// update moves the bar to done of total.
func (p *progress) update(done, total int64) {
	if p == nil {
		return
	}
	if total > 0 && p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	p.bar.Set64(done)
}

// bytesFunc is update as a formats.ImportOptions.Progress (nil: none).
func (p *progress) bytesFunc() func(done, total int64) {
	if p == nil {
		return nil
	}
	return p.update
}

// countFunc is update as a dataset.Export progress callback (nil: none).
func (p *progress) countFunc() func(done, total int) {
	if p == nil {
		return nil
	}
	return func(done, total int) { p.update(int64(done), int64(total)) }
}

// finish removes the bar, leaving the terminal as it was.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.bar.Finish()
}
