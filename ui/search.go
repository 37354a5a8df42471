package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// searchBar finds every match of a term in the document (case-insensitive),
// marks them, steps through them with Enter, and can label them all at
// once as one transaction and one undo step.
type searchBar struct {
	w       *Window
	box     *fyne.Container
	entry   *searchEntry
	count   *widget.Label
	labelAs *widget.Select
}

func newSearchBar(w *Window) *searchBar {
	s := &searchBar{w: w}
	s.entry = newSearchEntry(w)
	s.entry.PlaceHolder = "Search (Ctrl+F)"
	s.entry.OnChanged = func(string) { s.find() }
	s.entry.OnSubmitted = func(string) { s.step(1) }
	s.count = widget.NewLabel("")
	s.labelAs = widget.NewSelect(nil, nil)
	s.labelAs.PlaceHolder = "label all…"
	s.labelAs.OnChanged = func(label string) {
		if label != "" {
			s.labelAs.ClearSelected()
			s.previewLabelAll(label)
		}
	}
	wide := container.NewGridWrap(fyne.NewSize(170, s.entry.MinSize().Height), s.entry)
	s.box = container.NewHBox(wide, s.count, s.labelAs)
	return s
}

func (s *searchBar) focus() { s.w.win.Canvas().Focus(s.entry) }

func (s *searchBar) documentChanged() {
	names := make([]string, len(s.w.schema.Labels))
	for i, l := range s.w.schema.Labels {
		names[i] = l.Name
	}
	s.labelAs.Options = names
	s.find()
}

// FindAll returns the code-point ranges of every case-insensitive match of
// term in text, without overlaps.
func FindAll(text, term string) [][2]int {
	if term == "" {
		return nil
	}
	lt, lq := strings.ToLower(text), strings.ToLower(term)
	// Lower-casing can change byte lengths (e.g. 'İ'); fall back to an
	// exact search then, so offsets stay right.
	if len(lt) != len(text) {
		lt, lq = text, term
	}
	var out [][2]int
	cp, prevByte := 0, 0
	for from := 0; ; {
		i := strings.Index(lt[from:], lq)
		if i < 0 {
			break
		}
		b := from + i
		cp += utf8.RuneCountInString(text[prevByte:b])
		n := utf8.RuneCountInString(text[b : b+len(lq)])
		out = append(out, [2]int{cp, cp + n})
		cp += n
		prevByte = b + len(lq)
		from = prevByte
	}
	return out
}

func (s *searchBar) find() {
	w := s.w
	if w.doc == nil {
		return
	}
	w.matches = FindAll(w.doc.Text, s.entry.Text)
	w.matchAt = -1
	w.view.SetMatches(w.matches)
	if s.entry.Text == "" {
		s.count.SetText("")
	} else {
		s.count.SetText(fmt.Sprintf("%d matches", len(w.matches)))
	}
}

// step selects the next match and scrolls to it.
func (s *searchBar) step(delta int) {
	w := s.w
	if len(w.matches) == 0 {
		return
	}
	w.matchAt = (w.matchAt + delta + len(w.matches)) % len(w.matches)
	m := w.matches[w.matchAt]
	w.view.ScrollToOffset(m[0])
	w.view.SetSelection(m[0], m[1])
	w.selectionChanged(m[0], m[1])
	s.count.SetText(fmt.Sprintf("%d of %d", w.matchAt+1, len(w.matches)))
}

// labelAll labels, in one transaction and one undo step, every match that
// is not already inside a span of label (labelAllPlan). The preview
// (previewLabelAll) shows the same plan first.
func (s *searchBar) labelAll(label string) {
	w := s.w
	if !w.canEdit() || w.doc == nil || len(w.matches) == 0 {
		return
	}
	add, _ := labelAllPlan(w.matches, w.anns, label)
	s.commitLabelAll(label, add)
}

// commitLabelAll creates a span of label on each range of add.
func (s *searchBar) commitLabelAll(label string, add [][2]int) {
	w := s.w
	if len(add) == 0 {
		w.setStatusText("every match is already inside a " + label + " span")
		return
	}
	as := make([]model.Annotation, len(add))
	for i, m := range add {
		as[i] = model.Annotation{Label: label, Fragments: []model.Fragment{{Start: m[0], End: m[1]}}}
	}
	// One write: one transaction and one undo step, shown at once.
	made := w.ctl.CreateMany(as, fmt.Sprintf("labeled %s %s (one undo step)", model.Plural(len(as), "match", "matches"), label))
	w.markInProgress()
	if len(made) > 0 {
		w.selectAnnotation(made[0].ID)
	}
}
