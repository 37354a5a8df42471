package ui

import (
	"context"
	"image/color"

	"github.com/margin-app/margin/model"
)

// Blind mode on a server project (issue 17): an annotator reads only
// their own layer until the lead turns it off. Without a word, Compare
// offered only their own layer ("Tick two or more layers"), an export of
// a colleague's layer was empty and agreement was over no one, which
// reads as "nobody else has annotated". The window says so in a banner,
// read when the window starts listening and again after every change of
// everything (the server sends one when blind mode is switched).

// layerHider is a store that knows whether colleagues' layers are hidden
// from it (postgres.DB.LayersHidden).
type layerHider interface {
	LayersHidden(ctx context.Context) (bool, error)
}

// blindText is the banner shown while colleagues' layers are hidden.
const blindText = "Blind mode: your colleagues' layers, statuses and gold are hidden from you until the lead turns it off."

// readLayersHidden reads, on a goroutine of its own, whether colleagues'
// layers are hidden, and shows or removes the banner. Not through the
// edit controller's queue: with this read queued there as the window
// started listening, the real window never showed the document's label
// row (relevance: …), in 3 runs of 3 of TestRealWindowOnPostgresURL; why
// was not found (showDocLabels reads through ReadNow, which queues
// behind it).
func (w *Window) readLayersHidden() {
	h, ok := storeAs[layerHider](w.store)
	if !ok {
		return
	}
	post := w.live.post
	if post == nil {
		post = postLive
	}
	// Reads may answer out of order (one at the start, one when the
	// listener connects): only the latest one's answer is shown.
	w.live.hiddenReads++
	n := w.live.hiddenReads
	go func() {
		hidden, err := h.LayersHidden(w.ctx)
		if err == nil {
			post(func() {
				if n == w.live.hiddenReads {
					w.setLayersHidden(hidden)
				}
			})
		}
	}()
}

// setLayersHidden shows the blind-mode banner, or removes it.
func (w *Window) setLayersHidden(on bool) {
	if w.live.hidden == on {
		return
	}
	w.live.hidden = on
	if w.live.blindBanner != nil {
		w.banner.Remove(w.live.blindBanner)
		w.live.blindBanner = nil
	}
	if on {
		w.live.blindBanner = bannerBox(color.NRGBA{R: 0x2f, G: 0x55, B: 0x80, A: 255}, blindText)
		w.banner.Add(w.live.blindBanner)
	}
	w.bannersChanged()
	if w.review != nil && w.mode != modeAnnotate {
		w.review.showSummary()
	}
}

// LayersHiddenBanner is the blind-mode banner's text, "" when none shows
// (tests).
func (w *Window) LayersHiddenBanner() string {
	if w.live.hidden {
		return blindText
	}
	return ""
}

// memberKind is the team member's kind on a server project (annotator,
// curator, lead), "" for a project file or the project's owner. It is
// what the server said when the project was opened: no I/O.
func memberKind(s model.Store) string {
	k, ok := storeAs[interface{ Kind() string }](s)
	if !ok {
		return ""
	}
	return k.Kind()
}
