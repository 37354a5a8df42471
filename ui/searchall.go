package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// searchResultLimit caps how many documents one search lists.
const searchResultLimit = 1000

// searchAll is search across documents (Ctrl+Shift+F): the store's
// full-text index (FTS5) finds the documents holding the words, the list
// shows every occurrence with its context, a click opens it, and "Label
// all" labels every occurrence, across documents, as one transaction and
// one undo step, after a preview of what it will do.
type searchAll struct {
	w       *Window
	win     fyne.Window
	entry   *escEntry
	status  *widget.Label
	list    *widget.List
	labelAs *escSelect
	apply   *widget.Button
	hits    []model.SearchHit
	rows    [][2]int // list row -> hit, match
	term    string
	gen     int
	// post runs a search's result on the UI goroutine (fyne.Do; tests
	// replace it).
	post    func(func())
	confirm *dialog.ConfirmDialog // the last "label all" preview
}

// ShowSearchAcrossDocuments opens the search window (or brings it to the
// front).
func (w *Window) ShowSearchAcrossDocuments() {
	if w.searchAll != nil {
		w.searchAll.win.RequestFocus()
		return
	}
	w.searchAll = w.newSearchAll(w.toolWindow("Search all documents", searchWindowSize, func() { w.searchAll = nil }))
	w.searchAll.win.Canvas().Focus(w.searchAll.entry)
}

func (w *Window) newSearchAll(win fyne.Window) *searchAll {
	s := &searchAll{w: w, win: win, post: fyne.Do}
	s.entry = newEscEntry()
	s.entry.onEscape = win.Close // Esc closes the window, the box focused or not
	s.entry.PlaceHolder = "words to find in every document (Enter)"
	s.entry.OnSubmitted = func(string) { s.run() }
	s.status = widget.NewLabel("Whole words, any case.")
	s.status.Wrapping = fyne.TextWrapWord // beside the label box, in a narrow window
	s.list = widget.NewList(func() int { return len(s.rows) }, newSearchRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h, m := s.rows[i][0], s.rows[i][1]
			setSearchRow(o, s.hits[h], m, s.term) // searchall_row.go
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i < len(s.rows) {
			h := s.hits[s.rows[i][0]]
			f := h.Matches[s.rows[i][1]]
			s.w.openDocumentThen(h.DocID, func() {
				s.w.view.SelectHighlight("")
				s.w.view.ScrollToOffset(f.Start)
				s.w.view.SetSelection(f.Start, f.End)
				s.w.selectionChanged(f.Start, f.End)
			})
			s.w.win.RequestFocus()
		}
	}
	var labels []string
	for _, l := range w.schema.Labels {
		labels = append(labels, l.Name)
	}
	// Esc closes the window from the label box too: a click on it left it
	// focused, and a focused Select kept Esc from the window.
	s.labelAs = newKeySelect(labels, nil)
	s.labelAs.onEscape = win.Close
	s.labelAs.PlaceHolder = "label…"
	s.apply = widget.NewButton("Label all…", s.previewLabelAll)
	s.apply.Disable()
	top := container.NewBorder(nil, nil, nil, widget.NewButton("Search", s.run), s.entry)
	choose := container.New(leastWidth{selectWidth(labels, 260)}, s.labelAs) // the label chosen shows whole
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(choose, s.apply), s.status)
	win.SetContent(container.NewBorder(top, bottom, nil, nil, s.list))
	return s
}

// run searches off the UI goroutine; a newer search wins.
func (s *searchAll) run() {
	term := strings.TrimSpace(s.entry.Text)
	s.gen++
	gen, store, ctx := s.gen, s.w.store, s.w.ctx
	if term == "" {
		s.show(term, nil)
		return
	}
	s.status.SetText("searching…")
	go func() {
		hits, err := store.SearchDocuments(ctx, term, searchResultLimit)
		s.post(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText("search failed: " + err.Error())
				return
			}
			s.show(term, hits)
		})
	}()
}

