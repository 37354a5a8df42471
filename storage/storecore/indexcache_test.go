package storecore

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestIndexCacheBounds: the cache keeps at most maxDocs documents and
// maxBytes, dropping the least recently used (a Get counts as a use), and
// always keeps the one just put even when it alone is over the bytes.
func TestIndexCacheBounds(t *testing.T) {
	var c IndexCache
	ix := func(n int) *model.TextIndex { return model.NewTextIndex(strings.Repeat("a", n)) }
	small := indexSize(ix(10))
	for id := int64(1); id <= 3; id++ {
		c.Put(id, "s", ix(10), 3, 10*small)
	}
	if _, _, ok := c.Get(1); !ok { // 1 is now the most recent
		t.Fatal("document 1 dropped before the cache was full")
	}
	c.Put(4, "s", ix(10), 3, 10*small)
	if _, _, ok := c.Get(2); ok {
		t.Error("document 2, the least recently used, was kept beyond 3 documents")
	}
	for _, id := range []int64{1, 3, 4} {
		if _, sum, ok := c.Get(id); !ok || sum != "s" {
			t.Errorf("document %d: kept %v, sum %q", id, ok, sum)
		}
	}
	c.Put(5, "big", ix(100), 3, 10*small) // over the bytes alone
	if c.Len() != 1 {
		t.Errorf("after a document larger than the bound, %d kept, want only it", c.Len())
	}
	if _, sum, ok := c.Get(5); !ok || sum != "big" {
		t.Error("the document just put was dropped")
	}
	c.Drop(5)
	if c.Len() != 0 || c.bytes != 0 {
		t.Errorf("after Drop: %d kept, %d bytes", c.Len(), c.bytes)
	}
}
