package ui

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
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
	p.current.RemoveAll()
	defer p.body.Refresh()
	if p.at < 0 || p.at >= len(p.clusters) {
		hint := "Click a highlight or press N\nto review a disagreement."
		if p.w.mode == modeCurate {
			hint += "\nEnter accepts the outlined span,\nDelete rejects the rest."
		}
		if len(p.disagreements()) == 0 {
			hint = "No disagreements in this document."
		}
		p.current.Add(widget.NewLabel(hint))
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
	title := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	p.current.Add(title)
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
			p.current.Add(widget.NewLabel(who + ": nothing here"))
		}
	}
	for _, a := range p.groupSpans(c) {
		a := a
		// The text wraps in the column (wrapButton, wrapped labels):
		// cut only where it is long.
		txt := fmt.Sprintf("%s: %s “%s”", a.Annotator, a.Label, shorten(a.Text, 60))
		switch {
		case p.w.mode != modeCurate:
			l := widget.NewLabel(txt)
			l.Wrapping = fyne.TextWrapWord
			p.current.Add(l)
		case p.decided[a.ID] != nil:
			l := widget.NewLabel(p.decisionText(a, p.decided[a.ID]) + txt)
			l.Wrapping = fyne.TextWrapWord
			p.current.Add(l)
		default:
			b := newWrapButton("Accept "+txt, func() { p.accept(c, a) })
			if outlined != nil && outlined.ID == a.ID {
				b.SetText("Accept " + txt + " (Enter)")
				b.SetImportance(widget.HighImportance)
			}
			p.current.Add(b)
		}
		if attrs := attrLines(a, differ); attrs != "" {
			l := widget.NewLabel(attrs)
			l.Wrapping = fyne.TextWrapWord
			p.current.Add(l)
		}
	}
	if p.w.mode == modeCurate {
		rest := newWrapButton("Reject the rest (Delete): nothing into gold", func() { p.reject(c) })
		if len(p.undecided(c)) == 0 {
			rest.Disable()
		}
		p.current.Add(rest)
		how := widget.NewLabel("Tab moves the outline to the next span. Or select text and press a label key to put your own span into gold.")
		how.Wrapping = fyne.TextWrapWord // in the column's width
		p.current.Add(how)
	}
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
