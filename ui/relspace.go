package ui

// PrefRelationSpace is the Fyne preference (bool, default on) that gives
// the lines a relation's arrow runs over a row of room above them, for the
// arrow and its label (articleview SetRelationSpace). Off, the text keeps
// its line spacing and relations are drawn in the left margin beside it
// (each end's span marked, the label as the tooltip), never over the text.
const PrefRelationSpace = "articleRelationSpace"

// relationSpacePref reports the preference (on when unset).
func relationSpacePref() bool {
	if p := prefs(); p != nil {
		return p.BoolWithFallback(PrefRelationSpace, true)
	}
	return true
}

// SetRelationSpace turns the relation rows on or off and remembers the
// choice in the preferences.
func (w *Window) SetRelationSpace(on bool) {
	if p := prefs(); p != nil {
		p.SetBool(PrefRelationSpace, on)
	}
	w.applyRelationSpace()
}

// applyRelationSpace gives the article room for relations only when it
// has relations to draw and the preference is on: otherwise the text stays
// compact.
func (w *Window) applyRelationSpace() {
	on := len(w.view.Connectors()) > 0 && relationSpacePref()
	if w.view.RelationSpace() != on {
		w.view.SetRelationSpace(on)
	}
}
