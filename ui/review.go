package ui

import (
	"errors"
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
// red only one side.
var kindColors = map[review.Kind]color.NRGBA{
	review.Exact:            {R: 0x3c, G: 0xb3, B: 0x71, A: 255},
	review.AttributesDiffer: {R: 0x4a, G: 0x90, B: 0xe2, A: 255},
	review.LabelDiffers:     {R: 0xf2, G: 0xc1, B: 0x2e, A: 255},
	review.Partial:          {R: 0xf0, G: 0x8a, B: 0x24, A: 255},
	review.OnlyOne:          {R: 0xe0, G: 0x45, B: 0x45, A: 255},
}

// reviewPanel is the right-hand panel of the compare and curate views:
// whom to compare, the disagreements of the document, and (curating) the
// verdict buttons that build the gold layer.
type reviewPanel struct {
	w        *Window
	box      *fyne.Container
	who      *widget.CheckGroup
	summary  *widget.Label
	current  *fyne.Container
	clusters []review.Cluster
	judged   map[string]bool // compared span id -> named by a verdict
	curated  map[int]bool    // cluster index -> every span judged
	at       int             // current cluster index, -1 none
}

func newReviewPanel(w *Window) *reviewPanel {
	p := &reviewPanel{w: w, at: -1}
	p.who = widget.NewCheckGroup(nil, func([]string) {
		if w.doc != nil && w.mode != modeAnnotate {
			if err := w.reloadAnnotations(); err != nil {
				w.showError(err)
			}
		}
	})
	p.who.Horizontal = true
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	p.current = container.NewVBox()
	next := widget.NewButton("Next disagreement (N)", func() { p.step(1) })
	prev := widget.NewButton("Previous", func() { p.step(-1) })
	legend := container.NewGridWithColumns(2)
	for _, k := range review.Kinds {
		sw := newSwatch(kindColors[k])
		legend.Add(container.NewHBox(sw, widget.NewLabel(k.String())))
	}
	// The buttons and the current group come first: the panel shares the
	// column with the Labels list, and what is below scrolls (the legend
	// and the annotator choice used to push the group out of sight).
	p.box = container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle("Compare", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewGridWithColumns(2, prev, next)),
		nil, nil, nil, container.NewVScroll(container.NewVBox(p.summary, p.current, widget.NewSeparator(), p.who, legend)))
	return p
}

// setMode switches between annotating, comparing and curating.
func (w *Window) setMode(m string) {
	if w.review == nil || m == w.mode {
		return
	}
	w.mode = m
	if m == modeAnnotate {
		w.rightStack.Objects = []fyne.CanvasObject{w.annotatePanels}
	} else {
		w.rightStack.Objects = []fyne.CanvasObject{w.review.box}
	}
	w.rightStack.Refresh()
	w.view.SelectHighlight("")
	w.review.at = -1
	if w.doc != nil {
		if err := w.reloadAnnotations(); err != nil {
			w.showError(err)
		}
	}
	w.inspector.show(nil)
	w.updateStatus()
}

