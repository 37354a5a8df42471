package ui

import (
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
// default when none is kept) and keeps them for SaveLayout.
func (w *Window) rememberSplits(splits ...namedSplit) {
	p := prefs()
	for _, s := range splits {
		if p != nil {
			if v := p.FloatWithFallback("split."+s.name, s.split.Offset); v > 0.05 && v < 0.95 {
				s.split.Offset = v
			}
		}
	}
	w.shell.splits = splits
}

// SaveLayout remembers the window size and the split positions (called
// when the window closes).
func (w *Window) SaveLayout() {
	p := prefs()
	if p == nil {
		return
	}
	for _, s := range w.shell.splits {
		p.SetFloat("split."+s.name, s.split.Offset)
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
