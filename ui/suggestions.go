package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/articleview"
)

// The window's side of suggestions (issue 16): the open document's
// pending suggestions drawn in the article view (articleview/suggestions.go)
// and listed beside it, the keys that decide on the selected one, and the
// panel that holds that list, the active-learning queue (alqueue.go) and
// the recommenders (recommenders.go). Every decision goes through the edit
// controller (editctl/suggestions.go): one undo step, origin kept.
//
// Keys, while a suggestion is selected in the view:
//
//	Enter             accept it
//	Backspace/Delete  reject it (the same text and label never come back)
//	a label's hotkey  accept it with that label (a correction)
//	Tab, Shift+Tab    next, previous suggestion
//	Esc               deselect it
//
// and anywhere in the view "]" and "[" go to the next and previous
// suggestion (unless a label uses them as hotkeys).

// suggestionsUI is the window's suggestions state and panel.
type suggestionsUI struct {
	w *Window
	// help is the keys' help, and countText the count's text, set in
	// their labels only while the panel shows (textShown): a hidden
	// panel's wrapped labels cost a launch 40 ms of measuring (Fyne 2.7.1
	// shapes each new word with a new harfbuzz font; BENCHMARKS.md).
	help      *widget.Label
	countText string
	// listedDoc is the document the side list lists.
	listedDoc int64
	// list is the open document's pending suggestions (span ones and
	// document-label ones), by start and descending score.
	list []model.Suggestion
	// want is a suggestion to select once it is listed (the queue opens
	// its document first).
	want int64
	// shown are the suggestions the decision log has as shown already.
	shown map[int64]bool
	// sideSelected is the side list's selected row (-1 none); selecting
	// is set while selectSuggestion selects it (its OnSelected comes back).
	sideSelected int
	selecting    bool
	folded       bool // the user folded the panel: it stays so
	// shownNone: the view, the side list and the count show that the
	// open document has no pending suggestions; setList of none again
	// draws nothing (see there).
	shownNone bool
	// draws counts the lists setList drew (tests).
	draws int

	side     *widget.List
	count    *widget.Label
	minScore *widget.Entry
	queue    *alQueue
	recs     *recommendersPanel
	tabs     *container.AppTabs
	panel    *fyne.Container // the tabs (hidden until asked for)
	box      *fyne.Container // the toggle above the panel
	place    *sidePanel      // where the panel is: beside the article or over the panes (panes.go)
	button   *widget.Button
}

// suggestionsWidth is the side panel's width.
const suggestionsWidth = 300

