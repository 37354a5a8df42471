package ui

import "github.com/margin-app/margin/model"

// One selection at a time: a text range, or a span, or a relation. Delete
// and the status bar then mean one thing (after clicking a relation and
// stepping through search matches, both a text selection and the relation
// showed, and Delete removed the relation the user no longer looked at).

// textSelected is called when the user selects text (a drag, a search
// match): the span or relation selected until now is deselected.
func (w *Window) textSelected() {
	if w.view.SelectedHighlight() == "" && w.view.SelectedConnector() == "" {
		return
	}
	w.view.SelectHighlight("") // drops a selected connector too
	w.annList.selectID("")
	w.inspector.show(nil)
}

// objectSelected is called when the user selects a span or a relation:
// the text selection goes.
func (w *Window) objectSelected() {
	if s, e := w.view.Selection(); e > s {
		w.view.SetSelection(0, 0)
	}
	w.selection = [2]int{}
}

// clearSelections is Esc: nothing stays selected, in the article, the
// annotation list or the inspector.
func (w *Window) clearSelections() {
	w.linking = ""
	w.view.SetSelection(0, 0)
	w.selection = [2]int{}
	w.view.SelectHighlight("")
	w.annList.selectID("")
	w.inspector.show(nil)
	w.inspector.setFirst(false) // the Labels pane shows its labels again
	w.updateStatus()
}

// showing tells the inspector what it shows now (annotationKey, or
// "relation ID"): another span or relation starts at the top of its form,
// the same one (redrawn after an edit) keeps its scroll position.
func (in *inspector) showing(id string) {
	if id != in.shownID {
		in.shownID = id
		// At the top already (a short form, as a span's mostly is), a
		// ScrollToTop still refreshed and laid out the scroll and its
		// bars on each Tab (0.8–2.5 ms of the key in the real window).
		if in.scroll.Offset.Y != 0 {
			in.scroll.ScrollToTop()
			in.scrolledTop++
		}
	}
}

func annotationKey(a *model.Annotation) string {
	if a == nil {
		return ""
	}
	return "span " + a.ID
}
