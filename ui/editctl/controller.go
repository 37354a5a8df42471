// Package editctl is the edit controller between the window and the store:
// it owns the open document's layer (annotations by id, in text order, the
// relations, the per-label counts), applies an edit to that state at once,
// tells the view what changed through callbacks, and runs every store call
// off the UI goroutine in one ordered queue. A write that fails is reverted
// in the state and reported; "saved" is reported only after the commit.
//
// It has no Fyne import: the window hands it a post func (fyne.Do) that
// runs a func on the UI goroutine, and tests hand it a channel. Every
// method and every callback runs on that one goroutine, so the state needs
// no lock; only the writer goroutine touches the store.
package editctl

import (
	"context"
	"sort"
	"sync/atomic"
	"time"

	"github.com/margin-app/margin/model"
)

// Events are the controller's callbacks, all called on the UI goroutine.
// Any may be nil.
type Events struct {
	// Opened: a document and its layer were loaded (Open); all holds
	// every layer's annotations of it (the review panels compare them).
	Opened func(doc *model.Document, all []model.Annotation)
	// Added: a was inserted at index i of Annotations.
	Added func(a *model.Annotation, i int)
	// Changed: the annotation with old's id is now cur (same index or
	// moved: Index tells).
	Changed func(old, cur *model.Annotation)
	// Removed: a is gone from the layer.
	Removed func(a *model.Annotation)
	// RelationsChanged: the relations of the layer changed.
	RelationsChanged func()
	// Replaced: the whole layer was re-read (after an undo of many items).
	Replaced func()
	// Counted: the number of annotations with this label changed by an
	// edit (a layer read whole comes with Opened or Replaced instead).
	Counted func(label string, n int)
	// DocCounted: the document's annotations over every layer changed.
	DocCounted func(docID int64, n int)
	// DocShifted: a write of a document that is no longer the open one
	// (the user moved on before it failed) was reverted; its annotations
	// over every layer changed by d.
	DocShifted func(docID int64, d int)
	// Pending: an edit is shown; its write is queued.
	Pending func(msg string)
	// Saved: the write of the edit described by msg committed.
	Saved func(msg string)
	// Queued: the store could not reach its server and kept the write
	// in its offline queue (model.ErrQueued): shown, not saved yet.
	Queued func(msg string)
	// Failed: a write failed; what it changed was reverted.
	Failed func(err error)
	// Settled: the last queued store call is done and its result applied.
	Settled func()
}

// Controller is one window's edit controller. Create it with New; Close
// stops its writer after the queued writes.
type Controller struct {
	store model.Store
	post  func(func())
	ctx   context.Context
	ev    Events
	q     *queue
	// reader reads a document the user opens while the writer is busy
	// with writes of other documents (openAside): a switch does not wait
	// behind a write that is slow or stuck.
	reader *queue

	who   string // the person editing: history and undo are theirs
	layer string // the layer edited: who, or gold while curating

	doc  *model.Document
	ix   *model.TextIndex
	gen  int // counts Open calls: late results of an older document are dropped
	anns []*model.Annotation
	byID map[string]*model.Annotation
	// unsaved are the ids of annotations whose create failed: reverting
	// a later edit of one (queued before the create's failure came back)
	// must not put it back on screen, as it was never saved.
	unsaved  map[string]bool
	rels     []model.Relation
	counts   map[string]int
	docTotal int // annotations of the document over every layer
	inflight int
	// docWrites counts the writes queued or running per document, and
	// anyWrites those that may write any (countWrite); UI goroutine only.
	docWrites map[int64]int
	anyWrites int
	// relIDs maps a relation's provisional id to the one the store gave
	// it; only the writer goroutine touches it.
	relIDs map[string]string
	// latestOpen is gen of the last Open, for the writer to skip the
	// loads of documents the user already went past.
	latestOpen atomic.Int64
	// stamps is, per annotation id, the updated_at the writer last read
	// or committed: an update is sent with it, so that the store's check
	// for a copy gone stale (another window changed it meanwhile) does not
	// refuse this window's own second edit of a span queued before the
	// first committed. Only the writer goroutine touches it.
	stamps map[string]time.Time
	// deadRels are provisional relation ids whose create failed.
	deadRels  map[string]bool
	stepHooks []func(*model.HistoryStep) // OnStep (suggestions.go)
	// queuedNow is set while the result of a queued write is applied.
	queuedNow bool
	// held: results kept for Await (await.go); awaiting is set while
	// Await runs (UI goroutine only).
	held     held
	awaiting bool
}

