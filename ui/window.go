// Package ui is Margin's Fyne interface. It talks to model.Store only and
// receives its fyne.Window from cmd/margin, so everything here runs
// headless under Fyne's test driver.
package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/internal/startuptrace"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/ui/articleview"
	"github.com/margin-app/margin/ui/editctl"
)

// Window is the main window: one project, one annotator.
type Window struct {
	win       fyne.Window
	store     model.Store
	annotator string
	ctx       context.Context
	// closed: the window was closed (closing.go).
	closed bool
	// errorOpen is the reason (errorReason) of the error dialog on
	// screen, "" for none: showError does not stack a second dialog of
	// the same reason.
	errorOpen string

	schema   *model.Schema
	docs     []model.DocumentSummary
	docRow   map[int64]int // document id -> its row in docs
	statuses map[int64]map[string]model.Status
	doc      *model.Document
	ix       *model.TextIndex
	// ctl owns the open document's layer and makes every edit (layer.go);
	// doc, ix, anns and rels mirror its state for the panels.
	ctl       *editctl.Controller
	anns      []*model.Annotation // the edited layer of doc, in text order
	rels      []model.Relation
	opening   int64  // the document last asked for (it shows once loaded)
	reloading bool   // reloadLayer is under way: it draws the layer itself
	afterOpen func() // runs once the document being opened shows
	// writeFailures counts the writes the store refused (closing waits
	// for the queue and stays open when one of its writes failed).
	writeFailures int
	docIdx        int
	matches       [][2]int
	matchAt       int
	// linking is set while the user picks the target of a new relation.
	linking  string
	linkType string
	// notSaved: the last write failed and none has succeeded since, so
	// the status keeps saying "not saved" (opening a document does not
	// turn it into "saved").
	notSaved bool
	// annsLayer is the layer anns were last read whole from: the mode
	// switches the edited layer at once, anns follow once the store has
	// answered, and the status bar names the layer it counts (doccounts.go).
	annsLayer string

	title           *widget.Label
	docList         *widget.List
	progress        *widget.ProgressBar
	view            *articleview.View
	docLabels       *fyne.Container
	docLabelsClip   fyne.CanvasObject // docLabels in a sideways scroll, hidden while empty
	labels          *labelPanel
	guides          *guidelinesPanel // guidelines.go
	annList         *annotationPanel
	inspector       *inspector
	search          *searchBar
	status          *widget.Label
	selection       [2]int
	lastSaved       string
	docStatusSelect *widget.Select

	// Merge is set by the caller to enable the Merge action.
	Merge MergeFunc
	// BulkGC, if set by the caller, is called when an import, export,
	// merge or agreement starts, and the func it returns when it ends
	// (cmd/margin tunes the garbage collector for it: internal/gctune).
	BulkGC func() (leave func())

	// running are the imports, merges and exports in progress; closing
	// the window waits for them or cancels them (closing.go).
	running runningOps

	banner     *fyne.Container
	ext        externalState // changes made elsewhere (external.go)
	live       liveState     // colleagues' changes on a team project (live.go)
	mode       string
	modeSelect *widget.RadioGroup
	review     *reviewPanel
	rightStack *fyne.Container
	// annotatePanels holds the annotation list and the inspector.
	annotatePanels fyne.CanvasObject
	// reviewScope holds the review panel (Compare, Curate) in the
	// right-hand panes' theme: it is not in the column when the column's
	// override themes it (themescope.go).
	reviewScope *themeScope
	// annTable is the annotations table's window while it is open (table.go).
	annTable *annTable
	sugg     *suggestionsUI // suggestions.go

	// The toolbar, its menu and the window's projects (menu.go, toolbar.go,
	// project.go), preferences and remembered layout (prefs.go).
	toolbar    *toolbarLayout
	menuButton *widget.Button
	// Projects is set by cmd/margin to open and create projects from the
	// window (nil: the menu says it cannot).
	Projects ProjectOpener
	shell    shellState
	// searchAll is the search across documents' window while it is open (searchall.go).
	searchAll *searchAll
	// stats is the Statistics window while it is open (stats.go).
	stats *statsWindow
	// docFilter filters the document list by status and annotator (docfilter.go).
	docFilter *docFilter
	// progressWin is the progress matrix's window while it is open
	// (progress_open.go).
	progressWin  fyne.Window
	progressView *ProgressView
	// importFiles is the open Import form's list of files, and
	// importDone, if set, runs after each import the form started (tests).
	importFiles *importFiles
	importDone  func(*dataset.ImportSummary, error)
	// docHead is, per document shown whose name shares a long start with
	// another's, how the list cuts it (sharedStartCuts).
	docHead map[int64]nameCut
}

