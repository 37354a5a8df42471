package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Enter and Esc from every widget of Fyne's file chooser (issue 15).
// filechooser_keys.go swaps the name box and Cancel/Save for Margin's,
// filechooser_places.go the places list; the chooser's other focusable
// widgets (the file list or grid, the folder path's buttons, the
// header's new-folder, view and options buttons, and an Open chooser's
// Open) are Fyne's, which Fyne keeps references to and updates (the
// list it refreshes on each folder, the Open it enables when a file is
// clicked), so they cannot be swapped. (A click on a file does not
// focus the file list: the file's own widget takes the click.) Tab onto one of them took Enter and Esc away: Fyne gives a
// key to the focused widget only.
//
// So the Tab stop of each such widget is a stand-in instead: an empty,
// zero-sized focusable placed just before the widget (and one just after
// it, where Shift+Tab from the next widget lands). The stand-in passes
// focus, the arrows and Space on to the widget (its focus highlight and
// keyboard moves are Fyne's), answers Enter and Esc for the dialog
// (answerKey: Esc cancels; Enter taps a focused button, and on the file
// list chooses the highlighted file and taps Open or Save), and moves Tab
// and Shift+Tab over its widget to the next stop itself. The folder
// path's buttons are made anew on each folder and the file view on each
// view switch: the path's layout and the view button give those their
// stand-ins as they come.

// focusStop is a stand-in Tab stop for one of Fyne's widgets.
type focusStop struct {
	widget.BaseWidget
	target fyne.Focusable
	// pick: Enter first chooses the target's highlighted row (the file
	// list), as Space does.
	pick  bool
	twin  *focusStop // the stop on the widget's other side
	after bool       // the stop after the widget
	shift bool       // Shift is held (Tab's direction)
}

func (s *focusStop) CreateRenderer() fyne.WidgetRenderer {
	return &emptyRenderer{}
}

func (s *focusStop) FocusGained()     { s.target.FocusGained() }
func (s *focusStop) FocusLost()       { s.target.FocusLost() }
func (s *focusStop) TypedRune(r rune) { s.target.TypedRune(r) }
func (s *focusStop) AcceptsTab() bool { return true }

// KeyDown and KeyUp follow Shift: a key event does not carry modifiers.
func (s *focusStop) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		s.shift = true
	}
}

func (s *focusStop) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		s.shift = false
	}
}

func (s *focusStop) TypedKey(ev *fyne.KeyEvent) {
	c := canvasOf(s)
	switch ev.Name {
	case fyne.KeyTab:
		step := 1
		if s.shift {
			step = -1
		}
		if c != nil {
			if next := nextStop(c, s, step); next != nil {
				c.Focus(next)
			}
		}
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if b, ok := s.target.(*widget.Button); ok {
			if answerKey(c, ev, b) {
				return
			}
		} else {
			if s.pick {
				s.target.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
			}
			if answerKey(c, ev, nil) {
				return
			}
		}
	case fyne.KeyEscape:
		if answerKey(c, ev, nil) {
			return
		}
	}
	s.target.TypedKey(ev)
}

type emptyRenderer struct{}

