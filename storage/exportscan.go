package storage

import (
	"cmp"
	"context"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
)

// How a chunk of the export's documents has its annotations read.
//
// Walking the annotations_doc index in (doc_id, start) order finds each
// row's table entry by its rowid: a B-tree search per annotation, 0.9 s of
// SQLite's 1.1 s for the million spans of the articles export, where
// scanning the same rows in rowid order took 0.2 s (sqlite3 .timer, issue
// 14). An import inserts a document's annotations one after another, so
// the rows of a chunk of consecutive documents are mostly one run of
// rowids. A chunk is therefore read, in one read transaction, as
//
//   - the rows in the rowid range [a, b] from its first document's first
//     row to its last document's last row (a scan of the table), and
//   - only when that found fewer rows than the chunk has (counted on the
//     index, which costs no table search), the rows outside [a, b]
//     through the index, which tests the rowid before it searches the
//     table;
//
// the two sets are disjoint and together every row of the chunk, whatever
// [a, b] is. They are then put in the order the index query gives
// (doc_id, start, end, id) in Go. A chunk whose range would scan more
// than scatterFactor times its own rows (annotations added long after the
// import, documents edited at random) is read through the index as before.

// exportChunkRows is about how many annotations a chunk has (the
// documents are cut by their average), and the most one is read with at
// once: a chunk with more is cut in two by its documents, so what a
// reader holds does not grow with the corpus (a single document is never
// cut).
var exportChunkRows = 1 << 13

// scatterFactor: a chunk whose rowid range holds more than this many rows
// per row of its own is read through the index (a table search per row
// costs about what scanning five rows does).
const scatterFactor = 4

// The chunk reader's queries, for every layer and for one (the layer's
// queries end with "AND annotator = ?", before any other term).
const (
	chunkCount      = `SELECT count(*), min(doc_id), max(doc_id) FROM annotations WHERE doc_id >= ? AND doc_id <= ?`
	chunkCountLayer = chunkCount + ` AND annotator = ?`
	chunkFirst      = `SELECT min(rowid) FROM annotations WHERE doc_id = ?`
	chunkFirstLayer = chunkFirst + ` AND annotator = ?`
	chunkLast       = `SELECT max(rowid) FROM annotations WHERE doc_id = ?`
	chunkLastLayer  = chunkLast + ` AND annotator = ?`
)

// chunkQueries are the row queries of one column set and layer choice.
type chunkQueries struct {
	scan    string // rowid >= ? AND rowid <= ? AND doc_id >= ? AND doc_id <= ? [AND annotator = ?]
	stray   string // doc_id >= ? AND doc_id <= ? [AND annotator = ?] AND (rowid < ? OR rowid > ?)
	indexed string // doc_id >= ? AND doc_id <= ? [AND annotator = ?] ORDER BY doc_id, start, end, id
}

func newChunkQueries(cols string, layer bool) chunkQueries {
	where := ""
	if layer {
		where = ` AND annotator = ?`
	}
	from := `SELECT ` + cols + ` FROM annotations WHERE `
	return chunkQueries{
		scan:    from + `rowid >= ? AND rowid <= ? AND doc_id >= ? AND doc_id <= ?` + where,
		stray:   from + `doc_id >= ? AND doc_id <= ?` + where + ` AND (rowid < ? OR rowid > ?)`,
		indexed: from + `doc_id >= ? AND doc_id <= ?` + where + ` ORDER BY doc_id, start, end, id`,
	}
}

// chunkReader reads chunks on one driver connection.
type chunkReader struct {
	qc     driver.QueryerContext
	ec     driver.ExecerContext
	layer  string // "" for every layer
	q      chunkQueries
	ids    []int64 // every document id, sorted (to cut a chunk in two)
	decode func(v []driver.Value) (model.Annotation, error)
	send   func(annotationGroup) error
	keys   []rowKey   // c.anns[i]'s order, reused from chunk to chunk
	order  []orderKey // reused
	anns   []model.Annotation
}

// rowKey is what orders an annotation: its row's doc_id, start, end and
// id. A 16-byte id (a UUID) is kept as two big-endian halves, which
// compare as its bytes do; any other id as read.
type rowKey struct {
	doc, start, end int64
	hi, lo          uint64
	text            string
	class           int8 // SQLite orders NULL, then text, then blobs
}

