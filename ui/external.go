package ui

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The project can change underneath the window: another Margin window, or
// a 'margin' command in a terminal, writes to the same file. The window
// then reloads what it shows (so that its next edit starts from the
// current state), says so when another window has the project open, and
// warns when the file is on a network file system. An edit made from an
// out-of-date copy anyway is refused by the store (model.ErrStale) and
// the window reloads instead of showing a bare error.

// externalStore is what a store offers for this (storage.DB does); a
// store without it simply gets none of it.
type externalStore interface {
	// ExternalChange reports whether someone else committed a change
	// since the previous call.
	ExternalChange(ctx context.Context) (bool, error)
	// OthersOpen describes the other live Margin windows on the project.
	OthersOpen(ctx context.Context) ([]string, error)
	// NetworkFileSystem names the network file system the project is
	// on, "" for a local disk.
	NetworkFileSystem() string
}

// externalState is the window's view of the outside.
type externalState struct {
	pending bool              // a reload waits until the user stops typing
	others  []string          // the last OthersOpen answer, shown in the banner
	box     fyne.CanvasObject // that banner, nil when not shown
}

// WatchExternal polls the store every interval until ctx ends and reloads
// the window when someone else changed the project; cmd/margin starts it
// after Load. Each poll is two small reads.
// A store that pushes changes (model.ChangeNotifier: a team project)
// is listened to instead (live.go).
func (w *Window) WatchExternal(ctx context.Context, every time.Duration) {
	if cn, ok := w.store.(model.ChangeNotifier); ok {
		w.watchLive(ctx, cn)
	}
	ext, ok := w.store.(externalStore)
	if !ok {
		return
	}
	ext.ExternalChange(ctx) // the starting point
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			changed, err := ext.ExternalChange(ctx)
			if err != nil {
				continue // a busy or vanished file shows on the next edit
			}
			var others []string
			checkOthers := n%5 == 0
			if checkOthers {
				if others, err = ext.OthersOpen(ctx); err != nil {
					checkOthers = false
				}
			}
			fyne.Do(func() {
				if checkOthers {
					w.setOthersOpen(others)
				}
				if changed || w.ext.pending {
					w.externalChanged()
				}
			})
		}
	}()
}

// externalChanged reloads after a change made elsewhere. While the user
// types in a field (a note, an attribute) the reload waits: reloading
// would replace what they are typing.
func (w *Window) externalChanged() {
	if f := w.win.Canvas().Focused(); f != nil && f != fyne.Focusable(w.view) {
		w.ext.pending = true
		w.setStatusText("the project was changed in another window or by a command; Margin reloads it when you leave this field")
		return
	}
	w.ext.pending = false
	// lastSaved leads the status line (updateStatus), so the reason
	// stays visible after the reload redraws it.
	w.lastSaved = "reloaded: the project was changed in another window or by a command"
	w.reloadFromStore()
	w.setStatusText(w.lastSaved)
	w.updateStatus()
}

// reloadFromStore re-reads schema, documents and the open document's
// layers, keeping the selected annotation selected.
// They are read in the edit queue, off the UI goroutine.
func (w *Window) reloadFromStore() {
	w.readBack(true, nil, func(err error) {
		if err != nil {
			w.setStatusText("error: " + err.Error())
			return
		}
		if w.doc == nil {
			return
		}
		w.reloadAndSelect(baseID(w.view.SelectedHighlight()))
	})
}

// handleStale turns a refused stale edit (model.ErrStale) into a reload
// and a message saying why; it reports whether err was one.
func (w *Window) handleStale(err error) bool {
	if !errors.Is(err, model.ErrStale) {
		return false
	}
	w.lastSaved = "not saved: changed meanwhile in another window or by a command; reloaded, make your change again"
	w.reloadFromStore()
	w.setStatusText(w.lastSaved)
	w.updateStatus()
	showInformation("Changed elsewhere",
		"This was changed in another Margin window or by a 'margin' command since this window showed it.\n"+
			"Your change was not saved, so that theirs is not lost. The window now shows the current version:\n"+
			"make your change again.\n\n("+err.Error()+")", w.win)
	return true
}

// externalBanners adds the banners about the project's place and the other
// windows on it (Load calls it after clearing the banner).
func (w *Window) externalBanners() {
	w.ext.box, w.ext.others = nil, nil // Load cleared the banner
	ext, ok := w.store.(externalStore)
	if !ok {
		return
	}
	if fsName := ext.NetworkFileSystem(); fsName != "" {
		w.banner.Add(bannerBox(color.NRGBA{R: 0xb0, G: 0x70, B: 0x10, A: 255},
			"This project is on a network file system ("+fsName+"). Do not open it from two computers at once: SQLite cannot lock it safely there. Copy it to a local disk to work on it."))
	}
	if others, err := ext.OthersOpen(w.ctx); err == nil {
		w.setOthersOpen(others)
	}
}

// othersBanner is the banner's text for the other windows, "" for none.
func othersBanner(others []string) string {
	if len(others) == 0 {
		return ""
	}
	return "This project is also open in " + strings.Join(others, "; ") +
		". Both can edit: this window reloads when the other saves, and an edit of something changed there is refused rather than overwriting it."
}

// setOthersOpen shows or removes the banner about other windows.
func (w *Window) setOthersOpen(others []string) {
	if strings.Join(others, "\n") == strings.Join(w.ext.others, "\n") && (w.ext.box != nil) == (len(others) > 0) {
		return
	}
	w.ext.others = others
	if w.ext.box != nil {
		w.banner.Remove(w.ext.box)
		w.ext.box = nil
	}
	if text := othersBanner(others); text != "" {
		w.ext.box = bannerBox(color.NRGBA{R: 0x30, G: 0x60, B: 0xa0, A: 255}, text)
		w.banner.Add(w.ext.box)
	}
	w.bannersChanged()
}

// OthersOpenBanner is the text of the banner about other windows, "" when
// none is shown (for tests and the status line).
func (w *Window) OthersOpenBanner() string { return othersBanner(w.ext.others) }

func bannerBox(bg color.Color, text string) fyne.CanvasObject {
	msg := widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg.Wrapping = fyne.TextWrapWord
	return container.NewStack(canvas.NewRectangle(bg), msg)
}
