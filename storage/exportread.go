package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/margin-app/margin/model"
)

// The export's annotation reader. Reading and converting the rows is most
// of an export's work, so two readers share it, each on a connection of
// its own. They used to take the documents with even and odd ids, which
// had each of them walk the whole index and skip every other document's
// rows (a quarter of the readers' SQLite time, issue 14); now the
// documents are cut into chunks of consecutive ids, reader r reads chunks
// r, r+2, r+4, ..., and each query walks only its own range of the index.

// exportReaders is how many connections read annotations at once.
const exportReaders = 2

// exportChunks is about how many chunks the documents are cut into: enough
// that both readers stay busy to the end, few enough that a query per
// chunk costs nothing.
const exportChunks = 64

// leanAnnotationCols are the columns of an annotation a lean export reads
// (EachDocumentLean); the third is the annotator or, for one layer, NULL.
// No attributes ('{}') come as NULL, so the usual row has no string to
// copy out of SQLite for them.
const (
	leanAnnotationCols      = `id, doc_id, annotator, label, start, end, fragments, NULLIF(attributes, '{}'), note`
	leanAnnotationLayerCols = `id, doc_id, NULL, label, start, end, fragments, NULLIF(attributes, '{}'), note`
)

// annotationGroup is one document's annotations.
type annotationGroup struct {
	doc  int64
	anns []model.Annotation
	err  error
}