// compareIDs orders two rows with the same start and end by id.
func compareIDs(x, y *rowKey) int {
	if c := cmp.Compare(x.class, y.class); c != 0 {
		return c
	}
	if x.class == classUUID {
		if c := cmp.Compare(x.hi, y.hi); c != 0 {
			return c
		}
		return cmp.Compare(x.lo, y.lo)
	}
	return strings.Compare(x.text, y.text)
}

// orderKey is what the sort moves: start and end in one integer (start
// in the high half), and the row's place in chunkReader.keys and .anns.
type orderKey struct {
	se uint64
	i  int32
}

// SQLite's order of the id column's types; a 16-byte blob (a UUID) is
// the only blob an id is.
const (
	classNull int8 = iota
	classText
	classUUID
)

// args are a query's values with the layer's inserted at its place.
func (c *chunkReader) args(before []driver.Value, after ...driver.Value) []driver.Value {
	if c.layer != "" {
		before = append(before, c.layer)
	}
	return append(before, after...)
}

// readRange reads the annotations of documents lo..hi and sends them, one
// group per document, in document order.
func (c *chunkReader) readRange(ctx context.Context, lo, hi int64) (err error) {
	// One snapshot for the count and the rows, so that "found fewer than
	// counted" means rows outside the range, not a write in between.
	if _, err := c.ec.ExecContext(ctx, "BEGIN", nil); err != nil {
		return fmt.Errorf("begin the read of documents %d-%d: %w", lo, hi, err)
	}
	inTx := true
	defer func() {
		if inTx { // not on the caller's context, which may be cancelled
			if _, rerr := c.ec.ExecContext(context.Background(), "ROLLBACK", nil); rerr != nil && err == nil {
				err = fmt.Errorf("end the read of documents %d-%d: %w", lo, hi, rerr)
			}
		}
	}()
	countQ, firstQ, lastQ := chunkCount, chunkFirst, chunkLast
	if c.layer != "" {
		countQ, firstQ, lastQ = chunkCountLayer, chunkFirstLayer, chunkLastLayer
	}
	var count, first, last int64
	if err := c.ints(ctx, countQ, c.args([]driver.Value{lo, hi}), &count, &first, &last); err != nil {
		return fmt.Errorf("count the annotations of documents %d-%d: %w", lo, hi, err)
	}
	if count == 0 {
		return nil
	}
	if count > int64(exportChunkRows) && first < last {
		// Cut in two between its documents that have annotations.
		ids := c.docsIn(first, last)
		if len(ids) > 1 {
			mid := ids[len(ids)/2]
			inTx = false
			if _, err := c.ec.ExecContext(ctx, "ROLLBACK", nil); err != nil {
				return fmt.Errorf("end the read of documents %d-%d: %w", lo, hi, err)
			}
			if err := c.readRange(ctx, lo, mid-1); err != nil {
				return err
			}
			return c.readRange(ctx, mid, hi)
		}
	}
	var a, b int64
	if err := c.ints(ctx, firstQ, c.args([]driver.Value{first}), &a); err != nil {
		return fmt.Errorf("annotations of document %d: %w", first, err)
	}
	if err := c.ints(ctx, lastQ, c.args([]driver.Value{last}), &b); err != nil {
		return fmt.Errorf("annotations of document %d: %w", last, err)
	}
	if b < a || b-a+1 > scatterFactor*count {
		return c.streamIndexed(ctx, lo, hi)
	}
	c.keys = c.keys[:0]
	c.anns = slices.Grow(c.anns[:0], int(count))
	if err := c.collect(ctx, c.q.scan, c.args([]driver.Value{a, b, lo, hi})); err != nil {
		return err
	}
	if int64(len(c.anns)) < count {
		if err := c.collect(ctx, c.q.stray, c.args([]driver.Value{lo, hi}, a, b)); err != nil {
			return err
		}
	}
	return c.sendSorted()
}

