package ui

import (
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// Fyne destroys the renderer of a widget that has not been drawn or
// measured for a minute (fyne v2.7.1 internal/cache/base.go,
// ValidDuration), and with it the theme override applied to the widget.
// The inspector keeps a form for each label and shows one at a time: a
// label not met for a minute lost its form's theme, and showing it again
// applied the body's theme scope anew, each time loading the fonts again
// (about 20 MB that stay) and having the next frame shape every text of
// the window (themescope.go). In a 1,000-action soak (bench/gui.py) the
// process grew to 785 MB, 250 MB of it fonts. So the kept forms are
// measured every keepAlivePeriod, which tells Fyne's cache they are in
// use: a few microseconds of cached text sizes.
func keepAlivePeriod() time.Duration {
	valid := time.Minute
	// FYNE_CACHE sets Fyne's ValidDuration (internal/cache/base.go).
	if d, err := time.ParseDuration(os.Getenv("FYNE_CACHE")); err == nil && d > 0 {
		valid = d
	}
	return valid / 3
}

// keepAlivePost runs the measuring on the UI goroutine (nil: never, as
// under the test driver, whose fyne.Do runs on the timer's goroutine).
var keepAlivePost = fyne.Do

// keepFormsAlive starts measuring the kept forms every keepAlivePeriod,
// through keepAlivePost, until the window closes.
func (in *inspector) keepFormsAlive() {
	post := keepAlivePost
	if post == nil || in.keeping {
		return
	}
	in.keeping = true
	every := keepAlivePeriod()
	var tick func()
	tick = func() {
		post(func() {
			if in.w.closed {
				return
			}
			in.touchKept()
			time.AfterFunc(every, tick)
		})
	}
	time.AfterFunc(every, tick)
}

// touchKept measures every widget the inspector keeps for later, shown
// or not, hidden ones too (a container measures only its visible
// objects): MinSize makes Fyne's cache look up the widget's renderer,
// which keeps it, and the widgets it lays out, alive.
func (in *inspector) touchKept() {
	for _, o := range in.kept() {
		walkWidgets(o, func(w fyne.Widget) bool {
			w.MinSize()
			return true
		})
	}
}

// kept are the objects the inspector built to show again, and the
// review panel while it is not shown (window.go, reviewScope).
func (in *inspector) kept() []fyne.CanvasObject {
	out := append([]fyne.CanvasObject(nil), in.hint...)
	if f := in.form; f != nil {
		out = append(out, f.quote, f.desc, f.noteForm, f.rels.box)
		for _, af := range f.attrForms {
			out = append(out, af.form)
		}
	}
	if in.relForm != nil {
		out = append(out, in.relForm.objs...)
	}
	switch w := in.w; {
	case w.mode != modeAnnotate: // the annotation list and the inspector are hidden
		out = append(out, w.annotatePanels)
	case w.reviewScope != nil: // hidden while annotating
		out = append(out, w.review.box)
	}
	return out
}

// retheme refreshes every widget the inspector keeps, shown or not, after
// the app's theme changed: Fyne refreshes what the window shows, and the
// forms kept for other labels kept the colours of the theme they were
// built in (after dark → light, a form's field names were near-white on
// white until the next launch).
func (in *inspector) retheme() {
	for _, o := range in.kept() {
		walkWidgets(o, func(w fyne.Widget) bool {
			w.Refresh()
			return true
		})
	}
}

// rethemeOnChange calls retheme whenever the app's settings change (a
// theme chosen in Preferences, or the system's when it is followed).
func (in *inspector) rethemeOnChange() {
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	a.Settings().AddListener(func(fyne.Settings) {
		fyne.Do(func() {
			if !in.w.closed {
				in.retheme()
			}
		})
	})
}