// MergeFunc merges a colleague's project file into the open project, never
// touching local's own layer. cmd/margin provides it (the ui package does
// not open project files itself). It calls progress(done, total) as the
// colleague's documents are merged.
type MergeFunc func(ctx context.Context, path, local string, progress func(done, total int)) (*model.MergeReport, error)

// NewWindow builds the main window's content on win for the project in
// store. Call Load to fill it.
func NewWindow(win fyne.Window, store model.Store, annotator string) *Window {
	w := &Window{win: win, store: store, annotator: annotator, ctx: context.Background(), schema: &model.Schema{}}
	w.ctl = w.newController()
	w.build()
	win.SetCloseIntercept(w.requestClose)
	return w
}

func (w *Window) build() {
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.search = newSearchBar(w)
	w.sugg = newSuggestionsUI(w)
	w.mode = modeAnnotate
	w.modeSelect = widget.NewRadioGroup([]string{modeAnnotate, modeCompare, modeCurate}, func(m string) {
		w.inspector.commit() // before the layer shown changes
		w.setMode(m)
		w.fitPanes() // the review panel needs another width than the annotation panes
	})
	w.modeSelect.Horizontal = true
	w.modeSelect.Required = true
	w.modeSelect.SetSelected(modeAnnotate)
	toolbar := w.buildToolbar()

	w.docList = widget.NewList(
		func() int { return len(w.docs) },
		func() fyne.CanvasObject {
			// A long name never runs into its count, and names that differ
			// only at the end stay apart (cut in the middle; cliptext.go).
			name := newMidLabel("document name")
			return container.NewBorder(nil, nil, widget.NewLabel("○"), widget.NewLabel("0"), name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := w.docs[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*midLabel).SetCut(d.Name, w.docHead[d.ID])
			c.Objects[1].(*widget.Label).SetText(statusMark(w.statuses[d.ID][w.statusPerson()]))
			c.Objects[2].(*widget.Label).SetText(fmt.Sprint(d.Annotations))
		},
	)
	w.docList.OnSelected = func(i widget.ListItemID) {
		if i < len(w.docs) && w.opening != w.docs[i].ID {
			w.openDocument(i)
		}
	}
	w.progress = widget.NewProgressBar()
	w.progress.TextFormatter = w.progressText
	docStatus := widget.NewSelect([]string{string(model.StatusTodo), string(model.StatusInProgress), string(model.StatusDone)}, nil)
	docStatus.PlaceHolder = "status"
	docStatus.OnChanged = func(s string) { w.setStatus(model.Status(s)) }
	w.docFilter = newDocFilter(w)
	left := container.NewBorder(
		container.NewVBox(docListHeader(), w.docFilter.box),
		container.NewVBox(docStatus, w.progress), nil, nil, w.docList)

	w.view = articleview.New()
	w.view.OnSelectionChanged = w.selectionChanged
	w.view.OnHighlightSelected = w.highlightSelected
	w.view.OnConnectorSelected = w.relationSelected
	w.view.OnRune = w.viewRune
	w.view.OnKey = w.viewKey
	w.view.OnBoundaryDrag = w.boundaryDragged
	w.view.OnFragmentSelected = w.fragmentSelected
	w.applyViewPreferences()
	w.docLabels = container.NewHBox()
	// Many document-label choices scroll sideways rather than widen the article.
	w.docLabelsClip = clipWidth(w.docLabels)
	w.docLabelsClip.Hide() // until a document with label sets shows (drawDocLabels)
	w.guides = newGuidelinesPanel(func(name string) (*model.Label, bool) { return w.schema.Label(name) })
	center := container.NewBorder(w.docLabelsClip, w.guides.box, nil, w.sugg.attach(w.view), w.articleArea(w.view))
	w.guides.column = center

	w.labels = newLabelPanel(func() []model.Label { return w.schema.Labels }, w.ctl.Count, func(name string) {
		w.guides.follow(name) // the label last chosen
		w.applyLabel(name)
	})
	w.labels.hovered = w.guides.follow
	w.annList = newAnnotationPanel(func() []*model.Annotation { return w.anns }, w.labelColor, w.focusAnnotation)
	w.inspector = newInspector(w)
	w.review = newReviewPanel(w)
	// Annotating, the lower right shows the annotation list and the
	// inspector; comparing or curating, the review panel takes their place.
	annotate := container.NewVSplit(watchSize(w.annList.box, w.layoutChanged), w.inspector.box)
	annotate.Offset = splitAnnotate // prefs_layout.go
	w.annotatePanels = annotate
	w.shell.annotateSplit = annotate
	w.rightStack = container.NewStack(w.annotatePanels)
	right := container.NewVSplit(
		watchSize(container.NewBorder(widget.NewLabelWithStyle("Labels", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, w.labels.scroll), func() {
			w.layoutChanged()
			w.labelsDividerMoved()
		}),
		w.rightStack,
	)
	right.Offset = splitRight
	w.shell.labelsSplit = right

	w.status = widget.NewLabel("")
	// A long message ("not saved: could not save …") must not widen the
	// window past the screen: the status bar cuts it with an ellipsis.
	w.status.Truncation = fyne.TextTruncateEllipsis
	// Each pane clips what is wider than it, and paneColumns decides the
	// widths (panes.go): no pane widens the window.
	// The column's panes are shared anew when its size changes (panes_right.go).
	panes := compactPanes(container.New(&rightFit{w: w}, right))
	inner := container.NewHSplit(watchSize(center, w.layoutChanged), clipWidth(panes))
	inner.Offset = splitInner
	main := container.NewHSplit(watchSize(clipWidth(left), w.layoutChanged), inner)
	main.Offset = splitMain
	w.shell.cols = &paneColumns{main: main, inner: inner, rightContent: panes, side: w.sugg.place}
	w.rememberSplits(namedSplit{"main", main}, namedSplit{"inner", inner}, namedSplit{"right", right}, namedSplit{"annotate", annotate})
	w.banner = container.NewVBox() // banners one below the other
	w.shell.columns = container.New(w.shell.cols, main, w.sugg.place.over)
	// The status bar's row also draws the inspector's font warmers
	// (inspector_warm.go): outside the form, which they must not move.
	statusRow := container.NewStack(w.status, w.inspector.warm.layer)
	body := container.NewBorder(container.NewVBox(toolbar, w.banner), statusRow, nil, nil, w.shell.columns)
	w.shell.body = body
	w.win.SetContent(withTooltips(w.win, container.New(capLayout{minRestoredSize}, body)))
	w.installShortcuts()
	w.installDrop()
	if p := prefs(); p != nil && p.Bool(PrefGuidelines) {
		w.showGuidelines(true)
	}
	w.docStatusSelect = docStatus
}

// Load reads the schema and document list and shows the first document,
// all in the edit queue: the window is put on screen meanwhile.
func (w *Window) Load() error {
	w.title.SetText(filepath.Base(w.store.Path()) + " · " + w.annotator)
	w.banner.RemoveAll()
	if w.store.ReadOnly() {
		bg := canvas.NewRectangle(color.NRGBA{R: 0xb0, G: 0x70, B: 0x10, A: 255})
		msg := widget.NewLabelWithStyle("Read-only: Margin cannot write to this project file, so editing is off. Copy it somewhere writable (or fix its permissions) to annotate.",
			fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		w.banner.Add(container.NewStack(bg, msg))
	}
	w.externalBanners()
	w.bannersChanged()
	// The schema and the document list are read in the edit queue, while
	// the window is still being put on screen (10,000 documents take 75 ms
	// to list); the first document's colours need the schema, which is
	// shown before it (the queue's results arrive in order).
	var docs []model.DocumentSummary
	// The document shown last in this project opens again, else the first
	// (a researcher reopening the window was back on document 1).
	last := w.lastDocument()
	w.readBack(true, func(list []model.DocumentSummary) { docs = list }, func(err error) {
		startuptrace.Mark("schema and documents list shown")
		if err != nil {
			w.showError(err)
			return
		}
		w.inspector.prepareForms() // before the text (inspector_form.go)
		if len(w.docs) > 0 {
			switch row, shown := w.docRow[last]; {
			case last != 0 && shown: // the writer opens it below
				w.opening = last
				w.docList.Select(row)
			case last != 0 && w.listed(last): // opened below but hidden by the list's filter
				w.opening = 0
				w.docList.Select(0) // opens the first one shown instead
			default:
				w.opening = w.docs[0].ID // opening below, already
				w.docList.Select(0)
			}
		} else {
			w.openFirst()
		}
	})
	// That document loads right after the list, on the writer, without
	// waiting for the window to show the list.
	w.ctl.OpenFunc(func() int64 {
		if len(docs) == 0 {
			return 0
		}
		for _, d := range docs {
			if d.ID == last {
				return last
			}
		}
		return docs[0].ID
	}, w.editLayer(), func(err error) {
		if err != nil {
			w.opening = 0
			w.showError(err)
		}
	})
	return nil
}

// openFirst shows the first document of the list.
func (w *Window) openFirst() {
	if len(w.docs) == 0 {
		w.view.SetText("")
		w.setStatusText(noDocumentsHint)
		return
	}
	// Select opens the document unless it is already selected; open it
	// here only then (a reload), not twice (issue 8: opening a 1 MB
	// document twice took twice the time).
	w.opening = 0
	w.docList.Select(0)
	if w.opening == 0 {
		w.openDocument(0)
	}
}

// reloadSchema reads the schema again (in the edit queue) and shows it.
func (w *Window) reloadSchema(then func(error)) { w.readBack(false, nil, then) }

// readBack reads the schema and, with docs, the document list and the
// statuses, in the edit queue: after the writes queued before, off the UI
// goroutine (a stuck write or a 10,000-document list does not freeze the
// window). It shows them, then runs then, if not nil, with the read's
// error, on the UI goroutine. listed, if not nil, gets the list on the
// writer, for an open queued right after (Load).
func (w *Window) readBack(docs bool, listed func([]model.DocumentSummary), then func(error)) {
	var (
		sc   *model.Schema
		list []model.DocumentSummary
		st   map[int64]map[string]model.Status
	)
	// Read on the UI goroutine, used on the writer.
	who := w.annotator
	w.ctl.Read(func(s model.Store) error {
		var err error
		if sc, err = s.Schema(w.ctx); err != nil {
			return err
		}
		if docs {
			if list, st, err = readDocList(w.ctx, s, who); err != nil {
				return err
			}
			if listed != nil {
				listed(list)
			}
		}
		startuptrace.Mark("schema and documents listed (writer)")
		return nil
	}, func(err error) {
		if err == nil {
			w.schema = sc
			w.labels.refresh()
			w.fitLabels()   // a label more (a merge) shows whole at once
			w.guides.draw() // the guideline as edited
			w.annList.refreshFilter(w.schema.Labels)
			if docs {
				w.setDocs(list, st)
			}
		}
		if then != nil {
			then(err)
		}
	})
}

// setDocs shows the document list and the progress bar.
func (w *Window) setDocs(docs []model.DocumentSummary, st map[int64]map[string]model.Status) {
	all := docs
	docs = w.docFilter.keep(docs, st) // the list shows what the filter keeps
	w.docs, w.statuses = docs, st
	w.docHead = sharedStartCuts(docs)
	w.docRow = make(map[int64]int, len(docs))
	for i, d := range docs {
		w.docRow[d.ID] = i
	}
	done, whose := 0, w.statusPerson()
	for _, d := range all {
		if st[d.ID][whose] == model.StatusDone {
			done++
		}
	}
	w.progress.Max = float64(len(all))
	if w.progress.Max == 0 {
		w.progress.Max = 1
	}
	w.progress.SetValue(float64(done))
	w.docList.Refresh()
}

func statusMark(s model.Status) string {
	switch s {
	case model.StatusDone:
		return "✓"
	case model.StatusInProgress:
		return "◐"
	}
	return "○"
}

// smallDocument is the length (code points) up to which a document is
// read at once when chosen (editctl.OpenNow); a longer one loads in the
// background so that the window stays responsive meanwhile.
const smallDocument = 100_000

// openDocument shows document i of the list with the edited layer: the
// controller loads it in the background (after the writes queued before)
// and documentOpened draws it.
func (w *Window) openDocument(i int) {
	if i < 0 || i >= len(w.docs) {
		return
	}
	w.inspector.commit() // typed text belongs to the document shown until now
	w.opening = w.docs[i].ID
	w.rememberDocument(w.docs[i].ID)
	open := w.ctl.Open
	if w.docs[i].Length <= smallDocument {
		open = w.ctl.OpenNow
	}
	open(w.docs[i].ID, w.editLayer(), func(err error) {
		if err != nil {
			w.opening = 0
			w.showError(err)
		}
	})
}

// reloadAnnotations re-reads the layer and redraws it (once read).
func (w *Window) reloadAnnotations() error {
	w.reloadLayer(nil)
	return nil
}

// editLayer is the layer the window edits: the annotator's own, or gold
// while curating.
func (w *Window) editLayer() string {
	if w.mode == modeCurate {
		return model.GoldAnnotator
	}
	return w.annotator
}

// highlightsOf turns an annotation into one highlight per fragment; the
// fragments after the first carry "#k" after the id.
func (w *Window) highlightsOf(a *model.Annotation) []articleview.Highlight {
	col := w.labelColor(a.Label)
	tip := a.Label
	for k, v := range a.Attributes {
		tip += fmt.Sprintf(" · %s=%v", k, v)
	}
	if a.Note != "" {
		tip += " · " + a.Note
	}
	out := make([]articleview.Highlight, len(a.Fragments))
	for i, f := range a.Fragments {
		id := a.ID
		if i > 0 {
			id = fmt.Sprintf("%s#%d", a.ID, i)
		}
		out[i] = articleview.Highlight{ID: id, Start: f.Start, End: f.End, Color: col, Tooltip: tip, Tag: a.Label}
	}
	return out
}

func (w *Window) labelColor(name string) color.Color {
	if l, ok := w.schema.Label(name); ok {
		return parseHex(l.Color)
	}
	return color.NRGBA{R: 128, G: 128, B: 128, A: 255}
}

// annotation returns the current layer's annotation with id (fragment
// suffixes allowed), or nil.
func (w *Window) annotation(id string) *model.Annotation {
	return w.ctl.Annotation(baseID(id))
}

func baseID(id string) string {
	for i := 0; i < len(id); i++ {
		if id[i] == '#' {
			return id[:i]
		}
	}
	return id
}

// CurrentDocument is the document shown, or nil.
func (w *Window) CurrentDocument() *model.Document { return w.doc }

// View is the article view (for tests and wiring).
func (w *Window) View() *articleview.View { return w.view }

func (w *Window) showError(err error) {
	if w.handleStale(err) {
		return
	}
	w.setStatusText("error: " + err.Error())
	why := errorReason(err)
	if w.errorOpen == why {
		// The same reason again: a refused span and the status its
		// first edit sets were two stacked dialogs of one refusal. The
		// status bar has the later one.
		return
	}
	w.errorOpen = why
	d := dialog.NewError(err, w.win)
	d.SetOnClosed(func() {
		if w.errorOpen == why {
			w.errorOpen = ""
		}
	})
	showDialog(d, w.win)
}

// errorReason is why err happened: a failed write's own error (the
// server's refusal, the disk full), not which edit it stopped.
func errorReason(err error) string {
	var we *editctl.WriteError
	if errors.As(err, &we) {
		return we.Err.Error()
	}
	return err.Error()
}

func (w *Window) setStatusText(s string) { w.showStatusLine(s) }

// showStatusLine sets the status bar's text. A text that fits is clipped
// (never cut: it fits), one that does not is cut with an ellipsis: Fyne
// measures an ellipsis anew, uncached, on every layout (two shapings of
// the text on each key in the real window; issue 14), and a clip is one
// cached measurement when the text fits.
func (w *Window) showStatusLine(s string) {
	if s == w.status.Text {
		return
	}
	trunc := fyne.TextTruncateEllipsis
	if width := w.status.Size().Width - 2*theme.InnerPadding(); width > 0 &&
		fyne.MeasureText(s, theme.TextSize(), w.status.TextStyle).Width <= width {
		trunc = fyne.TextTruncateClip
	}
	w.status.Truncation = trunc
	w.status.SetText(s)
}

// updateStatus shows "saved · N annotations · selection S–E".
func (w *Window) updateStatus() {
	if w.doc == nil {
		return
	}
	s := fmt.Sprintf("%s · %s · %s", w.lastSaved, w.doc.Name, w.layerCountText(len(w.anns)))
	switch {
	case w.mode != modeAnnotate && w.review != nil && w.review.at >= 0 && w.review.at < len(w.review.clusters):
		// Comparing or curating, the selection is the current span group
		// (N, a click): named as such, not as a text selection to label.
		c := w.review.clusters[w.review.at]
		s += fmt.Sprintf(" · group %d of %d, %d–%d", w.review.at+1, len(w.review.clusters), c.Start, c.End)
	case w.selection[1] > w.selection[0]:
		s += fmt.Sprintf(" · selection %d–%d", w.selection[0], w.selection[1])
	}
	if a := w.annotation(w.view.SelectedHighlight()); a != nil {
		s += fmt.Sprintf(" · %s %d–%d", a.Label, a.Start(), a.End())
		w.guides.follow(a.Label) // the selected span's guideline
	}
	if r := w.relation(w.view.SelectedConnector()); r != nil {
		s += fmt.Sprintf(" · relation %s (Delete removes it)", r.Type)
	}
	if w.linking != "" {
		s += " · click the target span of the relation (Esc cancels)"
	}
	w.showStatusLine(s)
}

// parseHex turns "#rrggbb" into a colour; bad input gives grey.
func parseHex(s string) color.NRGBA {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.NRGBA{R: 128, G: 128, B: 128, A: 255}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 255}
}

// canEdit says whether edits are possible, telling the user when not.
func (w *Window) canEdit() bool {
	if w.store.ReadOnly() {
		w.setStatusText("read-only project: editing is off")
		return false
	}
	return true
}
