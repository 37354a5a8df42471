package ui

import (
	"sort"

	"github.com/margin-app/margin/model"
)

// Which layers the compare and curate views compare. Every layer of the
// document that has spans is ticked, unless the user unticked it in this
// project: those are remembered (Fyne preferences, per project file), and
// a layer never seen before comes ticked, but gold, which comes unticked
// until the user ticks it (goldTicked). The views used to keep the
// ticks of the first document looked at, so a project opened on a
// document only the user had annotated compared the user's layer alone
// everywhere after.

// prefReviewUnticked + the project's path is the preference holding the
// layers the user unticked there.
const prefReviewUnticked = "reviewUnticked:"

// layerOrder lists the layers with spans: the user's own first, then the
// colleagues' by name, gold last. The user's own layer is listed even
// with no spans when withMine says so (comparing: a colleague's spans
// against none of mine are all "only one side", and without it a
// document only a colleague annotated offered one layer and asked for
// two).
func layerOrder(layers map[string][]model.Annotation, me string, withMine bool) []string {
	var names []string
	for n, as := range layers {
		if len(as) > 0 || (withMine && n == me) {
			names = append(names, n)
		}
	}
	if _, ok := layers[me]; withMine && !ok && me != "" {
		names = append(names, me)
	}
	rank := func(n string) int {
		switch n {
		case me:
			return 0
		case model.GoldAnnotator:
			return 2
		}
		return 1
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	return names
}

// ticked is names without the ones the user unticked.
func (p *reviewPanel) ticked(names []string) []string {
	off := p.untickedLayers()
	out := []string{}
	for _, n := range names {
		if !off[n] {
			out = append(out, n)
		}
	}
	return out
}

// goldTicked, among a project's remembered unticked layers, says the user
// ticked gold. Gold comes unticked in Compare otherwise: ticked like the
// annotators' layers, a project curated in part compared every span ana
// and bob agreed on with a gold that lacked it, and Compare reported 9
// disagreements and no exact match where the two annotators agreed on 3.
// Comparing the annotators with gold is a tick away.
const goldTicked = "+" + model.GoldAnnotator

// untickedLayers is the remembered unticked layers of the project, gold
// among them unless the user ticked it.
func (p *reviewPanel) untickedLayers() map[string]bool {
	if p.unticked == nil {
		p.unticked = map[string]bool{model.GoldAnnotator: true}
		if pr := prefs(); pr != nil {
			for _, n := range pr.StringList(p.prefKey()) {
				if n == goldTicked {
					delete(p.unticked, model.GoldAnnotator)
					continue
				}
				p.unticked[n] = true
			}
		}
	}
	return p.unticked
}

// prefKey names the project by its absolute path (a file opened as
// "ana.margin" from one folder is the same project from another), or by
// its URL on a server.
func (p *reviewPanel) prefKey() string {
	return prefReviewUnticked + projectPrefKey(p.w.store.Path())
}

// ticksChanged is the user ticking or unticking a layer: the layers shown
// now take the new state (others keep theirs), it is remembered, and the
// comparison is computed again.
func (p *reviewPanel) ticksChanged(sel []string) {
	on := map[string]bool{}
	for _, n := range sel {
		on[n] = true
	}
	off := p.untickedLayers()
	for _, n := range p.who.Options {
		if on[n] {
			delete(off, n)
		} else {
			off[n] = true
		}
	}
	p.saveUnticked()
	w := p.w
	if w.doc != nil && w.mode != modeAnnotate {
		p.at = -1
		w.view.SelectHighlight("")
		p.reread(nil, nil)
		w.win.Canvas().Focus(w.view) // N goes on working after the click
	}
}

// saveUnticked remembers the unticked layers.
func (p *reviewPanel) saveUnticked() {
	pr := prefs()
	if pr == nil {
		return
	}
	off := p.untickedLayers()
	list := make([]string, 0, len(off)+1)
	for n := range off {
		list = append(list, n)
	}
	if !off[model.GoldAnnotator] {
		list = append(list, goldTicked)
	}
	sort.Strings(list)
	pr.SetStringList(p.prefKey(), list)
}
