package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The file chooser's places list (Home, Computer, Documents, …; issue
// 15). A click on a row of a Fyne List focuses the list itself, and then
// selects the row. Fyne's List has no use for Enter or Esc, so while it
// has the focus both keys are dead: the stop given to it
// (filechooser_stops.go) took the focus back only when the selection
// changed (OnSelected), and a click on the place already selected (the
// folder the chooser shows) changes nothing, so the focus stayed on
// Fyne's list.
//
// So the list the chooser shows is Margin's keyList (Enter is the
// chooser's default, Esc dismisses it, the arrows and Space as Fyne's),
// with Fyne's rows, and Fyne's list, which the chooser keeps and selects
// in as it changes folder, stays out of sight as the one Fyne reads:
// each follows the other's selection, so a place clicked selects in
// Fyne's list (which opens its folder) and a folder opened otherwise
// (the path's buttons, a double-click) selects its place in Margin's.

// adoptPlaces swaps the places list of the chooser top (the first pane
// of its split) for a keyList that mirrors it.
func adoptPlaces(top fyne.CanvasObject) {
	split := chooserSplit(top)
	if split == nil {
		return
	}
	fl, ok := split.Leading.(*widget.List)
	if !ok {
		return
	}
	kl := newKeyList(fl.Length, fl.CreateItem, fl.UpdateItem)
	if id, ok := listSelection(fl); ok {
		kl.Select(id) // before kl follows: the place is open already
	}
	fyneSelected, fyneUnselected := fl.OnSelected, fl.OnUnselected
	fl.OnSelected = func(id widget.ListItemID) {
		if fyneSelected != nil {
			fyneSelected(id) // Fyne's: opens the place's folder
		}
		kl.Select(id) // no-op when kl made the selection
	}
	fl.OnUnselected = func(id widget.ListItemID) {
		if fyneUnselected != nil {
			fyneUnselected(id)
		}
		kl.Unselect(id) // a folder that is no place was opened
	}
	kl.OnSelected = func(id widget.ListItemID) { fl.Select(id) }
	split.Leading = kl
	split.Refresh()
}

// listSelection is the row selected in l, which Fyne's List does not
// tell: UnselectAll reports it (OnUnselected), and selecting it again
// with no OnSelected leaves l as it was without opening anything.
func listSelection(l *widget.List) (widget.ListItemID, bool) {
	id, found := 0, false
	selected, unselected := l.OnSelected, l.OnUnselected
	l.OnSelected = nil
	l.OnUnselected = func(i widget.ListItemID) { id, found = i, true }
	l.UnselectAll()
	if found {
		l.Select(id)
	}
	l.OnSelected, l.OnUnselected = selected, unselected
	return id, found
}

// chooserSplit is the split of the chooser top (places | folder), or nil.
func chooserSplit(top fyne.CanvasObject) *container.Split {
	var found *container.Split
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch t := o.(type) {
		case *widget.PopUp:
			walk(t.Content)
		case *container.Split:
			found = t
		case *fyne.Container:
			for _, k := range t.Objects {
				walk(k)
			}
		}
	}
	walk(top)
	return found
}
