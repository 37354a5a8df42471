package ui

// The inspector comes first in the right-hand column (panes_right.go)
// from when it shows a span or a relation in Annotate mode until Esc or a
// mode change. Not back as soon as it shows its hint: selecting text to
// label it (the span deselected), then the hotkey (the new span
// selected), moved the panes twice per span, and each time the Labels
// pane grew Fyne built its rows anew, which clears its text caches (the
// next frame shaped every text of the window again; issue 14).

// placeColumn is called when the inspector's body changes.
func (in *inspector) placeColumn() {
	switch {
	case in.w.mode != modeAnnotate:
		in.setFirst(false)
	case in.bodyKind == bodySpan || in.bodyKind == bodyRelation:
		in.setFirst(true)
	}
}

// setFirst gives the inspector the room (on) or the Labels pane (off).
func (in *inspector) setFirst(on bool) {
	if on == in.first {
		return // Tab from span to span moves no pane
	}
	in.first = on
	in.w.fitLabels()
}