// annotationReader streams per-document groups of annotations from
// exportReaders goroutines, each group on the channel of the reader whose
// chunk holds the document.
type annotationReader struct {
	starts  []int64 // starts[k] is the first document id of chunk k (chunk 0 also takes anything below)
	readers [exportReaders]chan annotationGroup
	pending [exportReaders]*annotationGroup
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// chunkOf is the chunk holding document doc: the last chunk starting at or
// before it (the first for anything smaller, the last for documents added
// after the chunks were cut).
func (r *annotationReader) chunkOf(doc int64) int {
	k := sort.Search(len(r.starts), func(i int) bool { return r.starts[i] > doc }) - 1
	return max(k, 0)
}

func (s *DB) readAnnotations(ctx context.Context, annotator string, lean bool) (*annotationReader, error) {
	// Without ORDER BY, SQLite reads the ids from the small sha256 index;
	// in id order it walked the table, every document's text with it,
	// before the readers could start (0.29 s of the articles export,
	// issue 14). Sorted here instead.
	var ids []int64
	err := s.rawRows(ctx, `SELECT id FROM documents`, nil, func(v []driver.Value) error {
		id, ok := v[0].(int64)
		if !ok {
			return fmt.Errorf("documents: id %T", v[0])
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	size := max(1, (len(ids)+exportChunks-1)/exportChunks)
	// A chunk is read whole (exportscan.go): of about exportChunkRows
	// annotations on average, by the table's count (every layer's, an
	// upper bound for one; SQLite counts on its smallest index, 0.02 s
	// for a million rows).
	var total int64
	err = s.rawRows(ctx, `SELECT count(*) FROM annotations`, nil, func(v []driver.Value) error {
		n, ok := v[0].(int64)
		if !ok {
			return fmt.Errorf("annotations: count %T", v[0])
		}
		total = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	if total > 0 {
		size = max(1, min(size, int(int64(exportChunkRows)*int64(len(ids))/total)))
	}
	starts := []int64{math.MinInt64}
	for i := size; i < len(ids); i += size {
		starts = append(starts, ids[i])
	}
	cols := annotationRawCols
	if lean {
		cols = leanAnnotationCols
	}
	if annotator != "" {
		cols = annotationLayerCols
		if lean {
			cols = leanAnnotationLayerCols
		}
	}
	q := newChunkQueries(cols, annotator != "")
	ctx, cancel := context.WithCancel(ctx)
	r := &annotationReader{starts: starts, cancel: cancel}
	for n := range exportReaders {
		ch := make(chan annotationGroup, 4)
		r.readers[n] = ch
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer close(ch)
			if err := s.readChunks(ctx, q, annotator, lean, ids, starts, n, ch); err != nil && !errors.Is(err, errReaderStopped) {
				select {
				case ch <- annotationGroup{err: err}:
				case <-ctx.Done():
				}
			}
		}()
	}
	return r, nil
}

var errReaderStopped = errors.New("annotation reader stopped")

// readChunks reads chunks n, n+exportReaders, ... on one connection
// (exportscan.go) and sends each document's annotations to ch.
func (s *DB) readChunks(ctx context.Context, q chunkQueries, annotator string, lean bool, ids, starts []int64, n int, ch chan<- annotationGroup) error {
	var h *histTimes
	if !lean {
		at, err := s.db.PrepareContext(ctx, `SELECT at FROM history WHERE seq = ?`)
		if err != nil {
			return err
		}
		defer at.Close()
		h = &histTimes{ctx: ctx, at: at, layer: annotator}
	}
	var frags fragBlock
	decode := func(v []driver.Value) (model.Annotation, error) {
		if lean {
			return annotationFromLean(v, annotator, &frags)
		}
		return annotationFromValues(v, h, &frags)
	}
	send := func(g annotationGroup) error {
		select {
		case ch <- g:
			return nil
		case <-ctx.Done():
			return errReaderStopped
		}
	}
	return s.withRawConn(ctx, func(qc driver.QueryerContext) error {
		c, err := newChunkReader(qc, annotator, q, ids, decode, send)
		if err != nil {
			return err
		}
		for k := n; k < len(starts); k += exportReaders {
			lo, hi := starts[k], int64(math.MaxInt64)
			if k+1 < len(starts) {
				hi = starts[k+1] - 1
			}
			if err := c.readRange(ctx, lo, hi); err != nil {
				return err
			}
		}
		return nil
	})
}

// take returns document doc's annotations (non-nil, as Annotations).
// Calls must come in increasing document order.
func (r *annotationReader) take(doc int64) ([]model.Annotation, error) {
	n := r.chunkOf(doc) % exportReaders
	for {
		if r.pending[n] == nil {
			g, ok := <-r.readers[n]
			if !ok {
				return []model.Annotation{}, nil
			}
			if g.err != nil {
				return nil, g.err
			}
			r.pending[n] = &g
		}
		g := r.pending[n]
		switch {
		case g.doc < doc: // a document the documents query does not have
			r.pending[n] = nil
		case g.doc == doc:
			r.pending[n] = nil
			return g.anns, nil
		default:
			return []model.Annotation{}, nil
		}
	}
}

func (r *annotationReader) close() {
	r.cancel()
	for _, ch := range r.readers {
		if ch != nil {
			for range ch { // let the readers see the cancel and finish
			}
		}
	}
	r.wg.Wait()
}

// fragBlock hands out one-fragment slices cut from a shared block, one
// allocation per fragBlockSize annotations instead of one each. Each slice
// has its capacity cut to its length, so an append to one never writes
// into its neighbour. The zero value is ready; a nil *fragBlock allocates
// each slice on its own.
type fragBlock struct{ free []model.Fragment }

const fragBlockSize = 512

func (b *fragBlock) one(start, end int) []model.Fragment {
	if b == nil {
		return []model.Fragment{{Start: start, End: end}}
	}
	if len(b.free) == 0 {
		b.free = make([]model.Fragment, fragBlockSize)
	}
	f := b.free[:1:1]
	b.free = b.free[1:]
	f[0] = model.Fragment{Start: start, End: end}
	return f
}

// annotationFromLean makes an annotation of the driver's values of a row
// of leanAnnotationCols or leanAnnotationLayerCols (see EachDocumentLean).
func annotationFromLean(v []driver.Value, layer string, frags *fragBlock) (model.Annotation, error) {
	var a model.Annotation
	if len(v) != 9 {
		return a, fmt.Errorf("annotations: %d columns, want 9", len(v))
	}
	if err := (scanID{&a.ID}).Scan(v[0]); err != nil {
		return a, err
	}
	a.Annotator = layer
	if v[2] != nil {
		if err := assignValue(&a.Annotator, v[2]); err != nil {
			return a, fmt.Errorf("annotation %s, column 2: %w", a.ID, err)
		}
	}
	doc, ok1 := v[1].(int64)
	start, ok2 := v[4].(int64)
	end, ok3 := v[5].(int64)
	if !ok1 || !ok2 || !ok3 {
		return a, fmt.Errorf("annotation %s: doc_id, start, end: %T, %T, %T where integers belong", a.ID, v[1], v[4], v[5])
	}
	a.DocID = doc
	if err := assignValue(&a.Label, v[3]); err != nil {
		return a, fmt.Errorf("annotation %s, column 3: %w", a.ID, err)
	}
	if err := assignValue(&a.Note, v[8]); err != nil {
		return a, fmt.Errorf("annotation %s, column 8: %w", a.ID, err)
	}
	var fragsCol, attrs string
	if v[6] != nil {
		if err := assignValue(&fragsCol, v[6]); err != nil {
			return a, fmt.Errorf("annotation %s, column 6: %w", a.ID, err)
		}
	}
	if v[7] != nil {
		if err := assignValue(&attrs, v[7]); err != nil {
			return a, fmt.Errorf("annotation %s, column 7: %w", a.ID, err)
		}
	}
	if v[6] == nil {
		a.Fragments = frags.one(int(start), int(end))
	} else if err := unmarshalFragments(fragsCol, &a.Fragments); err != nil {
		return a, fmt.Errorf("annotation %s: fragments: %w", a.ID, err)
	}
	if attrs != "{}" && attrs != "" {
		if err := unmarshalAttributes(attrs, &a.Attributes); err != nil {
			return a, fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
		}
		if len(a.Attributes) == 0 {
			a.Attributes = nil
		}
	}
	return a, nil
}