// newSuggestionsUI builds the panel and its toggle; attach
// wires it to the view and the edit controller once they exist.
func newSuggestionsUI(w *Window) *suggestionsUI {
	s := &suggestionsUI{w: w, shown: map[int64]bool{}, sideSelected: -1}
	s.button = widget.NewButtonWithIcon("", theme.ListIcon(), s.toggle)
	// The count changes with each document; the keys' help does not.
	// As one wrapped label, each document's load measured all its words
	// again (a new harfbuzz font per word in Fyne 2.7.1: 40 ms of a
	// launch, the panel hidden; BENCHMARKS.md).
	s.count = widget.NewLabel("")
	s.count.Wrapping = fyne.TextWrapWord
	s.help = widget.NewLabel("")
	s.help.Wrapping = fyne.TextWrapWord
	s.side = widget.NewList(func() int { return len(s.list) }, func() fyne.CanvasObject {
		sw := canvas.NewRectangle(color.Transparent)
		sw.SetMinSize(fyne.NewSize(6, 18))
		text := widget.NewLabel("label · text")
		text.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, sw, widget.NewLabel("0.00"), text)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(s.list) {
			return
		}
		sg := &s.list[i]
		c := o.(*fyne.Container)
		// The recommender too: two of them may propose the same span.
		text := fmt.Sprintf("%s · %q · %s", sg.Label, sg.Text, sg.Recommender)
		if sg.IsDocLabel() {
			text = fmt.Sprintf("document %s = %s · %s", sg.Set, sg.Label, sg.Recommender)
		}
		c.Objects[0].(*widget.Label).SetText(text)
		sw := c.Objects[1].(*canvas.Rectangle)
		sw.FillColor = w.labelColor(sg.Label)
		sw.Refresh()
		c.Objects[2].(*widget.Label).SetText(fmt.Sprintf("%.2f", sg.Score))
	})
	s.side.OnSelected = func(i widget.ListItemID) {
		if i < len(s.list) && !s.selecting {
			s.selectSuggestion(s.list[i].ID, true)
		}
	}
	s.minScore = widget.NewEntry()
	s.minScore.SetText("0.80")
	acceptAll := widget.NewButton("Accept all ≥", s.acceptAll)
	accept := widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() {
		if sg := s.selected(); sg != nil {
			s.accept(*sg, "")
		}
	})
	reject := widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() {
		if sg := s.selected(); sg != nil {
			s.reject(*sg)
		}
	})
	top := container.NewVBox(s.count, s.help,
		container.NewBorder(nil, nil, acceptAll, nil, s.minScore),
		container.NewGridWithColumns(2, accept, reject))
	doc := container.NewBorder(top, nil, nil, nil, s.side)
	s.queue = newALQueue(s)
	s.recs = newRecommendersPanel(s)
	s.tabs = container.NewAppTabs(
		container.NewTabItem("Document", doc),
		container.NewTabItem("Queue", s.queue.box),
		container.NewTabItem("Recommenders", s.recs.box),
	)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t.Text == "Recommenders" {
			s.recs.refresh()
		}
	}
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(suggestionsWidth, 0))
	s.panel = container.NewStack(width, s.tabs)
	s.panel.Hide()
	// Folded, the panel is its toggle alone, a narrow column beside the
	// text (the toolbar has no room left at 1280 px).
	s.place = newSidePanel(s.panel)
	s.box = container.NewBorder(container.NewHBox(s.button), nil, nil, nil, s.place.beside)
	return s
}

// attach wires the panel to the view and the edit controller and returns
// the side panel for the window's layout.
func (s *suggestionsUI) attach(v *articleview.View) fyne.CanvasObject {
	w := s.w
	onKey, onRune, onHL := v.OnKey, v.OnRune, v.OnHighlightSelected
	v.OnKey = func(ev *fyne.KeyEvent) bool { return s.typedKey(ev) || (onKey != nil && onKey(ev)) }
	v.OnRune = func(r rune) bool { return s.typedRune(r) || (onRune != nil && onRune(r)) }
	v.OnHighlightSelected = func(id string) {
		if id != "" {
			s.side.UnselectAll()
		}
		if onHL != nil {
			onHL(id)
		}
	}
	v.SetOnSuggestionSelected(func(id string) {
		if n, ok := suggestionNumber(id); ok {
			s.selectSuggestion(n, false)
		} else {
			s.side.UnselectAll()
			w.updateStatus()
		}
	})
	ev := w.ctl.Events()
	opened, replaced, saved := ev.Opened, ev.Replaced, ev.Saved
	ev.Saved = func(msg string) {
		if saved != nil {
			saved(msg)
		}
		s.recs.edited()
	}
	ev.Opened = func(d *model.Document, all []model.Annotation) {
		s.list, s.shownNone = nil, false
		if opened != nil {
			opened(d, all)
		}
		s.reload()
	}
	ev.Replaced = func() {
		if replaced != nil {
			replaced()
		}
		s.reload()
	}
	w.ctl.SetEvents(ev)
	w.ctl.OnStep(func(*model.HistoryStep) { s.reload() })
	return s.box
}

// textShown puts the count's and the help's texts in their labels, the
// panel showing.
func (s *suggestionsUI) textShown() {
	s.count.SetText(s.countText)
	if s.help.Text == "" {
		s.help.SetText("Enter accepts the selected one, Backspace rejects it, a label's key accepts it as that label; ] and [, or Tab and Shift+Tab, move between them.")
	}
}

// toggle shows or hides the side panel.
func (s *suggestionsUI) toggle() {
	s.folded = s.panel.Visible()
	if s.folded {
		s.panel.Hide()
	} else {
		s.panel.Show()
		s.textShown()
		s.reload()
	}
	s.w.fitPanes() // beside the article, or over the panes where it does not fit
}

