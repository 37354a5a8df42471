package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// annTable is the annotations table across documents: label, text,
// annotator, attributes, document and note of every span, filtered by
// label, annotator, document and text, sorted by a column (click its
// header; again to reverse), a click on a row jumps to the span. It is
// virtualized twice over: widget.Table builds cells only for the visible
// rows, and annPager reads them a page at a time from the store.
type annTable struct {
	w     *Window
	win   fyne.Window
	pager *annPager
	table *widget.Table
	count *widget.Label

	label, annotator, doc *escSelect
	text                  *escEntry
	names                 []string // the annotators, sorted
	fit                   *tableFit
	docIDs                map[string]int64 // document select option -> id
	rowHeight             float32
}

// table columns, in order.
// Their widths follow the window's (table_columns.go).
var tableColumns = []struct {
	title string
	sort  model.AnnotationSort // "" not sortable
}{
	{"Label", model.SortLabel},
	{"Text", model.SortText},
	{"Annotator", model.SortAnnotator},
	{"Attributes", ""},
	{"Document", model.SortDocument},
	{"Note", ""},
}

const (
	tableAllLabels     = "all labels"
	tableAllAnnotators = "all annotators"
	tableAllDocuments  = "all documents"
)

// ShowAnnotationsTable opens the annotations table in its own window (or
// brings it to the front).
func (w *Window) ShowAnnotationsTable() {
	if w.annTable != nil {
		w.annTable.win.RequestFocus()
		return
	}
	w.annTable = w.newAnnTable(w.toolWindow("Annotations", tableWindowSize, func() { w.annTable = nil }))
	w.annTable.apply() // the first page
}

// tableInline has the table read its pages on the caller: under Fyne's
// test driver fyne.Do runs on the reading goroutine, which then raced
// the test's own reads of the table (main_test.go sets it; the pager's
// tests and waitPager cover the queue).
var tableInline = false

