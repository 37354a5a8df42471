package ui

import "time"

// frameWait is how long an undo's or a redo's key waits for the store
// calls it queued, so that what they changed shows in the frame of the
// key (editctl.Await): it showed one 60 Hz tick later, 16.7 ms, although
// the store took 2-4 ms. A store call slower than this (a big step, a
// busy disk, a server far away) shows as before, when it is done; the
// frame of the key is then at most this much later. Edits need no wait:
// the controller shows them before their write.
const frameWait = 8 * time.Millisecond

// inOneFrame runs a key's action and, when no store call was
// in flight before it, waits up to frameWait for those it queued (while
// earlier writes are still running, a wait would take their time too).
func (w *Window) inOneFrame(run func()) {
	idle := w.ctl.Idle()
	run()
	if idle {
		w.ctl.Await(frameWait)
	}
}