func (emptyRenderer) Layout(fyne.Size)             {}
func (emptyRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (emptyRenderer) Refresh()                     {}
func (emptyRenderer) Objects() []fyne.CanvasObject { return nil }
func (emptyRenderer) Destroy()                     {}

// stopLayout gives its middle object (the widget) the whole space and
// its first and last (the stops) none: a stop of any size would take the
// clicks meant for the widget (Fyne sends a click to a focusable).
type stopLayout struct{}

func (stopLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[1].MinSize() }

func (stopLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[1].Move(fyne.Position{})
	objs[1].Resize(size)
	for _, o := range []fyne.CanvasObject{objs[0], objs[2]} {
		o.Move(fyne.Position{})
		o.Resize(fyne.Size{})
	}
}

// withStops is o (a focusable of Fyne's) between its two stops.
func withStops(o fyne.Focusable, pick bool) *fyne.Container {
	before := &focusStop{target: o, pick: pick}
	after := &focusStop{target: o, pick: pick, twin: before, after: true}
	before.twin = after
	before.ExtendBaseWidget(before)
	after.ExtendBaseWidget(after)
	return container.New(stopLayout{}, before, o.(fyne.CanvasObject), after)
}

// isStops says whether c is a widget between its stops.
func isStops(c *fyne.Container) bool {
	_, ok := c.Layout.(stopLayout)
	return ok
}

// stoppable says whether o is one of Fyne's focusable widgets that the
// chooser's stops stand in for.
func stoppable(o fyne.CanvasObject) (fyne.Focusable, bool) {
	switch t := o.(type) {
	case *widget.Button, *widget.List, *widget.GridWrap:
		return t.(fyne.Focusable), true
	}
	return nil, false
}

// addStops gives every focusable of Fyne's in the chooser on top of c
// its stops (pick for those in the file list's scroll, the one that
// scrolls both ways), and makes the folder path's row give its new
// buttons theirs. A button's tap gives stops to what it made (the view
// button's new file list), or adopts what it opened over the chooser.
func addStops(c fyne.Canvas) {
	top := c.Overlays().Top()
	stop := func(f fyne.Focusable, pick bool) *fyne.Container {
		if b, ok := f.(*widget.Button); ok && b.OnTapped != nil {
			tapped := b.OnTapped
			b.OnTapped = func() {
				tapped()
				switch shown := c.Overlays().Top(); {
				case shown == top:
					addStops(c)
				case shown != nil && showing(c, top):
					adoptChooserPopUp(c) // New Folder, the options (filechooser_popups.go)
				}
			}
		}
		return withStops(f, pick)
	}
	var walk func(o fyne.CanvasObject, pick bool)
	walk = func(o fyne.CanvasObject, pick bool) {
		switch t := o.(type) {
		case *widget.PopUp:
			walk(t.Content, pick)
		case *container.Split:
			if f, ok := stoppable(t.Leading); ok {
				t.Leading = stop(f, pick)
			}
			if f, ok := stoppable(t.Trailing); ok {
				t.Trailing = stop(f, pick)
			}
			walk(t.Leading, pick)
			walk(t.Trailing, pick)
		case *container.Scroll:
			pick = pick || t.Direction == container.ScrollBoth
			if f, ok := stoppable(t.Content); ok {
				t.Content = stop(f, pick)
			}
			walk(t.Content, pick)
		case *fyne.Container:
			if isStops(t) {
				return
			}
			for i, k := range t.Objects {
				if f, ok := stoppable(k); ok {
					t.Objects[i] = stop(f, pick)
				}
				walk(t.Objects[i], pick)
			}
			if _, ok := t.Layout.(*stoppingLayout); !ok && holdsButtons(t) {
				t.Layout = &stoppingLayout{inner: t.Layout}
			}
		}
	}
	walk(top, false)
	if top != nil {
		top.Refresh()
	}
}

// showing says whether o is among the overlays of c (the chooser, under
// what its button opened).
func showing(c fyne.Canvas, o fyne.CanvasObject) bool {
	for _, k := range c.Overlays().List() {
		if k == o {
			return true
		}
	}
	return false
}

// eachChooserObject calls fn on o and what it holds, in Tab's order,
// but not on the widgets that have stops.
func eachChooserObject(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch t := o.(type) {
	case *widget.PopUp:
		eachChooserObject(t.Content, fn)
	case *container.Split:
		eachChooserObject(t.Leading, fn)
		eachChooserObject(t.Trailing, fn)
	case *container.Scroll:
		eachChooserObject(t.Content, fn)
	case *fyne.Container:
		for i, k := range t.Objects {
			if i == 1 && isStops(t) {
				continue // the widget itself: its stops are its Tab stop
			}
			eachChooserObject(k, fn)
		}
	}
}

// holdsButtons says whether c holds buttons between stops only (a row
// of the chooser's: the folder path is one, made anew on each folder).
func holdsButtons(c *fyne.Container) bool {
	n := 0
	for _, o := range c.Objects {
		s, ok := o.(*fyne.Container)
		if !ok || !isStops(s) {
			return false
		}
		if _, ok := s.Objects[1].(*widget.Button); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// stoppingLayout is a row's layout that first gives the buttons added
// to the row since (Fyne's folder path: a button per folder) their stops.
type stoppingLayout struct{ inner fyne.Layout }

func (l *stoppingLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	l.stop(objs)
	return l.inner.MinSize(objs)
}

func (l *stoppingLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.stop(objs)
	l.inner.Layout(objs, size)
}

// stop swaps, in place (objs is the container's own slice), each button
// of Fyne's for it between its stops.
func (l *stoppingLayout) stop(objs []fyne.CanvasObject) {
	for i, o := range objs {
		if b, ok := o.(*widget.Button); ok {
			objs[i] = withStops(b, false)
		}
	}
}

// nextStop is the Tab stop step (1: Tab, -1: Shift+Tab) from stop s in
// the dialog on top of c: the chooser's stops (one per widget, its
// first) and Margin's widgets, in the order Fyne's Tab visits them,
// around; disabled widgets have none.
func nextStop(c fyne.Canvas, s *focusStop, step int) fyne.Focusable {
	var stops []fyne.Focusable
	at := -1
	eachChooserObject(c.Overlays().Top(), func(o fyne.CanvasObject) {
		f, ok := o.(fyne.Focusable)
		if !ok {
			return
		}
		if st, ok := o.(*focusStop); ok {
			if st.after {
				return // the widget's second stop: the same Tab stop as its first
			}
			if st == s || st == s.twin {
				at = len(stops)
			}
			f = st
			if d, ok := st.target.(fyne.Disableable); ok && d.Disabled() && at != len(stops) {
				return
			}
		} else if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		stops = append(stops, f)
	})
	if len(stops) == 0 {
		return nil
	}
	if at < 0 {
		return stops[0]
	}
	return stops[((at+step)%len(stops)+len(stops))%len(stops)]
}