func (w *Window) newAnnTable(win fyne.Window) *annTable {
	t := &annTable{w: w, win: win, docIDs: map[string]int64{}}
	t.pager = newAnnPager(w.ctx, w.store.QueryAnnotations, fyne.Do)
	if tableInline {
		t.pager.post, t.pager.inline = func(fn func()) { fn() }, true
	}
	t.pager.changed = t.refresh
	t.pager.failed = func(err error) { t.count.SetText("could not read the annotations: " + err.Error()) }
	t.count = widget.NewLabel("reading…")

	labels := []string{tableAllLabels}
	for _, l := range w.schema.Labels {
		labels = append(labels, l.Name)
	}
	t.label = newKeySelect(labels, func(string) { t.apply() })
	t.label.onEscape = win.Close
	t.label.SetSelected(tableAllLabels)
	annotators := []string{tableAllAnnotators}
	if names, err := w.store.Annotators(w.ctx); err == nil {
		sort.Strings(names)
		annotators = append(annotators, names...)
	}
	t.names = annotators[1:]
	t.annotator = newKeySelect(annotators, func(string) { t.apply() })
	t.annotator.onEscape = win.Close
	t.annotator.SetSelected(tableAllAnnotators)
	docs := []string{tableAllDocuments}
	for _, d := range w.allDocuments() {
		name := d.Name
		if _, dup := t.docIDs[name]; dup {
			name = fmt.Sprintf("%s (%d)", d.Name, d.ID)
		}
		t.docIDs[name] = d.ID
		docs = append(docs, name)
	}
	t.doc = newKeySelect(docs, func(string) { t.apply() })
	t.doc.onEscape = win.Close
	t.doc.SetSelected(tableAllDocuments)
	// Esc closes the window with the box focused too (it opens focused,
	// and a focused plain Entry kept Esc from the window).
	t.text = newEscEntry()
	t.text.onEscape = win.Close
	t.text.PlaceHolder = "covered text contains…"
	t.text.OnChanged = func(string) { t.apply() }

	t.table = widget.NewTableWithHeaders(
		func() (int, int) { return t.pager.Len(), len(tableColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		t.updateCell)
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	t.table.UpdateHeader = t.updateHeader
	t.fit = &tableFit{table: t.table, least: tableLeastWidths(labels[1:], t.names)}
	for i, w := range t.fit.least {
		t.table.SetColumnWidth(i, w)
	}
	t.table.OnSelected = func(id widget.TableCellID) {
		t.table.UnselectAll()
		t.jump(id.Row)
	}
	filters := container.NewGridWithColumns(4, t.label, t.annotator, t.doc, t.text)
	win.SetContent(container.NewBorder(container.NewVBox(filters, t.count), nil, nil, nil, container.New(t.fit, t.table)))
	win.Canvas().Focus(t.text)
	return t
}

// apply turns the filter widgets into the pager's query.
func (t *annTable) apply() {
	if t.pager == nil || t.table == nil {
		return
	}
	q := t.pager.q
	q.Label, q.Annotator, q.DocID = "", "", 0
	if s := t.label.Selected; s != tableAllLabels {
		q.Label = s
	}
	if s := t.annotator.Selected; s != tableAllAnnotators {
		q.Annotator = s
	}
	if s := t.doc.Selected; s != tableAllDocuments {
		q.DocID = t.docIDs[s]
	}
	q.Text = strings.TrimSpace(t.text.Text)
	t.count.SetText("reading…")
	t.pager.setQuery(q)
	t.table.ScrollToTop()
	t.table.Refresh()
}

// sortBy sorts by column c's key; the same column again reverses it.
func (t *annTable) sortBy(c int) {
	key := tableColumns[c].sort
	if key == "" {
		return
	}
	q := t.pager.q
	if q.Sort == key || (q.Sort == "" && key == model.SortDocument) {
		q.Desc = !q.Desc
	} else {
		q.Sort, q.Desc = key, false
	}
	q.Sort = key
	t.pager.setQuery(q)
	t.table.ScrollToTop()
	t.table.Refresh()
}

func (t *annTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(tableColumns) {
		b.SetText("")
		return
	}
	c := tableColumns[id.Col]
	text := c.title
	cur := t.pager.q.Sort
	if cur == "" {
		cur = model.SortDocument
	}
	if c.sort != "" && c.sort == cur {
		if t.pager.q.Desc {
			text += " ▼"
		} else {
			text += " ▲"
		}
	}
	b.SetText(text)
	col := id.Col
	b.OnTapped = func() { t.sortBy(col) }
	if c.sort == "" {
		b.Importance = widget.LowImportance
	}
}

func (t *annTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	r, ok := t.pager.Row(id.Row)
	if !ok {
		l.SetText("…")
		return
	}
	l.SetText(cellText(r, id.Col))
}

// cellText is what column col shows of row r.
func cellText(r *model.AnnotationRow, col int) string {
	switch col {
	case 0:
		return r.Label
	case 1:
		return shorten(r.Text, 80)
	case 2:
		return r.Annotator
	case 3:
		keys := make([]string, 0, len(r.Attributes))
		for k := range r.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s=%v", k, r.Attributes[k])
		}
		return strings.Join(parts, ", ")
	case 4:
		// The offsets first: a cell too narrow for both (the table's
		// window at 1024×640) cuts the document's name, not the offsets
		// that tell its spans apart.
		return fmt.Sprintf("%d–%d · %s", r.Start(), r.End(), r.DocName)
	case 5:
		return shorten(r.Note, 60)
	}
	return ""
}

func (t *annTable) refresh() {
	n := t.pager.Len()
	switch {
	case n == 0 && !filtered(t.pager.q):
		// Nothing filtered out: "no annotations match" read as if a
		// filter were set.
		t.count.SetText("no annotations yet: label text in the article, or merge a colleague's file")
	case n == 0:
		t.count.SetText("no annotations match")
	case n == 1:
		t.count.SetText("1 annotation · click a row to go to it")
	default:
		t.count.SetText(fmt.Sprintf("%d annotations · click a row to go to it · click a column's title to sort", n))
	}
	t.table.Refresh()
}

// filtered says whether q leaves some annotations out.
func filtered(q model.AnnotationQuery) bool {
	return q.Label != "" || q.Annotator != "" || q.Text != "" || q.DocID != 0
}

// jump shows row i's span in the main window.
func (t *annTable) jump(i int) {
	r, ok := t.pager.Row(i)
	if !ok {
		return
	}
	t.w.jumpToSpan(r.DocID, r.ID, r.Annotator, r.Label, r.Start(), r.End())
	t.w.win.RequestFocus()
}
