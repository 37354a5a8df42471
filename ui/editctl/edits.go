package editctl

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/margin-app/margin/internal/startuptrace"
	"github.com/margin-app/margin/model"
)

// Open loads document id with its layer in the background (queued after
// the writes before it, so it sees them) and then calls Events.Opened.
// layer is the layer edited from now on. done, if not nil, gets the
// error of the load.
func (c *Controller) Open(id int64, layer string, done func(error)) {
	c.open(func() int64 { return id }, id, layer, false, done)
}

// OpenNow is Open for a small document: when nothing is queued, it is
// read at once on the caller's goroutine (a few milliseconds), so that the
// document shows in the frame of the key or click that chose it rather
// than after a round trip through the writer and the event loop (which
// on a busy machine took longer than the reads). With writes queued it
// waits behind them like Open.
func (c *Controller) OpenNow(id int64, layer string, done func(error)) {
	c.open(func() int64 { return id }, id, layer, true, done)
}

// OpenFunc is Open of the document id() names; id runs on the writer, after
// the store calls queued before (so it can name a document a Read queued
// just before listed). An id of 0 opens nothing (done gets nil).
func (c *Controller) OpenFunc(idOf func() int64, layer string, done func(error)) {
	c.open(idOf, 0, layer, false, done)
}

// open reads the document idOf names (fixed, when known before: Open and
// OpenNow). On the writer it comes after the store calls queued before;
// while the writer is busy only with writes of other documents, a fixed
// document is read on the reader instead, beside them (issue 14: a
// switch waited behind a stuck write of the document left).
func (c *Controller) open(idOf func() int64, fixed int64, layer string, now bool, done func(error)) {
	c.gen++
	gen := c.gen
	c.latestOpen.Store(int64(gen))
	var (
		doc  *model.Document
		ix   *model.TextIndex
		all  []model.Annotation
		rels []model.Relation
	)
	aside := fixed > 0 && !(now && c.inflight == 0) && c.canOpenAside(fixed)
	enqueue := func(work func() error, apply func(error)) { c.enqueueFor(readJob, work, apply) }
	switch {
	case now && c.inflight == 0:
		enqueue = c.runNow
	case aside:
		enqueue = func(work func() error, apply func(error)) { c.enqueueOn(c.reader, readJob, work, apply) }
	}
	enqueue(func() error {
		if !aside {
			// Every relation id queued before this open has been sent:
			// the provisional ids are not needed any more (the map does
			// not grow over a day's documents). Aside, the writer may
			// still hold some; the next open on the writer clears them.
			clear(c.relIDs)
		}
		if c.latestOpen.Load() != int64(gen) {
			return nil // superseded (Ctrl+Down held): the apply drops it
		}
		id := idOf()
		if id == 0 {
			return nil
		}
		var err error
		if doc, err = c.store.Document(c.ctx, id); err != nil {
			return fmt.Errorf("open document %d: %w", id, err)
		}
		ix = model.NewTextIndex(doc.Text)
		if all, err = c.store.Annotations(c.ctx, id, ""); err != nil {
			return err
		}
		if aside {
			c.stampAside(all)
		} else {
			c.stampLayer(all)
		}
		rels, err = c.store.Relations(c.ctx, id)
		startuptrace.Mark("document read (writer)")
		return err
	}, func(err error) {
		if gen != c.gen {
			return // another Open came after this one
		}
		clear(c.deadRels)
		if err == nil && doc != nil {
			c.doc, c.ix, c.layer = doc, ix, layer
			c.setLayer(all, rels)
			if c.ev.Opened != nil {
				c.ev.Opened(doc, all)
			}
		}
		if done != nil {
			done(err)
		}
	})
}

// Reload re-reads the open document's annotations and relations (after a
// change the controller did not make, such as a schema change or a merge)
// and calls Events.Replaced; all is every layer's annotations.
func (c *Controller) Reload(done func(all []model.Annotation, err error)) {
	c.reload(false, func(all []model.Annotation, _ bool, err error) {
		if done != nil {
			done(all, err)
		}
	})
}