func (s *searchAll) show(term string, hits []model.SearchHit) {
	s.term, s.hits, s.rows = term, hits, nil
	for h := range hits {
		for m := range hits[h].Matches {
			s.rows = append(s.rows, [2]int{h, m})
		}
	}
	switch {
	case term == "":
		s.status.SetText("Whole words, any case.")
	case len(hits) == 0:
		s.status.SetText(fmt.Sprintf("“%s” is in no document", term))
	default:
		more := ""
		if len(hits) == searchResultLimit {
			more = fmt.Sprintf(" (the first %d documents)", searchResultLimit)
		}
		s.status.SetText(fmt.Sprintf("%s in %s%s · click one to go there", model.Plural(len(s.rows), "match", "matches"), model.Plural(len(hits), "document", "documents"), more))
	}
	if len(s.rows) > 0 {
		s.apply.Enable()
	} else {
		s.apply.Disable()
	}
	s.list.Refresh()
}

// previewLabelAll says what labelling every match would do and asks.
func (s *searchAll) previewLabelAll() {
	label := s.labelAs.Selected
	if label == "" {
		s.status.SetText("choose the label first")
		return
	}
	if len(s.hits) == 0 || !s.w.canEdit() {
		return
	}
	if s.w.mode == modeCompare {
		s.status.SetText("the compare view is read-only: switch to annotate or curate to label")
		return
	}
	hits, layer, store, ctx, term := s.hits, s.w.editLayer(), s.w.store, s.w.ctx, s.term
	s.status.SetText("counting what is labeled already…")
	go func() {
		read := func(doc int64) ([]model.Annotation, error) { return store.Annotations(ctx, doc, layer) }
		spans, skipped, err := planLabelAll(read, hits, label, layer)
		s.post(func() { s.confirmLabelAll(hits, term, label, layer, spans, skipped, err) })
	}()
}

// confirmLabelAll shows the preview of a plan and writes it on Yes.
func (s *searchAll) confirmLabelAll(hits []model.SearchHit, term, label, layer string, spans []*model.Annotation, skipped int, err error) {
	if err != nil {
		s.w.showError(err)
		return
	}
	if len(spans) == 0 {
		s.status.SetText(fmt.Sprintf("every match is already inside a %s span of %s", label, layer))
		return
	}
	docs := map[int64]bool{}
	for _, a := range spans {
		docs[a.DocID] = true
	}
	msg := fmt.Sprintf("Label %s of “%s” in %s as %s in %s's layer?", model.Plural(len(spans), "match", "matches"), term, model.Plural(len(docs), "document", "documents"), label, layer)
	if skipped > 0 {
		msg += fmt.Sprintf("\n%s already inside a %s span left as they are.", model.Plural(skipped, "match", "matches"), label)
	}
	msg += "\nOne undo step (Ctrl+Z) takes them all back."
	s.status.SetText(fmt.Sprintf("%d to label, %d labeled already", len(spans), skipped))
	// The message in a label that does not wrap (its lines are set):
	// Fyne's confirm wraps its message, and a wrapping label asks for the
	// height its text takes at the label's least width, which left the
	// question half empty (docs/search-1024.png).
	body := widget.NewLabelWithStyle(msg, fyne.TextAlignCenter, fyne.TextStyle{})
	s.confirm = dialog.NewCustomConfirm("Label all matches?", "Label all", "No", body, func(ok bool) {
		if ok {
			s.labelAll(hits, label, layer)
		}
	}, s.win)
	showDialog(s.confirm, s.win)
}

// errNothingToLabel: every match got labelled between preview and write.
var errNothingToLabel = errors.New("every match is already labeled")

// labelAll writes the plan in the edit controller's queue: one
// CreateAnnotations call, so one transaction and one history group.
func (s *searchAll) labelAll(hits []model.SearchHit, label, layer string) {
	ctx, w := s.w.ctx, s.w
	made := 0
	what := fmt.Sprintf("labeled the matches of “%s” %s (one undo step)", s.term, label)
	w.ctl.Write(what, func(st model.Store) error {
		read := func(doc int64) ([]model.Annotation, error) { return st.Annotations(ctx, doc, layer) }
		spans, _, err := planLabelAll(read, hits, label, layer)
		if err != nil {
			return err
		}
		if len(spans) == 0 {
			return errNothingToLabel
		}
		made = len(spans)
		return st.CreateAnnotations(ctx, spans)
	}, func(err error) {
		if err != nil {
			return // the controller reported it
		}
		s.status.SetText(fmt.Sprintf("labeled %s %s · Ctrl+Z in the main window undoes it", model.Plural(made, "match", "matches"), label))
		// Other documents' counts changed: read the list again in the
		// edit queue, then the open document's layer.
		w.readBack(true, nil, func(err error) {
			if err != nil {
				w.showError(err)
			}
			w.reloadLayer(w.updateStatus)
		})
	})
}
