package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// The first span shown after opening waited for Fyne to load fonts.
// Fyne 2.7.1 keeps its font faces per theme scope (painter.CachedFontFace
// keys them by the object's scope), every apply of a theme override is a
// new scope, and the form's scope (prepareForms' apply) had drawn nothing
// yet: the first Tab loaded the regular, italic and bold faces in its
// frame, ~8 ms each on the bench's VM (logged from a Fyne build
// instrumented in a scratch copy; BENCHMARKS, tenth round).
//
// fontWarmers are one transparent character in each of those styles,
// themed with the form's scope (prepareForms) and drawn outside the form,
// in the status bar's row, so that a frame soon after the document
// shows (warmAfter, layer.go) loads the faces, before the user's first
// key. A key sent the moment the text shows (bench/gui.py's first Tab)
// still meets the loads in its frame.

// fontWarmers holds the characters and the layer that draws them.
type fontWarmers struct {
	layer *fyne.Container
	texts []fyne.CanvasObject
}

func newFontWarmers() *fontWarmers {
	f := &fontWarmers{layer: container.NewWithoutLayout()}
	for _, style := range []fyne.TextStyle{{}, {Italic: true}, {Bold: true}} {
		t := canvas.NewText("x", color.Transparent)
		t.TextStyle = style
		t.Resize(fyne.NewSize(1, 1))
		f.texts = append(f.texts, t)
	}
	return f
}

// show draws the characters from the next frame on. They stay: three
// transparent glyphs a frame cost nothing measurable, and taking them
// away would need a timer that outlives no window.
func (f *fontWarmers) show() {
	if len(f.layer.Objects) > 0 {
		return
	}
	f.layer.Objects = f.texts
	f.layer.Refresh()
}
