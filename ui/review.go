package ui

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/review"
	"github.com/margin-app/margin/ui/articleview"
)

// View modes.
const (
	modeAnnotate = "Annotate"
	modeCompare  = "Compare"
	modeCurate   = "Curate"
)

// overlayPrefix marks highlights of compared layers: they are drawn with
// agreement colours and are never edited.
const overlayPrefix = "cmp:"

func isOverlay(id string) bool { return strings.HasPrefix(id, overlayPrefix) }

// Agreement colours: green exact, blue same span with different
// attributes, yellow same extent/different label, orange partial overlap,
// red not in every layer.
var kindColors = map[review.Kind]color.NRGBA{
	review.Exact:            {R: 0x3c, G: 0xb3, B: 0x71, A: 255},
	review.AttributesDiffer: {R: 0x4a, G: 0x90, B: 0xe2, A: 255},
	review.LabelDiffers:     {R: 0xf2, G: 0xc1, B: 0x2e, A: 255},
	review.Partial:          {R: 0xf0, G: 0x8a, B: 0x24, A: 255},
	review.OnlyOne:          {R: 0xe0, G: 0x45, B: 0x45, A: 255},
}

// decidedAlpha is the opacity of a decided group's colours while curating.
const decidedAlpha = 0x50

// reviewPanel is the right-hand panel of the compare and curate views:
// whom to compare, the disagreements of the document, and (curating) the
// verdict buttons that build the gold layer.
type reviewPanel struct {
	w       *Window
	box     *fyne.Container
	title   *widget.Label
	who     *widget.CheckGroup
	summary *widget.Label
	current *fyne.Container
	lines   groupLines // current's labels and buttons (review_group.go)
	// body is what scrolls below the buttons: the summary, the current
	// group, the layers and the legend. It is laid out again whenever
	// the summary or the group changes height (a wrapped summary grew a
	// line and the group's text was drawn over it).
	body *fyne.Container
	// exact is Curate's "accept every exact match" button, above the
	// scrolled part so that it is there before any group is chosen.
	exact    *wrapButton
	exactRow *fyne.Container
	// decidedKey is the legend's entry for faded (decided) groups.
	decidedKey *fyne.Container
	clusters   []review.Cluster
	// decided names, per compared span id, the verdict that decided it;
	// golds are the document's gold spans, read with it.
	decided map[string]*model.Verdict
	golds   map[string]*model.Annotation
	curated map[int]bool // cluster index -> every span decided
	// tally and len(golds) are what the summary and the status bar
	// print, computed once per read of the store (review_counts.go).
	tally review.Tally
	// loaded: clusters are those of the document and mode shown.
	loaded bool
	at     int // current cluster index, -1 none
	// unticked are the layers the user unticked, kept per project
	// (review_layers.go).
	unticked map[string]bool
}