// ReloadQuiet is Reload for a change made elsewhere (a colleague's, told
// by the server): when an edit was queued while the layer was read, the
// state, which shows that edit already, is kept and done gets applied
// false (the caller reloads again once the controller is idle), so that
// the edit does not vanish from the screen until its own write is done.
func (c *Controller) ReloadQuiet(done func(all []model.Annotation, applied bool, err error)) {
	c.reload(true, done)
}

func (c *Controller) reload(quiet bool, done func(all []model.Annotation, applied bool, err error)) {
	if c.doc == nil {
		return
	}
	gen, id := c.gen, c.doc.ID
	var all []model.Annotation
	var rels []model.Relation
	c.enqueueFor(readJob, func() error {
		var err error
		if all, err = c.store.Annotations(c.ctx, id, ""); err != nil {
			return err
		}
		c.stampLayer(all)
		rels, err = c.store.Relations(c.ctx, id)
		return err
	}, func(err error) {
		if gen != c.gen {
			return
		}
		if quiet && err == nil && c.inflight > 0 {
			done(nil, false, nil)
			return
		}
		if err == nil {
			c.setLayer(all, rels)
			if c.ev.Replaced != nil {
				c.ev.Replaced()
			}
		}
		if done != nil {
			done(all, err == nil, err)
		}
	})
}

// Create adds a new annotation of the open document to the layer: shown at
// once, saved in the background. It returns the annotation as the state
// holds it (with its id), or nil when there is no open document.
func (c *Controller) Create(label string, frags []model.Fragment, what string) *model.Annotation {
	as := c.CreateMany([]model.Annotation{{Label: label, Fragments: frags}}, what)
	if len(as) == 0 {
		return nil
	}
	return as[0]
}

// CreateMany adds annotations to the layer as one write (one transaction,
// one undo step).
func (c *Controller) CreateMany(in []model.Annotation, what string) []*model.Annotation {
	if c.doc == nil || len(in) == 0 {
		return nil
	}
	shown := make([]*model.Annotation, len(in))
	saved := make([]*model.Annotation, len(in))
	for i := range in {
		a := in[i]
		a.ID = uuid.NewString()
		a.DocID, a.Annotator = c.doc.ID, c.layer
		a.Fragments = slices.Clone(a.Fragments)
		a.Text = coveredText(c.ix, a.Fragments)
		if a.Attributes == nil {
			a.Attributes = map[string]any{}
		}
		shown[i] = &a
		saved[i] = clone(&a)
		c.insert(&a)
	}
	c.pending(what)
	gen, docID := c.gen, c.doc.ID
	c.enqueueFor(docID, func() error {
		err := c.store.CreateAnnotations(c.ctx, saved)
		if err == nil {
			c.stamp(saved...)
		}
		return err
	}, func(err error) {
		if err == nil {
			for i, a := range shown {
				a.CreatedAt, a.UpdatedAt = saved[i].CreatedAt, saved[i].UpdatedAt
			}
			c.saved(what)
			return
		}
		for _, a := range shown {
			c.unsaved[a.ID] = true
		}
		if gen == c.gen {
			// Whichever version the state holds now: an edit of the new
			// span queued meanwhile (a quick relabel) replaced it, and
			// fails too, but its revert would bring back a span that was
			// never saved (the walk: a removed member's 2 then 3).
			for _, a := range shown {
				if c.byID[a.ID] != nil {
					c.remove(a.ID)
				}
			}
		} else {
			c.shifted(docID, -len(shown))
		}
		c.failed(what, err)
	})
	return shown
}

