package storecore

import (
	"sync"

	"github.com/margin-app/margin/model"
)

// IndexCache keeps the text indexes of the few documents a person is
// editing, so that an edit does not read its document's text (up to a
// megabyte) and index it again each time. Put bounds it to a number of
// documents and of bytes (the texts and their offset tables), whichever
// comes first, dropping the least recently used; the one just put always
// stays. Each entry carries the document's stored SHA-256 so
// that a store can check, in the edit's own transaction, that the row is
// still the one indexed (another window or command may have replaced the
// document). Safe for concurrent use. The zero value is empty.
type IndexCache struct {
	mu    sync.Mutex
	ents  map[int64]indexEntry
	order []int64 // least recently used first
	bytes int
}

type indexEntry struct {
	ix   *model.TextIndex
	sum  string
	size int
}

// indexSize estimates the memory of ix: its text and a 4-byte offset
// per code point (the UTF-16 table, when built, is as large again).
func indexSize(ix *model.TextIndex) int {
	return len(ix.Text()) + 8*(ix.Len()+1)
}

// Get returns document id's index and the SHA-256 it was put with.
func (c *IndexCache) Get(id int64) (*model.TextIndex, string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.ents[id]
	if ok {
		c.touch(id)
	}
	return e.ix, e.sum, ok
}

// Put keeps ix as document id's index, stored with SHA-256 sum, in a
// cache of at most maxDocs documents and maxBytes.
func (c *IndexCache) Put(id int64, sum string, ix *model.TextIndex, maxDocs, maxBytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ents == nil {
		c.ents = map[int64]indexEntry{}
	}
	if old, ok := c.ents[id]; ok {
		c.bytes -= old.size
	}
	e := indexEntry{ix: ix, sum: sum, size: indexSize(ix)}
	c.ents[id] = e
	c.bytes += e.size
	c.touch(id)
	for len(c.order) > 1 && (len(c.order) > maxDocs || c.bytes > maxBytes) {
		c.bytes -= c.ents[c.order[0]].size
		delete(c.ents, c.order[0])
		c.order = c.order[1:]
	}
}

// Drop forgets document id.
func (c *IndexCache) Drop(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.ents[id]
	if !ok {
		return
	}
	c.bytes -= e.size
	delete(c.ents, id)
	for i, x := range c.order {
		if x == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
}

// Len is the number of documents held.
func (c *IndexCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ents)
}

func (c *IndexCache) touch(id int64) {
	for i, x := range c.order {
		if x == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, id)
}