func newReviewPanel(w *Window) *reviewPanel {
	p := &reviewPanel{w: w, at: -1}
	p.who = widget.NewCheckGroup(nil, p.ticksChanged)
	// One layer a line: side by side they widened the pane.
	p.who.Horizontal = false
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	p.current = container.NewVBox()
	next := widget.NewButton("Next disagreement (N)", func() { p.step(1) })
	prev := widget.NewButton("Previous", func() { p.step(-1) })
	p.exact = newWrapButton("", p.acceptExact)
	p.exactRow = container.NewVBox(p.exact)
	p.exactRow.Hide()
	// Two columns where they fit (review_fit.go); the panel is laid out
	// again when that changes.
	relayout := func() {
		if p.box != nil {
			p.box.Refresh()
		}
	}
	legend := container.New(&fitGrid{flipped: relayout})
	for _, k := range review.Kinds {
		sw := newSwatch(kindColors[k])
		legend.Add(container.NewHBox(sw, widget.NewLabel(k.String())))
	}
	faded := kindColors[review.Partial]
	faded.A = decidedAlpha
	p.decidedKey = container.NewHBox(newSwatch(faded), widget.NewLabel("decided (Curate)"))
	legend.Add(p.decidedKey)
	p.body = container.NewVBox(p.summary, p.current, widget.NewSeparator(), p.who, legend)
	p.title = widget.NewLabelWithStyle("Compare", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The buttons and the current group come first: the panel shares the
	// column with the Labels list, and what is below scrolls (the legend
	// and the annotator choice used to push the group out of sight).
	p.box = container.NewBorder(
		container.NewVBox(p.title, container.New(&fitGrid{flipped: relayout}, prev, next), p.exactRow),
		nil, nil, nil, container.NewVScroll(p.body))
	p.attachKeys(w.view)
	// An undo or redo of a verdict changes what is decided.
	w.ctl.OnStep(func(*model.HistoryStep) {
		if w.mode != modeAnnotate && w.doc != nil {
			p.reread(nil, nil)
		}
	})
	return p
}

// setMode switches between annotating, comparing and curating.
func (w *Window) setMode(m string) {
	if w.review == nil || m == w.mode {
		return
	}
	w.mode = m
	// The last save named what was done in the mode left ("saved ·
	// accepted ACTOR into gold"); back in Annotate it read as if the
	// user's own layer were gold. A save still pending or failed keeps
	// its message.
	if strings.HasPrefix(w.lastSaved, "saved · ") {
		w.lastSaved = "saved"
	}
	if m == modeAnnotate {
		w.rightStack.Objects = []fyne.CanvasObject{w.annotatePanels}
	} else {
		// Themed once, not at each entry: an apply at each entry would
		// load the fonts again each time (themescope.go). The group's
		// lines are kept from group to group and themed when one is new
		// (review_group.go).
		if w.reviewScope == nil {
			w.reviewScope = newThemeScope(w.review.box, compactTheme{})
		}
		w.rightStack.Objects = []fyne.CanvasObject{w.reviewScope}
		w.review.title.SetText(m)
		w.review.exactRow.Hidden = m != modeCurate
		w.review.decidedKey.Hidden = m != modeCurate
	}
	w.rightStack.Refresh()
	w.view.SelectHighlight("")
	w.view.SetSelection(0, 0) // a group's stretch selected in the mode before
	w.selection = [2]int{}
	w.review.at = -1
	w.review.loaded = false
	if w.doc != nil {
		if err := w.reloadAnnotations(); err != nil {
			w.showError(err)
		}
	}
	w.inspector.show(nil)
	w.fitLabels() // the review panel takes the Labels pane's room (panes_right.go)
	w.updateStatus()
	// The keys (N, Enter, Delete) are the article's: a click on the mode
	// switch left the focus on it, so N did nothing until the user
	// clicked the text.
	w.win.Canvas().Focus(w.view)
}

// load computes the clusters of the compared layers of the document and
// returns their overlay highlights; verdicts are the document's (read with
// all, in the edit queue), which mark the clusters already curated.
// Comparing, gold is a layer like the others; curating, it is the layer
// being built, not compared.
func (p *reviewPanel) load(all []model.Annotation, verdicts []model.Verdict) []articleview.Highlight {
	layers := map[string][]model.Annotation{}
	p.golds = map[string]*model.Annotation{}
	for i, a := range all {
		if a.Annotator == model.GoldAnnotator {
			p.golds[a.ID] = &all[i]
			if p.w.mode == modeCurate {
				continue
			}
		}
		layers[a.Annotator] = append(layers[a.Annotator], a)
	}
	mine := p.w.mode == modeCompare && p.w.annotator != model.GoldAnnotator && len(layers) > 0
	p.who.Options = layerOrder(layers, p.w.annotator, mine)
	p.who.Selected = p.ticked(p.who.Options)
	p.who.Refresh()
	p.clusters = review.Compare(layers, p.who.Selected)
	p.decided = review.Decisions(verdicts)
	p.curated = map[int]bool{}
	for i, c := range p.clusters {
		p.curated[i] = review.Decided(c, p.decided)
	}
	p.tally = review.Count(p.clusters, p.decided)
	p.loaded = true
	var hs []articleview.Highlight
	for i, c := range p.clusters {
		col := kindColors[c.Kind]
		if p.w.mode == modeCurate && p.curated[i] {
			// Decided groups fade, so what is left to decide stands out.
			col.A = decidedAlpha
		}
		tip := clusterTip(c, p.who.Selected)
		// One tooltip per stretch: the view joins the tooltips of every
		// span under the pointer, and each side's span of a match covers
		// the same stretch.
		tipped := map[model.Fragment]bool{}
		for _, who := range p.who.Selected {
			for _, a := range c.Spans[who] {
				for k, f := range a.Fragments {
					id := overlayID(a.ID, k)
					h := articleview.Highlight{ID: id, Start: f.Start, End: f.End, Color: col}
					if !tipped[f] {
						tipped[f], h.Tooltip = true, tip
					}
					hs = append(hs, h)
				}
			}
		}
	}
	p.showSummary()
	p.showCurrent()
	return hs
}

// overlayID is the highlight id of fragment k of compared span id.
func overlayID(id string, k int) string {
	if k > 0 {
		return fmt.Sprintf("%s%s#%d", overlayPrefix, id, k)
	}
	return overlayPrefix + id
}

func clusterTip(c review.Cluster, who []string) string {
	parts := []string{c.Kind.String()}
	for _, n := range who {
		if len(c.Spans[n]) == 0 {
			parts = append(parts, n+": —")
			continue
		}
		for _, a := range c.Spans[n] {
			parts = append(parts, fmt.Sprintf("%s: %s “%s”", n, a.Label, shorten(a.Text, 30)))
		}
	}
	return strings.Join(parts, " · ")
}

func (p *reviewPanel) disagreements() []int {
	var out []int
	for i, c := range p.clusters {
		if c.Kind != review.Exact {
			out = append(out, i)
		}
	}
	return out
}

// step moves to the next (or previous) disagreement, preferring ones not
// yet curated while curating.
func (p *reviewPanel) step(delta int) {
	dis := p.disagreements()
	if len(dis) == 0 {
		msg := "no disagreements in this document"
		if p.w.mode == modeCurate && p.tally.ExactDecided < p.tally.Exact {
			msg += ": Shift+Enter accepts its exact matches"
		}
		p.w.setStatusText(msg)
		return
	}
	pos := -1
	for k, i := range dis {
		if i == p.at {
			pos = k
		}
	}
	for tries := 0; tries < len(dis); tries++ {
		if pos < 0 && delta < 0 {
			pos = 0
		}
		pos = (pos + delta + len(dis)) % len(dis)
		if p.w.mode != modeCurate || !p.curated[dis[pos]] || tries == len(dis)-1 {
			break
		}
	}
	p.goTo(dis[pos])
}

// goTo makes cluster i current: its first span not yet decided (the one
// Enter accepts) is emphasised, so the outline moves with N, also away
// from a span the user clicked, and its stretch is selected and scrolled
// to.
func (p *reviewPanel) goTo(i int) {
	p.at = i
	c := p.clusters[i]
	p.w.view.SelectHighlight(p.firstOverlay(c))
	p.w.view.ScrollToOffset(c.Start)
	p.w.view.SetSelection(c.Start, c.End)
	p.w.selection = [2]int{c.Start, c.End}
	p.showCurrent()
	p.w.updateStatus()
}

// groupSpans are the spans of c of the compared layers, in text order
// (start, longer first), the order the panel lists and Tab visits them.
func (p *reviewPanel) groupSpans(c review.Cluster) []model.Annotation {
	var out []model.Annotation
	for _, who := range p.who.Selected {
		for _, a := range c.Spans[who] {
			a.Annotator = who
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start() != out[j].Start() {
			return out[i].Start() < out[j].Start()
		}
		return out[i].End() > out[j].End()
	})
	return out
}

// firstOverlay is the highlight id of the cluster's first span in text
// order that is not decided yet, else of its first span ("" if it has
// none).
func (p *reviewPanel) firstOverlay(c review.Cluster) string {
	spans := p.groupSpans(c)
	if len(spans) == 0 {
		return ""
	}
	for _, a := range spans {
		if p.decided[a.ID] == nil {
			return overlayID(a.ID, 0)
		}
	}
	return overlayID(spans[0].ID, 0)
}

// emphasised is the span of the current group whose overlay is
// emphasised (clicked, or chosen by N or Tab); with none emphasised (an
// undo cleared it), the group's first span not yet decided; nil when no
// group is current.
func (p *reviewPanel) emphasised() *model.Annotation {
	if p.at < 0 || p.at >= len(p.clusters) {
		return nil
	}
	spans := p.groupSpans(p.clusters[p.at])
	if sel := p.w.view.SelectedHighlight(); isOverlay(sel) {
		id := baseID(strings.TrimPrefix(sel, overlayPrefix))
		for _, a := range spans {
			if a.ID == id {
				return &a
			}
		}
	}
	for _, a := range spans {
		if p.decided[a.ID] == nil {
			return &a
		}
	}
	return nil
}

// selectOverlay makes the cluster of an overlay highlight current.
// The clicked span stays emphasised (a second click cycles from it).
func (p *reviewPanel) selectOverlay(clicked string) {
	if i := p.clusterOf(clicked); i >= 0 {
		p.goTo(i)
		p.w.view.SelectHighlight(clicked)
		p.showCurrent() // the emphasised span's button
	}
}

// clusterOf is the index of the cluster holding the span of overlay
// highlight id, or -1.
func (p *reviewPanel) clusterOf(id string) int {
	id = baseID(strings.TrimPrefix(id, overlayPrefix))
	for i, c := range p.clusters {
		for _, spans := range c.Spans {
			for _, a := range spans {
				if a.ID == id {
					return i
				}
			}
		}
	}
	return -1
}

func newSwatch(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(14, 14))
	r.CornerRadius = 3
	return container.NewCenter(r)
}