// CreateWith is Create for a write the caller makes itself (a curator's
// span goes into gold with its provenance): write runs on the writer with
// the new annotation.
func (c *Controller) CreateWith(label string, frags []model.Fragment, what string, write func(a *model.Annotation) error) *model.Annotation {
	if c.doc == nil {
		return nil
	}
	a := &model.Annotation{ID: uuid.NewString(), DocID: c.doc.ID, Annotator: c.layer, Label: label,
		Fragments: slices.Clone(frags), Attributes: map[string]any{}}
	a.Text = coveredText(c.ix, a.Fragments)
	saved := clone(a)
	c.insert(a)
	c.pending(what)
	gen := c.gen
	c.enqueueFor(a.DocID, func() error {
		err := write(saved)
		if err == nil {
			c.stamp(saved)
		}
		return err
	}, func(err error) {
		if err == nil {
			a.CreatedAt, a.UpdatedAt = saved.CreatedAt, saved.UpdatedAt
			c.saved(what)
			return
		}
		c.unsaved[a.ID] = true
		if gen != c.gen {
			c.shifted(a.DocID, -1)
		} else if c.byID[a.ID] != nil {
			c.remove(a.ID)
		}
		c.failed(what, err)
	})
	return a
}

// Update saves a changed annotation of the layer (same id): the state
// holds upd at once.
func (c *Controller) Update(upd *model.Annotation, what string) {
	old := c.byID[upd.ID]
	if old == nil {
		return
	}
	cur := clone(upd)
	cur.Text = coveredText(c.ix, cur.Fragments)
	saved := clone(cur)
	c.replace(cur)
	c.pending(what)
	gen := c.gen
	c.enqueueFor(old.DocID, func() error {
		if t, ok := c.stamps[saved.ID]; ok {
			saved.UpdatedAt = t // as this window last wrote or read it
		}
		err := c.store.UpdateAnnotationAs(c.ctx, saved, c.who)
		if err == nil {
			c.stamp(saved)
		}
		return err
	}, func(err error) {
		if err == nil {
			cur.CreatedAt, cur.UpdatedAt = saved.CreatedAt, saved.UpdatedAt
			c.saved(what)
			return
		}
		// Put back what was there before, unless a later change (or
		// its own revert) already replaced this one.
		if gen == c.gen && c.byID[cur.ID] == cur && !c.unsaved[cur.ID] {
			c.replace(old)
		}
		c.failed(what, err)
	})
}

// Delete removes the layer's annotation id.
func (c *Controller) Delete(id, what string) {
	old := c.remove(id)
	if old == nil {
		return
	}
	// Relations ending at it go with it in the store; drop them here too.
	kept := c.rels[:0:0]
	var gone []model.Relation
	for _, r := range c.rels {
		if r.From == id || r.To == id {
			gone = append(gone, r)
		} else {
			kept = append(kept, r)
		}
	}
	if len(gone) > 0 {
		c.rels = kept
		c.relationsChanged()
	}
	c.pending(what)
	gen := c.gen
	c.enqueueFor(old.DocID, func() error { return c.store.DeleteAnnotation(c.ctx, id, c.who) }, func(err error) {
		if err == nil {
			c.saved(what)
			return
		}
		if gen != c.gen {
			c.shifted(old.DocID, 1)
		} else if c.byID[id] == nil && !c.unsaved[id] {
			c.insert(old)
			if len(gone) > 0 {
				c.rels = append(c.rels, gone...)
				c.relationsChanged()
			}
		}
		c.failed(what, err)
	})
}

// CreateRelation links two of the layer's annotations. The store gives
// the relation its own id at the commit; until then the state holds a
// provisional one, and a delete queued meanwhile is sent with the real id.
func (c *Controller) CreateRelation(typ, from, to, what string) *model.Relation {
	if c.doc == nil {
		return nil
	}
	r := model.Relation{ID: uuid.NewString(), DocID: c.doc.ID, Annotator: c.layer, Type: typ, From: from, To: to}
	saved := r
	c.rels = append(c.rels, r)
	c.relationsChanged()
	c.pending(what)
	gen := c.gen
	c.enqueueFor(r.DocID, func() error {
		err := c.store.CreateRelation(c.ctx, &saved)
		if err == nil {
			c.relIDs[r.ID] = saved.ID // writer only
		}
		return err
	}, func(err error) {
		if err == nil {
			if cur := c.Relation(r.ID); cur != nil {
				cur.ID = saved.ID
				c.relationsChanged()
			}
			c.saved(what)
			return
		}
		c.deadRels[r.ID] = true
		if gen == c.gen && c.dropRelation(r.ID) != nil {
			c.relationsChanged()
		}
		c.failed(what, err)
	})
	return &r
}

