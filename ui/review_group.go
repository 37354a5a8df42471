package ui

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
)

// showCurrent lists the current cluster's spans with their attributes
// (the ones the annotators disagree on marked ≠); curating, with buttons
// to accept one side's span into gold or reject what is left. A span
// already named by a verdict shows what was decided, in plain text (a
// disabled button was grey on grey and hard to read).
func (p *reviewPanel) showCurrent() {
	g := &p.lines
	g.reset()
	defer func() {
		p.current.Objects = g.shown
		p.themeLines()
		p.body.Refresh()
	}()
	if p.at < 0 || p.at >= len(p.clusters) {
		hint := "Click a highlight or press N\nto review a disagreement."
		if p.w.mode == modeCurate {
			hint += "\nEnter accepts the outlined span,\nDelete rejects the rest."
		}
		if len(p.disagreements()) == 0 {
			hint = "No disagreements in this document."
		}
		g.label(hint, fyne.TextStyle{})
		return
	}
	c := p.clusters[p.at]
	head := fmt.Sprintf("%s · %d–%d", c.Kind, c.Start, c.End)
	if k, n := p.disagreementIndex(p.at); k > 0 {
		head = fmt.Sprintf("Disagreement %d of %d: %s", k, n, head)
	}
	if p.curated[p.at] {
		head += " · decided"
	}
	g.label(head, fyne.TextStyle{Bold: true})
	differ := map[string]bool{}
	for _, k := range review.AttributeDiffs(c, p.who.Selected) {
		differ[k] = true
	}
	outlined := p.emphasised()
	if outlined != nil {
		// The span in hand is the outlined one (Enter accepts it): the
		// Guidelines panel shows its label's guideline, not the label
		// last pointed at.
		p.w.guides.follow(outlined.Label)
	}
	for _, who := range p.who.Selected {
		if len(c.Spans[who]) == 0 {
			g.label(who+": nothing here", fyne.TextStyle{})
		}
	}
	for _, a := range p.groupSpans(c) {
		a := a
		// The text wraps in the column (wrapButton, wrapped labels):
		// cut only where it is long.
		txt := fmt.Sprintf("%s: %s “%s”", a.Annotator, a.Label, shorten(a.Text, 60))
		switch {
		case p.w.mode != modeCurate:
			g.label(txt, fyne.TextStyle{})
		case p.decided[a.ID] != nil:
			g.label(p.decisionText(a, p.decided[a.ID])+txt, fyne.TextStyle{})
		default:
			text, imp := "Accept "+txt, widget.MediumImportance
			if outlined != nil && outlined.ID == a.ID {
				text, imp = text+" (Enter)", widget.HighImportance
			}
			g.button(text, imp, func() { p.accept(c, a) })
		}
		if attrs := attrLines(a, differ); attrs != "" {
			g.label(attrs, fyne.TextStyle{})
		}
	}
	if p.w.mode == modeCurate {
		rest := g.button("Reject the rest (Delete): nothing into gold", widget.MediumImportance, func() { p.reject(c) })
		if len(p.undecided(c)) == 0 {
			rest.Disable()
		}
		g.label("Tab moves the outline to the next span. Or select text and press a label key to put your own span into gold.", fyne.TextStyle{})
	}
}

// themeLines puts the group's lines in the review panel's compact theme
// when one of them is new to it. The lines are kept from group to group
// (groupLines), so this happens when a group needs more lines than any
// before it: each apply is a new theme scope, for which Fyne loads the
// fonts again (themescope.go). Lines built anew for each group were left
// in Fyne's theme, with its wider padding, beside the compact rest of the
// panel (issue 15).
func (p *reviewPanel) themeLines() {
	s := p.w.reviewScope
	if s == nil {
		return // themed with the rest of the panel when the scope is made (setMode)
	}
	// The lines are inside the panel's scroll, a widget, which covered
	// does not look into: they are checked here.
	for _, o := range p.current.Objects {
		if wid, ok := o.(fyne.Widget); ok && !s.themes(theme.CurrentForWidget(wid)) {
			s.apply()
			return
		}
	}
}

// groupLines are the labels and buttons of the review group shown, kept
// for the next group: shown is this group's, in order.
type groupLines struct {
	labels  []*widget.Label
	buttons []*wrapButton
	nl, nb  int
	shown   []fyne.CanvasObject
}

// reset starts the next group. shown is a new slice: the last one is the
// container's Objects, which appending over it would change under it.
func (g *groupLines) reset() {
	g.nl, g.nb = 0, 0
	g.shown = make([]fyne.CanvasObject, 0, len(g.shown))
}

// label shows the next kept label with text in style (word-wrapped in the
// column's width).
func (g *groupLines) label(text string, style fyne.TextStyle) *widget.Label {
	if g.nl == len(g.labels) {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		g.labels = append(g.labels, l)
	}
	l := g.labels[g.nl]
	g.nl++
	l.Text, l.TextStyle = text, style
	g.shown = append(g.shown, l)
	return l // refreshed with the body (showCurrent)
}

// button shows the next kept button, enabled, with text, importance and
// tapped.
func (g *groupLines) button(text string, imp widget.Importance, tapped func()) *wrapButton {
	if g.nb == len(g.buttons) {
		g.buttons = append(g.buttons, newWrapButton("", nil))
	}
	b := g.buttons[g.nb]
	g.nb++
	b.button.OnTapped = tapped
	b.Enable()
	b.SetImportance(imp)
	b.SetText(text)
	g.shown = append(g.shown, b)
	return b
}

// disagreementIndex is cluster i's place among the document's
// disagreements (1-based) and their number; 0 for an exact match.
func (p *reviewPanel) disagreementIndex(i int) (k, n int) {
	dis := p.disagreements()
	for j, d := range dis {
		if d == i {
			return j + 1, len(dis)
		}
	}
	return 0, len(dis)
}

// decisionText says how verdict v decided span a: taken into gold as it
// is, decided by taking another span of the group, rejected, or replaced
// by the curator's own span.
func (p *reviewPanel) decisionText(a model.Annotation, v *model.Verdict) string {
	switch v.Verdict {
	case model.VerdictReject:
		return "✗ rejected: "
	case model.VerdictEdit:
		return "✓ decided by your own gold span: "
	}
	if g := p.golds[v.GoldID]; g != nil && g.Label == a.Label && reflect.DeepEqual(g.Fragments, a.Fragments) {
		return "✓ in gold: "
	}
	return "✓ decided, gold took another span: "
}

// attrLines is a span's attributes, one "name = value" a line, sorted,
// with "≠" before those the annotators disagree on; "" when it has none
// and none differ.
func attrLines(a model.Annotation, differ map[string]bool) string {
	names := map[string]bool{}
	for k := range a.Attributes {
		names[k] = true
	}
	for k := range differ {
		names[k] = true
	}
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(names)) {
		mark := "    "
		if differ[k] {
			mark = "  ≠ "
		}
		v, ok := a.Attributes[k]
		val := "—"
		if ok && v != nil {
			val = fmt.Sprint(v)
		}
		lines = append(lines, mark+k+" = "+val)
	}
	return strings.Join(lines, "\n")
}