// docsIn is the document ids from first to last.
func (c *chunkReader) docsIn(first, last int64) []int64 {
	i := sort.Search(len(c.ids), func(i int) bool { return c.ids[i] >= first })
	j := sort.Search(len(c.ids), func(i int) bool { return c.ids[i] > last })
	return c.ids[i:j]
}

// ints reads the integers of the one row of q into to (NULL as 0).
func (c *chunkReader) ints(ctx context.Context, q string, args []driver.Value, to ...*int64) error {
	rows := 0
	err := rawQuery(ctx, c.qc, q, args, func(v []driver.Value) error {
		rows++
		for i, p := range to {
			switch x := v[i].(type) {
			case int64:
				*p = x
			case nil:
				*p = 0
			default:
				return fmt.Errorf("%T where an integer belongs", v[i])
			}
		}
		return nil
	})
	if err == nil && rows != 1 {
		err = fmt.Errorf("%d rows where one belongs", rows)
	}
	return err
}

// collect appends the rows of q to c.anns and their keys to c.keys. A
// UUID id is not made a string here: all of a chunk's are written into
// one string afterwards (setIDs), one allocation instead of one per row.
func (c *chunkReader) collect(ctx context.Context, q string, args []driver.Value) error {
	return rawQuery(ctx, c.qc, q, args, func(v []driver.Value) error {
		doc, ok1 := v[1].(int64)
		start, ok2 := v[4].(int64)
		end, ok3 := v[5].(int64)
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("annotations: doc_id, start, end: %T, %T, %T where integers belong", v[1], v[4], v[5])
		}
		k := rowKey{doc: doc, start: start, end: end}
		switch id := v[0].(type) {
		case []byte:
			if len(id) != 16 {
				return fmt.Errorf("id: a %d-byte value where a 16-byte UUID belongs", len(id))
			}
			k.class, k.hi, k.lo = classUUID, binary.BigEndian.Uint64(id[:8]), binary.BigEndian.Uint64(id[8:])
			v[0] = nil // decoded as no id; setIDs writes it
		case nil:
			k.class = classNull
		default:
			k.class = classText
		}
		a, err := c.decode(v)
		if err != nil {
			if k.class == classUUID {
				return fmt.Errorf("annotation %s: %w", uuidOf(k.hi, k.lo), err)
			}
			return err
		}
		if k.class == classText {
			k.text = a.ID
		}
		c.keys = append(c.keys, k)
		c.anns = append(c.anns, a)
		return nil
	})
}

// uuidOf is the id string of a UUID's two halves.
func uuidOf(hi, lo uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], hi)
	binary.BigEndian.PutUint64(b[8:], lo)
	return uuid.UUID(b).String()
}

// setIDs gives every annotation with a UUID its id string, all cut from
// one string in uuid.UUID.String's form (lower-case 8-4-4-4-12).
func (c *chunkReader) setIDs() {
	n := 0
	for i := range c.keys {
		if c.keys[i].class == classUUID {
			n++
		}
	}
	if n == 0 {
		return
	}
	buf := make([]byte, n*uuidLen)
	at := 0
	for i := range c.keys {
		if k := &c.keys[i]; k.class == classUUID {
			putUUID(buf[at:at+uuidLen], k.hi, k.lo)
			at += uuidLen
		}
	}
	all := string(buf)
	for i := range c.keys {
		if c.keys[i].class == classUUID {
			c.anns[i].ID, all = all[:uuidLen], all[uuidLen:]
		}
	}
}

const (
	uuidLen   = 36
	hexDigits = "0123456789abcdef"
)

// putUUID writes the 8-4-4-4-12 lower-case hex form of a UUID's halves
// into b (uuidLen bytes).
func putUUID(b []byte, hi, lo uint64) {
	_ = b[uuidLen-1]
	// 32 hex digits, most significant first, with the dashes at 8, 13,
	// 18 and 23.
	at := uuidLen - 1
	for n := 0; n < 16; n++ {
		if at == 23 {
			b[at] = '-'
			at--
		}
		b[at] = hexDigits[lo&0xF]
		lo >>= 4
		at--
	}
	for n := 0; n < 16; n++ {
		if at == 18 || at == 13 || at == 8 {
			b[at] = '-'
			at--
		}
		b[at] = hexDigits[hi&0xF]
		hi >>= 4
		at--
	}
}