// New starts a controller over store for the person who; post runs a func
// on the UI goroutine (nil: every store call runs inline, see enqueue).
func New(ctx context.Context, store model.Store, who string, post func(func()), ev Events) *Controller {
	return &Controller{store: store, post: post, ctx: ctx, ev: ev, q: newQueue(), reader: newQueue(), docWrites: map[int64]int{}, who: who, layer: who,
		byID: map[string]*model.Annotation{}, unsaved: map[string]bool{}, counts: map[string]int{}, relIDs: map[string]string{}, deadRels: map[string]bool{}, stamps: map[string]time.Time{}, held: held{wake: make(chan struct{}, 1)}}
}

// SetEvents replaces the callbacks (the window sets them once it is built).
func (c *Controller) SetEvents(ev Events) { c.ev = ev }

// Close stops the writer once the writes queued before it are done.
func (c *Controller) Close() {
	c.q.close()
	c.reader.close()
}

// Idle reports that no store call is queued or running and every result
// has been applied.
func (c *Controller) Idle() bool { return c.inflight == 0 }

// Document is the open document (nil before the first Open completes).
func (c *Controller) Document() *model.Document { return c.doc }

// Index is the open document's text index.
func (c *Controller) Index() *model.TextIndex { return c.ix }

// SetLayer changes the layer edited (the window's mode: the annotator's
// own or gold); the state shows it after the next Open or Reload.
func (c *Controller) SetLayer(layer string) { c.layer = layer }

// Layer is the layer edited.
func (c *Controller) Layer() string { return c.layer }

// Annotations are the layer's annotations in text order (start, end, id).
// The slice and the annotations are the controller's: do not change them.
func (c *Controller) Annotations() []*model.Annotation { return c.anns }

// Annotation returns the layer's annotation with id, or nil.
func (c *Controller) Annotation(id string) *model.Annotation { return c.byID[id] }

// Index of the annotation with id in Annotations, or -1.
func (c *Controller) IndexOf(id string) int {
	a := c.byID[id]
	if a == nil {
		return -1
	}
	i := c.search(a)
	if i < len(c.anns) && c.anns[i] == a {
		return i
	}
	return -1
}

// Relations of the layer.
func (c *Controller) Relations() []model.Relation { return c.rels }

// Relation returns the layer's relation with id, or nil.
func (c *Controller) Relation(id string) *model.Relation {
	for i := range c.rels {
		if c.rels[i].ID == id {
			return &c.rels[i]
		}
	}
	return nil
}

// Count is the number of the layer's annotations labelled label.
func (c *Controller) Count(label string) int { return c.counts[label] }

// Less is the text order of Annotations: start, then end, then id.
func Less(a, b *model.Annotation) bool { return less(a, b) }

func less(a, b *model.Annotation) bool {
	if a.Start() != b.Start() {
		return a.Start() < b.Start()
	}
	if a.End() != b.End() {
		return a.End() < b.End()
	}
	return a.ID < b.ID
}

// search is where a goes in text order.
func (c *Controller) search(a *model.Annotation) int {
	return sort.Search(len(c.anns), func(i int) bool { return !less(c.anns[i], a) })
}

// insert puts a into the state and reports it.
func (c *Controller) insert(a *model.Annotation) {
	i := c.search(a)
	c.anns = append(c.anns, nil)
	copy(c.anns[i+1:], c.anns[i:])
	c.anns[i] = a
	c.byID[a.ID] = a
	c.count(a.Label, 1)
	c.docCount(1)
	if c.ev.Added != nil {
		c.ev.Added(a, i)
	}
}