// DeleteRelation removes the layer's relation id.
func (c *Controller) DeleteRelation(id, what string) {
	old := c.dropRelation(id)
	if old == nil {
		return
	}
	c.relationsChanged()
	c.pending(what)
	gen := c.gen
	c.enqueueFor(old.DocID, func() error {
		real := id
		if v, ok := c.relIDs[id]; ok {
			real = v
		}
		return c.store.DeleteRelation(c.ctx, real, c.who)
	}, func(err error) {
		if err == nil {
			c.saved(what)
			return
		}
		// (A relation whose create failed stays deleted.)
		if gen == c.gen && c.Relation(id) == nil && !c.deadRels[id] {
			c.rels = append(c.rels, *old)
			c.relationsChanged()
		}
		c.failed(what, err)
	})
}

func (c *Controller) dropRelation(id string) *model.Relation {
	for i := range c.rels {
		if c.rels[i].ID == id {
			r := c.rels[i]
			c.rels = append(c.rels[:i:i], c.rels[i+1:]...)
			return &r
		}
	}
	return nil
}

// Write queues a store call that changes nothing in the layer (a document
// status, a document label): done gets its error on the UI goroutine,
// after the writes before it. "saved" is reported after the commit, unless
// what is "" (a write the user did not ask for, such as the status a first
// edit sets).
func (c *Controller) Write(what string, work func(s model.Store) error, done func(error)) {
	c.WriteDoc(anyDoc, what, work, done)
}

// WriteDoc is Write of a store call that writes only document docID's
// rows (its status, its document labels): opening another document need
// not wait for it.
func (c *Controller) WriteDoc(docID int64, what string, work func(s model.Store) error, done func(error)) {
	c.pending(what)
	c.enqueueFor(docID, func() error { return work(c.store) }, func(err error) {
		if err == nil {
			c.saved(what)
		} else {
			c.failed(what, err)
		}
		if done != nil {
			done(err)
		}
	})
}

// Read queues a store read after the writes before it; done runs on the
// UI goroutine.
func (c *Controller) Read(work func(s model.Store) error, done func(error)) {
	c.enqueue(func() error { return work(c.store) }, func(err error) {
		if done != nil {
			done(err)
		}
	})
}

// ReadNow is Read, run at once on the caller's goroutine when nothing is
// queued (see OpenNow).
func (c *Controller) ReadNow(work func(s model.Store) error, done func(error)) {
	if c.inflight != 0 {
		c.Read(work, done)
		return
	}
	err := work(c.store)
	if done != nil {
		done(err)
	}
}

func (c *Controller) pending(what string) {
	if what != "" && c.ev.Pending != nil {
		c.ev.Pending(what)
	}
}

func (c *Controller) saved(what string) {
	if c.queuedNow {
		if what != "" && c.ev.Queued != nil {
			c.ev.Queued(what)
		}
		return
	}
	if what != "" && c.ev.Saved != nil {
		c.ev.Saved(what)
	}
}

func (c *Controller) failed(what string, err error) {
	if c.ev.Failed != nil {
		c.ev.Failed(&WriteError{What: what, Err: err})
	}
}

func (c *Controller) relationsChanged() {
	if c.ev.RelationsChanged != nil {
		c.ev.RelationsChanged()
	}
}

// clone copies a with its own fragments and attributes.
func clone(a *model.Annotation) *model.Annotation {
	b := *a
	b.Fragments = slices.Clone(a.Fragments)
	b.Attributes = maps.Clone(a.Attributes)
	return &b
}

// coveredText is the text an annotation covers, as a string of its own: a
// slice of the document would keep all of it alive for as long as the
// annotation (or a widget showing it) is (issue 14's soak: a megabyte per
// reopening of a 1 MB document).
func coveredText(ix *model.TextIndex, frags []model.Fragment) string {
	return strings.Clone(model.CoveredText(ix, frags))
}