// show shows the side panel on the tab named tab.
func (s *suggestionsUI) show(tab string) {
	s.panel.Show()
	s.textShown()
	s.w.fitPanes()
	for _, t := range s.tabs.Items {
		if t.Text == tab {
			s.tabs.Select(t)
		}
	}
}

// enabled says whether the window shows suggestions: the store keeps
// them and the window edits the annotator's own layer (accepting makes
// the annotator's annotation, never gold's).
func (s *suggestionsUI) enabled() bool {
	return s.w.ctl.Suggestions() != nil && s.w.mode == modeAnnotate
}

// viewID is a suggestion's id in the article view.
func viewID(id int64) string { return "s" + strconv.FormatInt(id, 10) }

func suggestionNumber(id string) (int64, bool) {
	rest, ok := strings.CutPrefix(id, "s")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil
}

// reload re-reads the open document's pending suggestions (after the
// writes queued before) and shows them.
func (s *suggestionsUI) reload() {
	w := s.w
	if w.doc == nil || !s.enabled() {
		s.setList(nil)
		return
	}
	ss, docID := w.ctl.Suggestions(), w.doc.ID
	var list []model.Suggestion
	w.ctl.Read(func(model.Store) error {
		var err error
		list, err = ss.Suggestions(w.ctx, model.SuggestionQuery{DocID: docID, For: w.annotator})
		return err
	}, func(err error) {
		if err != nil {
			w.showError(fmt.Errorf("suggestions of document %d: %w", docID, err))
			return
		}
		if w.doc != nil && w.doc.ID == docID {
			s.setList(list)
		}
	})
}

// setList shows list in the view and the side list, keeping the selected
// suggestion selected when it is still there (or selecting want).
func (s *suggestionsUI) setList(list []model.Suggestion) {
	w := s.w
	// Every undo and redo reads the suggestions again (one may have gone
	// back to pending). In a document that has none, drawing "none" again
	// rebuilt the article view's rows over the whole text (a new
	// suggestion version), refreshed the side list and set the count's
	// text: in the 1 MB document of bench/gui.py an extra frame of the
	// window after each undo and redo, once the read came back (issue 14).
	if len(list) == 0 && s.shownNone && s.want == 0 && s.queue.undoing == nil {
		s.list = list
		return
	}
	s.draws++
	defer func() { s.shownNone = len(list) == 0 }()
	keep := int64(0)
	if n, ok := suggestionNumber(w.view.SelectedSuggestion()); ok {
		keep = n
	}
	if s.want != 0 {
		keep, s.want = s.want, 0
	}
	s.list = list
	vs := make([]articleview.Suggestion, 0, len(list))
	for i := range list {
		sg := &list[i]
		if sg.IsDocLabel() {
			continue
		}
		vs = append(vs, articleview.Suggestion{ID: viewID(sg.ID), Start: sg.Start(), End: sg.End(), Label: sg.Label, Color: w.labelColor(sg.Label), Score: sg.Score})
	}
	w.view.SetSuggestions(vs)
	s.side.UnselectAll()
	if docID := s.w.doc; docID != nil && docID.ID != s.listedDoc {
		// Another document's list: from its top (scrolled down a long
		// list, a short one showed blank rows until a wheel turn).
		s.listedDoc = docID.ID
		s.side.ScrollToTop()
	}
	s.side.Refresh()
	s.countText = model.Plural(len(list), "pending suggestion", "pending suggestions") + " in this document."
	if len(list) > 0 && !s.panel.Visible() && !s.folded {
		s.panel.Show() // there is something to decide on: say so
		w.fitPanes()
	}
	if s.panel.Visible() {
		s.textShown()
	}
	if keep != 0 && s.index(keep) >= 0 {
		s.selectSuggestion(keep, true)
	}
	if s.queue.undoing != nil && keep != 0 && s.index(keep) >= 0 {
		s.queue.stepShown()
	}
}

// index of suggestion id in list, or -1.
func (s *suggestionsUI) index(id int64) int {
	for i := range s.list {
		if s.list[i].ID == id {
			return i
		}
	}
	return -1
}