// load computes the clusters of the compared layers of the document and
// returns their overlay highlights; verdicts are the document's (read with
// all, in the edit queue), which mark the clusters already curated.
func (p *reviewPanel) load(all []model.Annotation, verdicts []model.Verdict) []articleview.Highlight {
	layers := map[string][]model.Annotation{}
	for _, a := range all {
		if a.Annotator != model.GoldAnnotator {
			layers[a.Annotator] = append(layers[a.Annotator], a)
		}
	}
	var names []string
	for n := range layers {
		names = append(names, n)
	}
	sort.Strings(names)
	p.who.Options = names
	if len(p.who.Selected) == 0 || !subset(p.who.Selected, names) {
		p.who.Selected = names
	}
	p.who.Refresh()
	p.clusters = review.Compare(layers, p.who.Selected)
	p.judged = map[string]bool{}
	for _, v := range verdicts {
		for _, s := range v.Sources {
			p.judged[s.ID] = true
		}
	}
	p.markCurated()
	var hs []articleview.Highlight
	for _, c := range p.clusters {
		col := kindColors[c.Kind]
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

func subset(a, b []string) bool {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	for _, x := range a {
		if !in[x] {
			return false
		}
	}
	return true
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

func (p *reviewPanel) showSummary() {
	dis := p.disagreements()
	done := 0
	for _, i := range dis {
		if p.curated[i] {
			done++
		}
	}
	s := fmt.Sprintf("%d span groups, %d disagreements", len(p.clusters), len(dis))
	if p.w.mode == modeCurate {
		s += fmt.Sprintf(", %d curated", done)
	}
	p.summary.SetText(s)
}

// step moves to the next (or previous) disagreement, preferring ones not
// yet curated while curating.
func (p *reviewPanel) step(delta int) {
	dis := p.disagreements()
	if len(dis) == 0 {
		p.w.setStatusText("no disagreements in this document")
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

// goTo makes cluster i current: its first span is emphasised (so the
// outline moves with N, also away from a span the user clicked), and its
// stretch is selected and scrolled to.
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

// firstOverlay is the highlight id of the cluster's first span in text
// order ("" if it has none).
func (p *reviewPanel) firstOverlay(c review.Cluster) string {
	var first *model.Annotation
	for _, who := range p.who.Selected {
		for k := range c.Spans[who] {
			a := &c.Spans[who][k]
			if first == nil || a.Start() < first.Start() || (a.Start() == first.Start() && a.End() > first.End()) {
				first = a
			}
		}
	}
	if first == nil {
		return ""
	}
	return overlayID(first.ID, 0)
}

// selectOverlay makes the cluster of an overlay highlight current.
// The clicked span stays emphasised (a second click cycles from it).
func (p *reviewPanel) selectOverlay(clicked string) {
	id := baseID(strings.TrimPrefix(clicked, overlayPrefix))
	for i, c := range p.clusters {
		for _, spans := range c.Spans {
			for _, a := range spans {
				if a.ID == id {
					p.goTo(i)
					p.w.view.SelectHighlight(clicked)
					return
				}
			}
		}
	}
}

// showCurrent lists the current cluster's spans with their attributes
// (the ones the annotators disagree on marked ≠); curating, with buttons
// to accept one side's span into gold or reject what is left. A span
// already named by a verdict shows as decided, its button disabled.
func (p *reviewPanel) showCurrent() {
	p.current.RemoveAll()
	if p.at < 0 || p.at >= len(p.clusters) {
		p.current.Add(widget.NewLabel("Click a highlight or press Next\nto review a disagreement."))
		p.current.Refresh()
		return
	}
	c := p.clusters[p.at]
	head := fmt.Sprintf("%s · %d–%d", c.Kind, c.Start, c.End)
	if p.curated[p.at] {
		head += " · curated"
	}
	p.current.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	differ := map[string]bool{}
	for _, k := range review.AttributeDiffs(c, p.who.Selected) {
		differ[k] = true
	}
	for _, who := range p.who.Selected {
		spans := c.Spans[who]
		if len(spans) == 0 {
			p.current.Add(widget.NewLabel(who + ": nothing here"))
			continue
		}
		for _, a := range spans {
			a := a
			txt := fmt.Sprintf("%s: %s “%s”", who, a.Label, shorten(a.Text, 22))
			if p.w.mode != modeCurate {
				l := widget.NewLabel(txt)
				l.Wrapping = fyne.TextWrapWord
				p.current.Add(l)
			} else {
				b := widget.NewButton("Accept "+txt, func() { p.accept(c, a) })
				b.Alignment = widget.ButtonAlignLeading
				if p.judged[a.ID] {
					b.SetText("✓ decided: " + txt)
					b.Disable()
				}
				p.current.Add(b)
			}
			if attrs := attrLines(a, differ); attrs != "" {
				l := widget.NewLabel(attrs)
				l.Wrapping = fyne.TextWrapWord
				p.current.Add(l)
			}
		}
	}
	if p.w.mode == modeCurate {
		p.current.Add(widget.NewButton("Reject the rest (nothing into gold)", func() { p.reject(c) }))
		p.current.Add(widget.NewButton("Accept every exact match of this document", p.acceptExact))
		p.current.Add(widget.NewLabel("Or select text and press a label key\nto put your own span into gold."))
	}
	p.current.Refresh()
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
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
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

func clusterSources(c review.Cluster) []model.SourceRef {
	var out []model.SourceRef
	for who, spans := range c.Spans {
		for _, a := range spans {
			out = append(out, model.SourceRef{ID: a.ID, Annotator: who})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// unjudged lists the cluster's spans no verdict names yet.
func (p *reviewPanel) unjudged(c review.Cluster) []model.SourceRef {
	var out []model.SourceRef
	for _, ref := range clusterSources(c) {
		if !p.judged[ref.ID] {
			out = append(out, ref)
		}
	}
	return out
}

// acceptSources are the spans a verdict accepting a decides: a itself
// and, from each other annotator, the undecided span of the cluster that
// overlaps a most (same label first). The cluster's other spans, such as
// a second claim nested in the same stretch, stay open to decide.
func (p *reviewPanel) acceptSources(c review.Cluster, a model.Annotation) []model.SourceRef {
	out := []model.SourceRef{{ID: a.ID, Annotator: a.Annotator}}
	for who, spans := range c.Spans {
		if who == a.Annotator {
			continue
		}
		best, bestScore := -1, 0
		for i, b := range spans {
			if p.judged[b.ID] {
				continue
			}
			score := overlapLen(a, b)
			if score == 0 {
				continue
			}
			if b.Label == a.Label {
				score += 1 << 30
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 {
			out = append(out, model.SourceRef{ID: spans[best].ID, Annotator: who})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// overlapLen is how many code points the fragments of a and b share.
func overlapLen(a, b model.Annotation) int {
	n := 0
	for _, f := range a.Fragments {
		for _, g := range b.Fragments {
			if lo, hi := max(f.Start, g.Start), min(f.End, g.End); hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

// accept copies one side's span into gold with a verdict naming the spans
// it decides as its sources (in the edit queue).
func (p *reviewPanel) accept(c review.Cluster, a model.Annotation) {
	if !p.w.canEdit() {
		return
	}
	if a.Annotator == "" {
		for who, spans := range c.Spans {
			for _, b := range spans {
				if b.ID == a.ID {
					a.Annotator = who
				}
			}
		}
	}
	gold := &model.Annotation{Label: a.Label, Fragments: append([]model.Fragment(nil), a.Fragments...), Attributes: a.Attributes, Note: a.Note}
	sources := p.acceptSources(c, a)
	write := p.goldWriter(model.VerdictAccept, sources)
	p.w.ctl.Write(fmt.Sprintf("gold %s “%s”", gold.Label, shorten(a.Text, 30)), func(model.Store) error { return write(gold) }, p.verdictDone(sources))
}

// acceptExact puts every not yet curated exact match into gold: where all
// annotators agree there is nothing to adjudicate.
func (p *reviewPanel) acceptExact() {
	if !p.w.canEdit() {
		return
	}
	var golds []*model.Annotation
	var writes []func(*model.Annotation) error
	var decided []model.SourceRef
	for i, c := range p.clusters {
		if c.Kind != review.Exact || p.curated[i] {
			continue
		}
		a := c.Spans[p.who.Selected[0]][0]
		golds = append(golds, &model.Annotation{Label: a.Label, Fragments: append([]model.Fragment(nil), a.Fragments...), Attributes: a.Attributes, Note: a.Note})
		writes = append(writes, p.goldWriter(model.VerdictAccept, clusterSources(c)))
		decided = append(decided, clusterSources(c)...)
	}
	p.w.ctl.Write(plural(len(golds), "exact match", "exact matches")+" into gold", func(model.Store) error {
		// A verdict kept in the offline queue is no failure: the ones
		// after it are queued behind it, and the whole is reported queued.
		var queued error
		for i, g := range golds {
			err := writes[i](g)
			if errors.Is(err, model.ErrQueued) {
				queued = err
				continue
			}
			if err != nil {
				return err
			}
		}
		return queued
	}, p.verdictDone(decided))
}

func (p *reviewPanel) reject(c review.Cluster) {
	if !p.w.canEdit() {
		return
	}
	rest := p.unjudged(c)
	if len(rest) == 0 {
		p.w.setStatusText("every span here is decided already")
		return
	}
	v := &model.Verdict{DocID: p.w.doc.ID, Verdict: model.VerdictReject, Curator: p.w.annotator, Sources: rest}
	ctx := p.w.ctx
	p.w.ctl.Write("rejected", func(st model.Store) error { return st.Curate(ctx, v, nil) }, p.verdictDone(rest))
}

// verdictDone shows the comparison again once a verdict naming sources
// is written (or failed: the controller reported the error). A verdict
// the offline queue kept cannot be read back from the server until it is
// sent (the window reloads everything then): meanwhile its sources show
// as decided, so that they are not offered for a second verdict.
func (p *reviewPanel) verdictDone(sources []model.SourceRef) func(error) {
	return func(err error) {
		if err != nil || !p.w.lastWriteQueued() {
			p.afterVerdict()
			return
		}
		for _, s := range sources {
			p.judged[s.ID] = true
		}
		p.markCurated()
		p.stayOrStep(p.at)
	}
}

// afterVerdict reloads, then stays on the cluster while some of its spans
// are still undecided, else moves to the next disagreement.
func (p *reviewPanel) afterVerdict() {
	at := p.at
	p.w.reloadLayer(func() { p.stayOrStep(at) })
}

// stayOrStep stays on cluster at while some of its spans are undecided,
// else moves to the next disagreement.
func (p *reviewPanel) stayOrStep(at int) {
	p.at = at
	if at >= 0 && at < len(p.clusters) && !p.curated[at] && p.clusters[at].Kind != review.Exact {
		p.showCurrent()
	} else {
		p.step(1)
	}
	p.w.updateStatus()
}

// goldWriter is the store call that puts a curator's new span into gold
// with a verdict naming sources; it runs in the edit queue.
func (p *reviewPanel) goldWriter(verdict model.VerdictKind, sources []model.SourceRef) func(*model.Annotation) error {
	docID, curator, ctx, store := p.w.doc.ID, p.w.annotator, p.w.ctx, p.w.store
	return func(gold *model.Annotation) error {
		return store.Curate(ctx, &model.Verdict{DocID: docID, Verdict: verdict, Curator: curator, Sources: sources}, gold)
	}
}

// sourcesOverlapping names the compared spans that overlap [start, end).
func (p *reviewPanel) sourcesOverlapping(start, end int) []model.SourceRef {
	var out []model.SourceRef
	for _, c := range p.clusters {
		if c.End <= start || c.Start >= end {
			continue
		}
		for who, spans := range c.Spans {
			for _, a := range spans {
				if a.Start() < end && a.End() > start {
					out = append(out, model.SourceRef{ID: a.ID, Annotator: who})
				}
			}
		}
	}
	return out
}

func newSwatch(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(14, 14))
	r.CornerRadius = 3
	return container.NewCenter(r)
}

// markCurated marks the clusters curated whose every span is named by a
// verdict: accepting one of two nested claims leaves the other to decide.
func (p *reviewPanel) markCurated() {
	p.curated = map[int]bool{}
	for i, c := range p.clusters {
		all := true
		for _, spans := range c.Spans {
			for _, a := range spans {
				all = all && p.judged[a.ID]
			}
		}
		p.curated[i] = all
	}
}
