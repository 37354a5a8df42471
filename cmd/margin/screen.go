package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// screenSize is the primary monitor's work area (the screen less the
// desktop's panels) in Fyne's units, or zero when it is not known. Fyne
// has no API for it; its desktop driver is GLFW, which it has initialised
// once a window is made (call after a.NewWindow, on the main goroutine,
// before the event loop runs). Only cmd/margin imports the driver.
func screenSize(a fyne.App) (size fyne.Size) {
	defer func() {
		if recover() != nil { // GLFW not initialised (no display): not known
			size = fyne.Size{}
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		if v := m.GetVideoMode(); v != nil {
			w, h = v.Width, v.Height
		}
	}
	scale := a.Settings().Scale()
	if scale <= 0 {
		scale = 1
	}
	return fyne.NewSize(float32(w)/scale, float32(h)/scale)
}
