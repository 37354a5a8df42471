package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
)

// A document's text never changes once stored (nothing updates the
// documents table, and ids are never reused), so the text indexes that
// every edit validates against are kept for the few documents a person
// is working on: an edit then does not fetch its document's text (up to
// a megabyte) from the server each time, which is a round trip before
// the edit's own. The cache holds up to docIndexCacheSize documents and
// docIndexCacheBytes of their text, whichever comes first: a person
// moving between a few dozen news articles keeps them all, a few long
// books do not fill the memory.
// (Variables, so that a test can make them small.)
var (
	docIndexCacheSize  = 64
	docIndexCacheBytes = 32 << 20
)

type docIndexCache struct {
	mu    sync.Mutex
	ixs   map[int64]*model.TextIndex
	order []int64 // least recently used first
	bytes int     // of the texts held
}

func (c *docIndexCache) get(id int64) *model.TextIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	ix := c.ixs[id]
	if ix != nil {
		c.touch(id)
	}
	return ix
}

func (c *docIndexCache) put(id int64, ix *model.TextIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ixs == nil {
		c.ixs = map[int64]*model.TextIndex{}
	}
	if old, ok := c.ixs[id]; ok {
		c.bytes -= len(old.Text())
	}
	c.ixs[id] = ix
	c.bytes += len(ix.Text())
	c.touch(id)
	// The least recently used go first; the one just put stays.
	for len(c.order) > 1 && (len(c.order) > docIndexCacheSize || c.bytes > docIndexCacheBytes) {
		c.bytes -= len(c.ixs[c.order[0]].Text())
		delete(c.ixs, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *docIndexCache) touch(id int64) {
	for i, x := range c.order {
		if x == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, id)
}

// docIndex is the text index of document docID, read with q (a
// transaction, or the pool: a document's text never changes) unless
// cached.
func (s *DB) docIndex(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, docID int64) (*model.TextIndex, error) {
	if ix := s.ixCache.get(docID); ix != nil {
		return ix, nil
	}
	var text string
	if err := q.QueryRow(ctx, `SELECT text FROM documents WHERE id = $1`, docID).Scan(&text); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("document %d: %w", docID, model.ErrNotFound)
		}
		return nil, err
	}
	ix := model.NewTextIndex(text)
	s.ixCache.put(docID, ix)
	return ix, nil
}