// remove takes the annotation with id out of the state and reports it.
func (c *Controller) remove(id string) *model.Annotation {
	a := c.byID[id]
	if a == nil {
		return nil
	}
	if i := c.IndexOf(id); i >= 0 {
		c.anns = append(c.anns[:i], c.anns[i+1:]...)
	}
	delete(c.byID, id)
	c.count(a.Label, -1)
	c.docCount(-1)
	if c.ev.Removed != nil {
		c.ev.Removed(a)
	}
	return a
}

// replace swaps the annotation with cur.ID for cur, keeping text order.
func (c *Controller) replace(cur *model.Annotation) *model.Annotation {
	old := c.byID[cur.ID]
	if old == nil {
		return nil
	}
	if i := c.IndexOf(old.ID); i >= 0 {
		c.anns = append(c.anns[:i], c.anns[i+1:]...)
	}
	i := c.search(cur)
	c.anns = append(c.anns, nil)
	copy(c.anns[i+1:], c.anns[i:])
	c.anns[i] = cur
	c.byID[cur.ID] = cur
	if old.Label != cur.Label {
		c.count(old.Label, -1)
		c.count(cur.Label, 1)
	}
	if c.ev.Changed != nil {
		c.ev.Changed(old, cur)
	}
	return old
}

func (c *Controller) count(label string, d int) {
	c.counts[label] += d
	if c.ev.Counted != nil {
		c.ev.Counted(label, c.counts[label])
	}
}

func (c *Controller) docCount(d int) {
	c.docTotal += d
	if c.doc != nil && c.ev.DocCounted != nil {
		c.ev.DocCounted(c.doc.ID, c.docTotal)
	}
}

// shifted reports a reverted create or delete of a document that another
// Open has replaced in the state.
func (c *Controller) shifted(docID int64, d int) {
	if c.ev.DocShifted != nil {
		c.ev.DocShifted(docID, d)
	}
}

// setLayer replaces the whole state with the layer's annotations of all.
func (c *Controller) setLayer(all []model.Annotation, rels []model.Relation) {
	c.anns = c.anns[:0:0]
	c.byID = make(map[string]*model.Annotation, len(all))
	c.counts = map[string]int{}
	for i := range all {
		if all[i].Annotator != c.layer {
			continue
		}
		a := all[i]
		c.anns = append(c.anns, &a)
		c.byID[a.ID] = &a
		c.counts[a.Label]++
	}
	// The store's order is the same as less, but sort anyway: the state's
	// order must not depend on another package's ORDER BY.
	sort.SliceStable(c.anns, func(i, j int) bool { return less(c.anns[i], c.anns[j]) })
	c.rels = c.rels[:0:0]
	for _, r := range rels {
		if r.Annotator == c.layer {
			c.rels = append(c.rels, r)
		}
	}
	c.docTotal = len(all)
	// The counts of a layer read whole come with Opened or Replaced (the
	// window redraws the rows that changed), not as one Counted per label.
	if c.doc != nil && c.ev.DocCounted != nil {
		c.ev.DocCounted(c.doc.ID, c.docTotal)
	}
}

// stamp records, on the writer, the updated_at of annotations it read or
// committed.
func (c *Controller) stamp(as ...*model.Annotation) {
	for _, a := range as {
		if a != nil && a.ID != "" {
			c.stamps[a.ID] = a.UpdatedAt
		}
	}
}

// stampAside is stampLayer for a layer read on the reader: the stamps
// are the writer's, so they are handed to it, queued, and added to those
// it holds (the writes still queued may need them; the next open on the
// writer clears them). The writes of this document are all queued after
// that job: they are made once it is shown.
func (c *Controller) stampAside(all []model.Annotation) {
	st := make(map[string]time.Time, len(all))
	for i := range all {
		st[all[i].ID] = all[i].UpdatedAt
	}
	c.q.push(func() {
		for id, t := range st {
			c.stamps[id] = t
		}
	})
}

// stampLayer is stamp for a layer read whole: the map then holds that
// document's spans only (it does not grow over a day's documents).
func (c *Controller) stampLayer(all []model.Annotation) {
	clear(c.stamps)
	for i := range all {
		c.stamps[all[i].ID] = all[i].UpdatedAt
	}
}
