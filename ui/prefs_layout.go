package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// namedSplit is a split whose position is remembered under its name.
type namedSplit struct {
	name  string
	split *container.Split
}

// Default split positions: the document list, the article and the
// right-hand panes; the Labels panel shows a whole default schema (9
// labels) and the annotation list several rows above the inspector.
const (
	splitMain     = 0.16 // documents | the rest
	splitInner    = 0.70 // article | right-hand panes
	splitRight    = 0.42 // Labels | annotations and inspector
	splitAnnotate = 0.36 // annotations | inspector
)

// Window size when none is remembered (and the least one restored).
var (
	DefaultWindowSize = fyne.NewSize(1280, 800)
	minRestoredSize   = fyne.NewSize(640, 480)
)

const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

// rememberSplits sets each split's position from the preferences (the
// default when none is kept) and keeps them for SaveLayout. The columns'
// splits get them as the wanted positions: one kept at a wider window
// and that no longer fits is narrowed by fitColumns, not taken as is.
func (w *Window) rememberSplits(splits ...namedSplit) {
	p := prefs()
	for _, s := range splits {
		if p != nil {
			if v := p.FloatWithFallback("split."+s.name, s.split.Offset); v > 0.05 && v < 0.95 {
				s.split.Offset = v
			}
		}
	}
	if c := w.shell.cols; c != nil {
		c.wantMain, c.wantInner = c.main.Offset, c.inner.Offset
		c.setMain, c.setInner = c.main.Offset, c.inner.Offset
	}
	w.shell.splits = splits
}

// layoutSaveDelay is how long the splits and window size must stay put
// before they are saved: a drag or a resize moves them many times a
// second, and a crash or a kill must not lose a layout the user settled on.
//
// A variable for the tests: Fyne's test driver runs fyne.Do on the
// calling goroutine, so the delayed save (a timer's goroutine) would run
// beside a test's resizes, which the app's event loop never allows.
var layoutSaveDelay = 700 * time.Millisecond

// layoutChanged saves the layout once it has stayed the same for
// layoutSaveDelay (called whenever a pane changes size).
func (w *Window) layoutChanged() {
	if w.shell.layoutSave != nil {
		w.shell.layoutSave.Stop()
	}
	w.shell.layoutSave = time.AfterFunc(layoutSaveDelay, func() { fyne.Do(w.SaveLayout) })
}

// SaveLayout remembers the window size and the split positions (a moment
// after they change, and when the window closes).
func (w *Window) SaveLayout() {
	p := prefs()
	if p == nil {
		return
	}
	for _, s := range w.shell.splits {
		v := w.shell.cols.want(s)
		// The right-hand column's splits: the position the user gave,
		// not one they were fitted to (panes_right.go).
		switch {
		case s.split == w.shell.labelsSplit:
			v = userOffset(s.split, splitRight, w.shell.labelsAuto, &w.shell.labelsUser)
		case s.split == w.shell.annotateSplit:
			v = userOffset(s.split, splitAnnotate, w.shell.annotateAuto, &w.shell.annotateUser)
		}
		if v > 0.05 && v < 0.95 {
			p.SetFloat("split."+s.name, v)
		}
	}
	if sz := w.win.Canvas().Size(); sz.Width > 0 && sz.Height > 0 {
		p.SetFloat(prefWindowWidth, float64(sz.Width))
		p.SetFloat(prefWindowHeight, float64(sz.Height))
	}
}

// WindowSize is the window size to open with: the one remembered, else
// DefaultWindowSize.
func WindowSize(p fyne.Preferences) fyne.Size {
	w := float32(p.FloatWithFallback(prefWindowWidth, float64(DefaultWindowSize.Width)))
	h := float32(p.FloatWithFallback(prefWindowHeight, float64(DefaultWindowSize.Height)))
	if w < minRestoredSize.Width || h < minRestoredSize.Height {
		return DefaultWindowSize
	}
	return fyne.NewSize(w, h)
}

// FitToScreen is size made to fit a screen (the monitor's work area, in
// Fyne's units) of screen: a window size remembered on a larger monitor
// (1280×800 kept, then opened on a 1024×640 screen) put the right-hand
// pane, the ☰ menu and the status bar off the screen. A zero screen (not
// known) leaves size as it is.
func FitToScreen(size, screen fyne.Size) fyne.Size {
	if screen.Width > 0 {
		size.Width = min(size.Width, screen.Width)
	}
	if screen.Height > 0 {
		size.Height = min(size.Height, screen.Height)
	}
	return size
}