// sendSorted sends c.anns in index order (doc_id, start, end, id), one
// group per document.
func (c *chunkReader) sendSorted() error {
	c.setIDs()
	keys := c.keys
	order := c.order[:0]
	wide := false // an offset past what orderKey.se holds: sorted on the keys themselves
	for i := range keys {
		k := &keys[i]
		if uint64(k.start) >= 1<<32 || uint64(k.end) >= 1<<32 {
			wide = true
		}
		order = append(order, orderKey{se: uint64(k.start)<<32 | uint64(k.end), i: int32(i)})
	}
	c.order = order
	// An import writes a document's rows together: the chunk is usually
	// in document order already, and only each document's rows need
	// sorting.
	if !slices.IsSortedFunc(order, func(x, y orderKey) int { return cmp.Compare(keys[x.i].doc, keys[y.i].doc) }) {
		slices.SortStableFunc(order, func(x, y orderKey) int { return cmp.Compare(keys[x.i].doc, keys[y.i].doc) })
	}
	inDoc := func(x, y orderKey) int {
		if x.se != y.se {
			return cmp.Compare(x.se, y.se)
		}
		return compareIDs(&keys[x.i], &keys[y.i])
	}
	if wide {
		inDoc = func(x, y orderKey) int {
			a, b := &keys[x.i], &keys[y.i]
			if c := cmp.Compare(a.start, b.start); c != 0 {
				return c
			}
			if c := cmp.Compare(a.end, b.end); c != 0 {
				return c
			}
			return compareIDs(a, b)
		}
	}
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && keys[order[j].i].doc == keys[order[i].i].doc {
			j++
		}
		if run := order[i:j]; !slices.IsSortedFunc(run, inDoc) {
			slices.SortFunc(run, inDoc)
		}
		i = j
	}
	// Each document's annotations are copied, in order, into an array of
	// its own: a group in flight then holds only its document, not the
	// chunk (pinning chunks took the export's heap goal from 22 to 73 MB
	// under GOGC=400), and c.anns is reused for the next chunk.
	for i := 0; i < len(order); {
		doc := keys[order[i].i].doc
		j := i + 1
		for j < len(order) && keys[order[j].i].doc == doc {
			j++
		}
		g := make([]model.Annotation, j-i)
		for k := i; k < j; k++ {
			g[k-i] = c.anns[order[k].i]
		}
		if err := c.send(annotationGroup{doc: doc, anns: g}); err != nil {
			return err
		}
		i = j
	}
	clear(c.anns) // nothing of the chunk kept alive by the reused buffer
	return nil
}

// streamIndexed reads documents lo..hi through the index, in its order,
// and sends each document's group as soon as it is complete.
func (c *chunkReader) streamIndexed(ctx context.Context, lo, hi int64) error {
	g := annotationGroup{doc: -1}
	last := 0 // the previous document's count: the next one's likely capacity
	err := rawQuery(ctx, c.qc, c.q.indexed, c.args([]driver.Value{lo, hi}), func(v []driver.Value) error {
		a, err := c.decode(v)
		if err != nil {
			return err
		}
		if a.DocID != g.doc {
			if g.doc >= 0 {
				if err := c.send(g); err != nil {
					return err
				}
			}
			last = len(g.anns)
			g = annotationGroup{doc: a.DocID, anns: make([]model.Annotation, 0, last)}
		}
		g.anns = append(g.anns, a)
		return nil
	})
	if err != nil {
		return err
	}
	if g.doc >= 0 { // the chunk's last document, at once rather than with the next chunk's first row
		return c.send(g)
	}
	return nil
}

// newChunkReader is a chunkReader on the driver connection dc.
func newChunkReader(dc driver.QueryerContext, layer string, q chunkQueries, ids []int64,
	decode func([]driver.Value) (model.Annotation, error), send func(annotationGroup) error) (*chunkReader, error) {
	ec, ok := dc.(driver.ExecerContext)
	if !ok {
		return nil, errors.New("the SQLite driver cannot run statements directly")
	}
	return &chunkReader{qc: dc, ec: ec, layer: layer, q: q, ids: ids, decode: decode, send: send}, nil
}