// selected is the suggestion selected in the view or the side list (a
// document-label suggestion is only in the list), or nil.
func (s *suggestionsUI) selected() *model.Suggestion {
	if a, b := s.w.view.Selection(); b > a {
		return nil // text is selected: the keys act on it
	}
	if n, ok := suggestionNumber(s.w.view.SelectedSuggestion()); ok {
		if i := s.index(n); i >= 0 {
			return &s.list[i]
		}
	}
	if s.w.view.SelectedHighlight() == "" && s.sideSelected >= 0 && s.sideSelected < len(s.list) && s.list[s.sideSelected].IsDocLabel() {
		return &s.list[s.sideSelected]
	}
	return nil
}

// selectSuggestion selects suggestion id in the view (scrolling to it)
// and the side list, logs it as shown the first time, and says what the
// keys do. focus puts the keyboard in the view.
func (s *suggestionsUI) selectSuggestion(id int64, focus bool) {
	w := s.w
	i := s.index(id)
	if i < 0 {
		return
	}
	sg := s.list[i]
	if a, b := w.view.Selection(); b > a {
		// The keys act on the suggestion now, not on the text selected.
		w.view.SetSelection(a, a)
		w.selection = [2]int{}
	}
	if !sg.IsDocLabel() {
		w.view.SelectSuggestion(viewID(id))
		w.inspector.show(nil)
		w.annList.selectID("")
	}
	s.sideSelected = i
	s.selecting = true
	s.side.Select(i)
	s.selecting = false
	s.side.ScrollTo(i)
	if !s.shown[id] && !w.store.ReadOnly() { // a read-only file logs nothing
		s.shown[id] = true
		w.ctl.LogDecision(id, model.DecisionShown, nil)
	}
	if focus {
		w.win.Canvas().Focus(w.view)
	}
	w.setStatusText(fmt.Sprintf("suggestion %s %q · score %.2f · %s · Enter accepts, Backspace rejects, a label key accepts as that label", sg.Label, sg.Text, sg.Score, sg.Recommender))
}

// step selects the next (delta 1) or previous span suggestion in text
// order from the selected one.
func (s *suggestionsUI) step(delta int) bool {
	var spans []int
	for i := range s.list {
		if !s.list[i].IsDocLabel() {
			spans = append(spans, i)
		}
	}
	if len(spans) == 0 {
		return false
	}
	cur := -1
	if sg := s.selected(); sg != nil {
		for k, i := range spans {
			if s.list[i].ID == sg.ID {
				cur = k
			}
		}
	}
	next := cur + delta
	if cur < 0 && delta < 0 {
		next = len(spans) - 1
	}
	next = (next + len(spans)) % len(spans)
	s.selectSuggestion(s.list[spans[next]].ID, true)
	return true
}

// typedKey handles the keys of a selected suggestion.
func (s *suggestionsUI) typedKey(ev *fyne.KeyEvent) bool {
	sg := s.selected()
	if sg == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.accept(*sg, "")
	case fyne.KeyBackspace, fyne.KeyDelete:
		s.reject(*sg)
	case fyne.KeyTab:
		if s.w.view.Modifiers()&fyne.KeyModifierShift != 0 {
			s.step(-1)
		} else {
			s.step(1)
		}
	case fyne.KeyEscape:
		s.deselect()
		return false // the window's Esc clears the rest
	default:
		return false
	}
	return true
}

func (s *suggestionsUI) deselect() {
	s.w.view.SelectSuggestion("")
	s.sideSelected = -1
	s.side.UnselectAll()
}

// typedRune: a label's hotkey accepts the selected suggestion with that
// label; "]" and "[" step through the suggestions.
func (s *suggestionsUI) typedRune(r rune) bool {
	if l, ok := s.w.schema.LabelByHotkey(string(r)); ok {
		if sg := s.selected(); sg != nil && !sg.IsDocLabel() {
			s.accept(*sg, l.Name)
			return true
		}
		return false
	}
	switch r {
	case ']':
		return s.step(1)
	case '[':
		return s.step(-1)
	}
	return false
}

