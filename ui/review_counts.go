package ui

import (
	"fmt"

	"github.com/margin-app/margin/model"
)

// The compare and curate views' counts. The panel's summary and the
// status bar print the same tally (review.Count) and the same gold count,
// both taken from one read of the store made after the edit controller
// confirmed the last decision (reread). They used to count apart: the
// summary counted decided disagreements only ("0 curated" beside "4 gold
// spans", still "1 curated" after accepting every exact match), and the
// status bar counted whichever layer the controller held while a mode
// switch was still being read.

// showSummary puts the counts in the panel, and the "accept every exact
// match" button's text with them.
func (p *reviewPanel) showSummary() {
	t := p.tally
	s := fmt.Sprintf("%s: %s, %s", model.Plural(t.Groups, "span group", "span groups"),
		model.Plural(t.Disagreements, "disagreement", "disagreements"), model.Plural(t.Exact, "exact match", "exact matches"))
	if len(p.who.Selected) < 2 {
		// One layer agrees or disagrees with nothing: its spans are not
		// "disagreements" (the walk read three of them as such).
		s = model.Plural(t.Groups, "span group", "span groups") + " in one layer: nothing to compare them with"
	}
	if p.w.mode == modeCurate {
		s += fmt.Sprintf(".\nDecided: %d of %d disagreements, %d of %d exact matches · %s.",
			t.DisagreementsDecided, t.Disagreements, t.ExactDecided, t.Exact, model.Plural(len(p.golds), "gold span", "gold spans"))
	}
	if p.w.mode == modeCurate && memberKind(p.w.store) == "annotator" {
		s += "\nYou are an annotator in this team: only curators and leads write gold, so Curate is for reading here."
	}
	switch {
	case len(p.who.Selected) < 2 && p.w.live.hidden:
		s += "\nBlind mode is on: only your own layer shows until the lead turns it off."
	case len(p.who.Selected) < 2:
		s += "\nTick two or more layers below to compare them."
	}
	p.summary.SetText(s)
	if left := t.Exact - t.ExactDecided; left > 0 {
		p.exact.SetText(fmt.Sprintf("Accept the %s left (Shift+Enter)", model.Plural(left, "exact match", "exact matches")))
		p.exact.Enable()
	} else {
		p.exact.SetText("No exact match left to accept")
		p.exact.Disable()
	}
}

// statusCounts is the status bar's count while comparing or curating
// (ok false while annotating): the panel's numbers, or a word while the
// layers are still being read.
func (p *reviewPanel) statusCounts() (string, bool) {
	if p == nil || p.w.mode == modeAnnotate {
		return "", false
	}
	if !p.loaded {
		return "reading the layers…", true
	}
	t := p.tally
	if p.w.mode == modeCurate {
		return fmt.Sprintf("%s · %d of %d groups decided", model.Plural(len(p.golds), "gold span", "gold spans"), t.Decided, t.Groups), true
	}
	return fmt.Sprintf("%s · %s", model.Plural(t.Groups, "span group", "span groups"), model.Plural(t.Disagreements, "disagreement", "disagreements")), true
}
