package ui

import (
	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/ui/articleview"
)

// Curate's keys in the article, while a group is current: Enter accepts
// the outlined span into gold, Delete (or Backspace) rejects what is left
// of the group, Tab and Shift+Tab move the outline between the group's
// spans, Shift+Enter accepts every exact match left. N (next
// disagreement) is in typedRune; Ctrl+Z undoes a decision like any edit.
// A gold span selected keeps the keys the annotate view gives it.

// attachKeys puts the curate keys in front of the view's own.
func (p *reviewPanel) attachKeys(v *articleview.View) {
	onKey := v.OnKey
	v.OnKey = func(ev *fyne.KeyEvent) bool {
		return p.typedKey(ev) || (onKey != nil && onKey(ev))
	}
}

func (p *reviewPanel) typedKey(ev *fyne.KeyEvent) bool {
	w := p.w
	if w.mode != modeCurate || !p.loaded {
		return false
	}
	if w.win.Canvas().Overlays().Top() != nil {
		// A dialog is open (the undo's question): its Enter must not
		// accept a span behind it, where the focus stayed.
		return false
	}
	if w.annotation(w.view.SelectedHighlight()) != nil {
		return false // a gold span: Delete deletes it, Tab goes on
	}
	shift := w.view.Modifiers()&fyne.KeyModifierShift != 0
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if shift {
			p.acceptExact()
			return true
		}
		a := p.emphasised()
		if a == nil {
			return false
		}
		if p.decided[a.ID] != nil {
			w.setStatusText("this span is decided already: Tab outlines the next one")
			return true
		}
		p.accept(p.clusters[p.at], *a)
	case fyne.KeyDelete, fyne.KeyBackspace:
		if p.at < 0 || p.at >= len(p.clusters) {
			return false
		}
		p.reject(p.clusters[p.at])
	case fyne.KeyTab:
		if p.at < 0 || p.at >= len(p.clusters) {
			return false
		}
		p.cycle(shift)
	default:
		return false
	}
	return true
}

// cycle moves the outline to the next (back: previous) span of the
// current group.
func (p *reviewPanel) cycle(back bool) {
	spans := p.groupSpans(p.clusters[p.at])
	if len(spans) == 0 {
		return
	}
	cur := -1
	if a := p.emphasised(); a != nil {
		for i := range spans {
			if spans[i].ID == a.ID {
				cur = i
			}
		}
	}
	d := 1
	if back {
		d = -1
		if cur < 0 {
			cur = 0
		}
	}
	next := (cur + d + len(spans)) % len(spans)
	p.w.view.SelectHighlight(overlayID(spans[next].ID, 0))
	p.showCurrent()
	p.w.updateStatus()
}
