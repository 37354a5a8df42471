package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// confirmHistoryStep shows what undoing (or redoing) the bulk step p
// will remove, bring back or change, per document and label, and runs
// apply only when the user confirms.
func (w *Window) confirmHistoryStep(p *model.HistoryPreview, apply func()) {
	verb, title := "Undo", "Undo "
	if !p.Undo {
		verb, title = "Redo", "Redo "
	}
	curation := false // a curator's step: its gold spans and verdicts
	for _, e := range p.Effects {
		curation = curation || e.Kind == "verdict"
	}
	switch {
	case p.Schema:
		title += "the schema change?"
	case curation:
		title += "these curation decisions?"
	case p.Action == "create" && p.Undo:
		title += "this import or bulk labelling?"
	default:
		title += "this step?"
	}
	summary := widget.NewLabelWithStyle(capitalize(p.Summary())+".", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	summary.Wrapping = fyne.TextWrapWord
	details := widget.NewLabel(strings.Join(p.Details(40), "\n"))
	details.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(details)
	scroll.SetMinSize(fyne.NewSize(520, 160))
	back := "Redo (Ctrl+Shift+Z) puts it back."
	if !p.Undo {
		back = "Undo (Ctrl+Z) takes it back."
	}
	scope := "Only your own part of the step is affected, never a colleague's or the gold layer. "
	if curation {
		scope = "The step's gold spans and verdicts are affected, never a colleague's layer. "
	}
	note := widget.NewLabel(scope + back)
	note.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(summary, note, nil, nil, scroll)
	d := dialog.NewCustomConfirm(title, verb, "Keep as is", body, func(ok bool) {
		if ok {
			apply()
		} else {
			w.setStatusText(strings.ToLower(verb) + " cancelled: nothing changed")
		}
	}, w.win)
	d.Resize(fyne.NewSize(620, 380))
	showDialog(d, w.win)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
