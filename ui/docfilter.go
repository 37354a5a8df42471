package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// The document list's filter: by status (todo / in progress / done) and
// by annotator (the documents someone has worked on). The status is the
// chosen annotator's, or the window's annotator's when no one is chosen:
// the one the list's ○ ◐ ✓ marks show.

const (
	anyStatus = "any status"
	anyone    = "anyone"
)

var statusChoices = []struct {
	text   string
	status model.Status
}{
	{"todo", model.StatusTodo},
	{"in progress", model.StatusInProgress},
	{"done", model.StatusDone},
}

// docFilterSpec is what the filter keeps; zero values keep everything.
type docFilterSpec struct {
	Status    model.Status // "" any
	Annotator string       // "" anyone
}

// filterDocs keeps the documents that pass spec. st holds every status
// row (no row means todo); worked says who has spans in which document
// (a status other than todo also counts as worked on); me is whose
// status counts when spec names no annotator.
func filterDocs(docs []model.DocumentSummary, st map[int64]map[string]model.Status, worked map[int64]map[string]bool, spec docFilterSpec, me string) []model.DocumentSummary {
	if spec == (docFilterSpec{}) {
		return docs
	}
	who := me
	if spec.Annotator != "" {
		who = spec.Annotator
	}
	var out []model.DocumentSummary
	for _, d := range docs {
		s, ok := st[d.ID][who]
		if !ok {
			s = model.StatusTodo
		}
		if spec.Status != "" && s != spec.Status {
			continue
		}
		if spec.Annotator != "" && !worked[d.ID][who] && s == model.StatusTodo {
			continue
		}
		out = append(out, d)
	}
	return out
}

// docFilter is the filter's widget (two choices above the list) and the
// full list it filters.
type docFilter struct {
	w           *Window
	box         fyne.CanvasObject
	status, who *widget.Select
	spec        docFilterSpec
	all         []model.DocumentSummary // every document, as the store listed them
	worked      map[int64]map[string]bool
	// post runs the read of who worked where on the UI goroutine
	// (fyne.Do; tests replace it).
	post func(func())
}

func newDocFilter(w *Window) *docFilter {
	f := &docFilter{w: w, post: fyne.Do}
	statuses := []string{anyStatus}
	for _, c := range statusChoices {
		statuses = append(statuses, c.text)
	}
	f.status = widget.NewSelect(statuses, func(s string) {
		f.spec.Status = ""
		for _, c := range statusChoices {
			if c.text == s {
				f.spec.Status = c.status
			}
		}
		f.changed()
	})
	f.status.SetSelected(anyStatus)
	f.who = widget.NewSelect([]string{anyone}, func(s string) {
		f.worked = nil // read again: spans change
		f.spec.Annotator = ""
		if s != anyone {
			f.spec.Annotator = s
		}
		f.changed()
	})
	f.who.SetSelected(anyone)
	// One above the other: side by side they widened the documents
	// column (and moved the article) by 50 px.
	f.box = container.NewVBox(f.status, f.who)
	return f
}

// keep is the part of docs the list shows; it remembers docs as the full
// list and offers the annotators of st as choices.
func (f *docFilter) keep(docs []model.DocumentSummary, st map[int64]map[string]model.Status) []model.DocumentSummary {
	f.all = docs
	names := map[string]bool{f.w.annotator: true}
	for _, m := range st {
		for who := range m {
			names[who] = true
		}
	}
	for _, m := range f.worked {
		for who := range m {
			names[who] = true
		}
	}
	// Everyone with a layer (a small table, read when the list is).
	if more, err := f.w.store.Annotators(f.w.ctx); err == nil {
		for _, who := range more {
			names[who] = true
		}
	}
	opts := []string{anyone}
	var sorted []string
	for n := range names {
		if n != model.GoldAnnotator {
			sorted = append(sorted, n)
		}
	}
	sort.Strings(sorted)
	f.who.Options = append(opts, sorted...)
	return filterDocs(docs, st, f.worked, f.spec, f.w.annotator)
}

// changed applies a new choice: the annotator filter first reads who has
// spans where (off the UI goroutine, at each choice of annotator), then
// the list is rebuilt.
func (f *docFilter) changed() {
	if f.w.docList == nil || f.all == nil {
		return
	}
	if f.spec.Annotator != "" && f.worked == nil {
		store, ctx := f.w.store, f.w.ctx
		go func() {
			counts, err := store.LabelCounts(ctx)
			f.post(func() {
				if err != nil {
					f.w.showError(err)
					return
				}
				f.worked = map[int64]map[string]bool{}
				for _, c := range counts {
					if f.worked[c.DocID] == nil {
						f.worked[c.DocID] = map[string]bool{}
					}
					f.worked[c.DocID][c.Annotator] = true
				}
				f.changed()
			})
		}()
		return
	}
	f.keepCounts()
	f.w.setDocs(f.all, f.w.statuses)
	f.w.docList.UnselectAll()
	if f.w.doc != nil {
		if i, ok := f.w.docRow[f.w.doc.ID]; ok {
			// The open document stays open: selecting its row must not
			// open it again.
			f.w.opening = f.w.doc.ID
			f.w.docList.Select(i)
			f.w.opening = 0
		}
	}
}

// keepCounts copies the shown rows' span counts (the window updates them
// as the user edits) into the full list before it is filtered again.
func (f *docFilter) keepCounts() {
	for _, d := range f.w.docs {
		for i := range f.all {
			if f.all[i].ID == d.ID {
				f.all[i].Annotations = d.Annotations
				break
			}
		}
	}
}

// allDocuments is every document of the project, whatever the list's
// filter shows.
func (w *Window) allDocuments() []model.DocumentSummary {
	if w.docFilter != nil && w.docFilter.all != nil {
		return w.docFilter.all
	}
	return w.docs
}

// showHiddenDocument clears the filter when docID is hidden by it, so
// that a jump (from the table, a search or an undo) can open it.
func (w *Window) showHiddenDocument(docID int64) {
	if _, ok := w.docRow[docID]; ok || w.docFilter == nil || w.docFilter.spec == (docFilterSpec{}) {
		return
	}
	w.docFilter.spec = docFilterSpec{}
	w.docFilter.status.SetSelected(anyStatus) // calls changed
	w.docFilter.who.SetSelected(anyone)
}
