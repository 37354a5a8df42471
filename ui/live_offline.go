package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/model"
)

// A team project's lost connection: a banner says so and how many edits
// wait in the offline queue (storage/offlinequeue), which sends them when
// the server is back; edits made meanwhile say "queued", never "saved".

// offlineQueue is what a store with an offline queue offers (the
// offlinequeue.Store cmd/margin wraps a server project in).
type offlineQueue interface {
	// WatchQueue calls fn with the queue's state at once and at each
	// change until ctx ends; refused is set once for an edit the server
	// refused when the queue sent it.
	WatchQueue(ctx context.Context, fn func(offline bool, waiting int, refused error))
}

type queueState struct {
	offline bool
	waiting int
}

// queueChanged takes the queue's news on the UI goroutine.
func (w *Window) queueChanged(st queueState, refused error) {
	was := w.live.queue
	w.live.queue = st
	w.showOffline()
	if refused != nil {
		w.showError(fmt.Errorf("an edit made while offline was refused by the server when it was sent, and is kept in the offline queue: %w", refused))
		w.live.layer = true
	}
	if was.waiting > 0 && st.waiting == 0 {
		// Everything made offline is on the server now: read it back as
		// the server has it (its stamps, the ids it gave), and the
		// status bar may say saved.
		w.noteChange(changeAll)
		if what, ok := strings.CutPrefix(w.lastSaved, queuedPrefix); ok && refused == nil {
			w.lastSaved = "saved (sent once the server was back) · " + what
			w.updateStatus()
		}
	}
	w.applyLive()
}

// OfflineBanner is the banner's text, "" when none shows (tests).
func (w *Window) OfflineBanner() string {
	if w.live.removed {
		return removedText
	}
	return offlineText(w.live.offline || w.live.queue.offline, w.live.queue.waiting)
}

// removedText is the banner of a member the lead removed from the team:
// not "offline", since no reconnection will come.
const removedText = "Your membership in this project was removed: the server no longer accepts your login, so nothing you change here can be saved. The lead can add you again; then open the project with the new URL."

func offlineText(offline bool, waiting int) string {
	switch {
	case offline && waiting == 0:
		return "offline: Margin reconnects by itself; edits you make meanwhile are kept on this computer and sent in order when the server is back."
	case offline:
		return fmt.Sprintf("offline: %s waiting. Margin reconnects by itself; edits are kept on this computer and sent in order when the server is back.", model.Plural(waiting, "edit", "edits"))
	case waiting > 0:
		return fmt.Sprintf("back online: sending %s made offline…", model.Plural(waiting, "edit", "edits"))
	}
	return ""
}

// showOffline shows, changes or removes the banner.
func (w *Window) showOffline() {
	text := w.OfflineBanner()
	if w.live.banner != nil {
		w.banner.Remove(w.live.banner)
		w.live.banner = nil
	}
	if text != "" {
		w.live.banner = bannerBox(color.NRGBA{R: 0xa0, G: 0x30, B: 0x30, A: 255}, text)
		w.banner.Add(w.live.banner)
	}
	w.bannersChanged()
}

// bannersChanged lays the window out again after a banner came or went:
// refreshing the banners' box alone leaves the window's layout as it was
// (a blank strip where a removed banner was, or a new one drawn over the
// columns until something else relaid the window). Laid out, not
// refreshed: a Refresh of the window's body reached its theme overrides
// (the article's, the right-hand panes'), each applied again, which loads
// the fonts again and has every text of the window shaped again
// (themescope.go).
func (w *Window) bannersChanged() {
	w.banner.Refresh()
	switch b := w.shell.body.(type) {
	case *fyne.Container:
		b.Layout.Layout(b.Objects, b.Size())
	case nil:
	default:
		b.Refresh()
	}
}

const queuedPrefix = "queued (offline), not saved yet · "

// lastWriteQueued says whether the write just done (its result being
// applied) went to the offline queue rather than to the server.
func (w *Window) lastWriteQueued() bool { return strings.HasPrefix(w.lastSaved, queuedPrefix) }

// queued reports an edit kept in the offline queue (editctl Queued).
func (w *Window) queued(what string) {
	w.notSaved = false
	w.lastSaved = queuedPrefix + what
	w.updateStatus()
}

// askUnsent asks before closing while edits made offline wait in the
// queue, and reports whether it asked: they are kept on this computer
// and sent when the project is next opened here, not lost, but not on
// the server for colleagues yet either.
func (w *Window) askUnsent() bool {
	n := w.live.queue.waiting
	if n == 0 || w.live.closeUnsent {
		return false
	}
	showConfirm("Edits not sent yet",
		fmt.Sprintf("%d edits made while the server was out of reach are kept on this computer,\n"+
			"not on the server yet: colleagues do not see them. They are sent the next\n"+
			"time you open this project here.\n\nClose anyway?", n),
		func(ok bool) {
			if ok {
				w.live.closeUnsent = true
				w.closeOrAsk()
			}
		}, w.win)
	return true
}