// after is the suggestion to select once sg is decided: the next one in
// text order, else the one before.
func (s *suggestionsUI) after(sg model.Suggestion) int64 {
	i := s.index(sg.ID)
	for j := i + 1; j < len(s.list); j++ {
		if !s.list[j].IsDocLabel() && !sameDecision(s.list[j], sg) {
			return s.list[j].ID
		}
	}
	for j := i - 1; j >= 0; j-- {
		if !s.list[j].IsDocLabel() && !sameDecision(s.list[j], sg) {
			return s.list[j].ID
		}
	}
	return 0
}

// sameDecision: rejecting a also removes b (same text and label).
func sameDecision(a, b model.Suggestion) bool {
	return a.Set == b.Set && a.Label == b.Label && a.Text == b.Text
}

// accept accepts sg as the annotator's annotation, with label instead of
// its own when label is not "" (logged as a correction).
func (s *suggestionsUI) accept(sg model.Suggestion, label string) {
	w := s.w
	if !w.canEdit() || !s.enabled() {
		return
	}
	if label == sg.Label {
		label = ""
	}
	name := sg.Label
	if label != "" {
		name = sg.Label + " as " + label
	}
	next := s.after(sg)
	s.drop(sg.ID)
	w.ctl.AcceptSuggestion(&sg, label, "accepted suggestion "+name, func(a *model.Annotation, err error) {
		if err == nil {
			w.markInProgress()
			s.want = next
			s.queue.decided(sg.ID, model.DecisionAccepted)
			if sg.IsDocLabel() {
				w.showDocLabels() // it made a document label
			}
		}
		s.reload()
	})
}

// reject rejects sg; it and every pending suggestion of the same text and
// label in the document go.
func (s *suggestionsUI) reject(sg model.Suggestion) {
	w := s.w
	if !w.canEdit() || !s.enabled() {
		return
	}
	next := s.after(sg)
	s.drop(sg.ID)
	w.ctl.RejectSuggestion(&sg, "rejected suggestion "+sg.Label+" "+strconv.Quote(sg.Text), func(err error) {
		if err == nil {
			s.want = next
			s.queue.decided(sg.ID, model.DecisionRejected)
		}
		s.reload()
	})
}

// drop takes a decided suggestion off the screen at once (its write is
// queued; a failure reloads it).
func (s *suggestionsUI) drop(id int64) {
	i := s.index(id)
	if i < 0 {
		return
	}
	s.list = append(s.list[:i:i], s.list[i+1:]...)
	vs := s.w.view.Suggestions()
	for k := range vs {
		if vs[k].ID == viewID(id) {
			vs = append(vs[:k], vs[k+1:]...)
			break
		}
	}
	s.w.view.SetSuggestions(vs)
	s.sideSelected = -1
	s.side.UnselectAll()
	s.side.Refresh()
}

// acceptAll accepts every pending suggestion of the document scoring at
// least the score typed, as one undo step.
func (s *suggestionsUI) acceptAll() {
	w := s.w
	if w.doc == nil || !w.canEdit() || !s.enabled() {
		return
	}
	min, err := strconv.ParseFloat(strings.TrimSpace(s.minScore.Text), 64)
	if err != nil || min < 0 || min > 1 {
		w.showError(fmt.Errorf("accept all: the score %q is not a number from 0 to 1", s.minScore.Text))
		return
	}
	var ids []int64
	for _, sg := range s.list {
		if sg.Score >= min {
			ids = append(ids, sg.ID)
		}
	}
	if len(ids) == 0 {
		w.setStatusText(fmt.Sprintf("no pending suggestion of this document scores %.2f or more", min))
		return
	}
	for _, id := range ids {
		s.drop(id)
	}
	w.ctl.AcceptSuggestions(ids, fmt.Sprintf("accepted %s scoring ≥ %.2f", model.Plural(len(ids), "suggestion", "suggestions"), min), func(_ []*model.Annotation, err error) {
		if err == nil {
			w.markInProgress()
			w.showDocLabels() // document-label suggestions among them
		}
		s.reload()
	})
}
