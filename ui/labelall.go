package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// labelAllPlan splits the search matches (sorted, not overlapping) into
// those "label all" labels and the number it leaves out: a match already
// inside a fragment of a span of the same label (equal to it or nested in
// it) would only duplicate that span.
func labelAllPlan(matches [][2]int, anns []*model.Annotation, label string) (add [][2]int, inside int) {
	var frags []model.Fragment
	for _, a := range anns {
		if a.Label == label {
			frags = append(frags, a.Fragments...)
		}
	}
	sort.Slice(frags, func(i, j int) bool { return frags[i].Start < frags[j].Start })
	// One sweep: matches and fragments both by start; reach is the
	// furthest end of the fragments starting at or before the match.
	k, reach := 0, -1
	for _, m := range matches {
		for k < len(frags) && frags[k].Start <= m[0] {
			reach = max(reach, frags[k].End)
			k++
		}
		if reach >= m[1] {
			inside++
			continue
		}
		add = append(add, m)
	}
	return add, inside
}

// previewContext is how many code points of text either side of a match
// the preview shows.
const previewContext = 30

// matchContext is a match with some text either side, on one line.
func matchContext(ix *model.TextIndex, m [2]int) string {
	a, b := max(0, m[0]-previewContext), min(ix.Len(), m[1]+previewContext)
	flat := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")
	out := flat.Replace(ix.Slice(a, m[0])) + "[" + flat.Replace(ix.Slice(m[0], m[1])) + "]" + flat.Replace(ix.Slice(m[1], b))
	if a > 0 {
		out = "…" + out
	}
	if b < ix.Len() {
		out += "…"
	}
	return out
}

// previewLabelAll shows what "label all" would do before it does it: how
// many matches get label, how many are left out as already inside such a
// span, and the list of those to be labelled (each with its context), with
// Label and Cancel.
func (s *searchBar) previewLabelAll(label string) {
	w := s.w
	if !w.canEdit() || w.doc == nil {
		return
	}
	if len(w.matches) == 0 {
		w.setStatusText("nothing to label: no matches")
		return
	}
	add, inside := labelAllPlan(w.matches, w.anns, label)
	if len(add) == 0 {
		s.commitLabelAll(label, nil) // says why nothing is labelled
		return
	}
	head := fmt.Sprintf("%d of %d matches of “%s” will be labelled %s.", len(add), len(w.matches), s.entry.Text, label)
	if inside > 0 {
		head += fmt.Sprintf("\n%d already inside %s %s span: left out.", inside, article(label), label)
	}
	// The rows' contexts are made here, as strings of their own: a row
	// func holding the text index (or a slice of the text) kept the
	// document's index alive for as long as Fyne caches the dialog's
	// rows, a minute after it closed (3.8 MB per preview of a 1 MB
	// document in the soak of bench/gui.py).
	doc := w.doc.ID
	contexts := make([]string, len(add))
	for i, m := range add {
		contexts[i] = strings.Clone(matchContext(w.ix, m))
	}
	list := newKeyList(func() int { return len(contexts) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(fmt.Sprintf("%d. %s", i+1, contexts[i]))
		})
	body := container.NewBorder(widget.NewLabel(head), nil, nil, nil, list)
	d := dialog.NewCustomConfirm("Label all as "+label, fmt.Sprintf("Label %d", len(add)), "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		// What was previewed is what is labelled, on the document it was
		// previewed on.
		if w.doc == nil || w.doc.ID != doc || !w.canEdit() {
			w.setStatusText("not labelled: the document changed while the preview was open")
			return
		}
		// Spans made meanwhile are respected too.
		add, _ = labelAllPlan(add, w.anns, label)
		s.commitLabelAll(label, add)
		// The keys go back to the article, where the new spans are:
		// Delete deletes the selected one, not the search box's text.
		w.win.Canvas().Focus(w.view)
	}, w.win)
	// As tall as its rows (up to ten), not a fixed height that left a
	// blank stretch above the buttons for a few matches.
	row := widget.NewLabel("").MinSize().Height + theme.Padding()
	tall := d.MinSize().Height + float32(min(len(contexts), 10)-1)*row
	d.Resize(fyne.NewSize(min(760, w.win.Canvas().Size().Width-40), min(tall, 460, w.win.Canvas().Size().Height-40)))
	showDialog(d, w.win)
}

// article is "an" before a label that starts with a vowel letter ("an
// ACTOR span"), else "a" ("a CEASEFIRE_TERM span"): the preview said
// "a ACTOR span".
func article(label string) string {
	if label != "" && strings.ContainsRune("AEIOUaeiou", rune(label[0])) {
		return "an"
	}
	return "a"
}
